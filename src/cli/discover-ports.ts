// The folder's workspace ports for `ports` and `run` without port numbers. Port discovery runs the
// analyzer, so it is loaded only here: the bundle keeps it in a file of its own (esbuild.mjs).
import type { CliIo } from './io';
import { TOOL_NAME } from './package-info';

const loadDiscovery = () => import('../ports/discovery');

/** Each configuration file that could not be read gets one line on stderr. */
export async function discoverPorts(dir: string, io: CliIo) {
  const { discoverWorkspace } = await loadDiscovery();
  const path = await import('node:path');
  const discovery = await discoverWorkspace(dir);
  for (const n of discovery.notices) io.stderr(`${TOOL_NAME}: ${path.relative(dir, n.file)} ${n.message}\n`);
  return discovery.ports;
}
