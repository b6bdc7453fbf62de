// package.json `scripts`: `vite --port 5173`, `next dev -p 3001`, `PORT=4000 node server.js`,
// `cross-env PORT=4000 ...`, `docker run -p 8080:80 ...`. Positions come from jsonc-parser's
// tree, so the line is the script's own line even when several scripts share a port.
import { type Node, findNodeAtLocation } from 'jsonc-parser';
import { commandLinePorts } from './command-line-ports';
import { isPortKey } from './env-ports';
import { type FoundPort, SourceLocator, parseJsonc, isValidPort } from './source';

export function packageJsonPorts(file: string, text: string): FoundPort[] {
  const root = parseJsonc(text);
  const scripts = root && findNodeAtLocation(root, ['scripts']);
  if (!scripts || scripts.type !== 'object') return [];
  const locate = new SourceLocator(file, text, 'package-json');
  const found: FoundPort[] = [];
  for (const property of scripts.children ?? []) {
    const value: Node | undefined = property.children?.[1];
    if (value?.type !== 'string') continue;
    // Scan the raw JSON text of the value: its offsets map straight back to the file.
    const raw = text.slice(value.offset, value.offset + value.length);
    for (const { port, index } of commandLinePorts(raw, isPortKey)) {
      if (isValidPort(port)) found.push(locate.found(port, value.offset + index));
    }
  }
  return found;
}
