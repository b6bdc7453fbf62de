// Python rules over the socket-flow model (model.ts). Python's own defaults make the restart
// failure easy: socket.socket() sets no option and socketserver.TCPServer binds in __init__
// with allow_reuse_address = False; HTTPServer, socket.create_server and asyncio set reuse.
import type { Tree } from 'web-tree-sitter';
import type { AnalysisResult, SourceFile } from '../types';
import { literalGated } from '../text';
import { collectHovers } from './hovers';
import { buildModel } from './model';
import { missingReuseaddr } from './rules/missing-reuseaddr';
import { reuseaddrAfterBind } from './rules/reuseaddr-after-bind';
import { sockoptMisuse } from './rules/sockopt-misuse';
import { unixSocketStale } from './rules/unix-socket-stale';
import { windowsReuseaddr } from './rules/windows-reuseaddr';

/**
 * Cheap textual test: a file that never names the socket or server modules cannot hold a
 * finding or a hover, and is not parsed.
 */
const MAY_HAVE_PYTHON_FINDINGS = literalGated(
  /\b(?:socket|_socket|socketserver|SocketServer|http\.server|BaseHTTPServer|wsgiref|xmlrpc)\b/,
  ['socket', 'SocketServer', 'http.server', 'BaseHTTPServer', 'wsgiref', 'xmlrpc'],
);

export function mayHavePythonFindings(text: string): boolean {
  return MAY_HAVE_PYTHON_FINDINGS.test(text);
}

export function analyzePython(file: SourceFile, tree: Tree, withHovers = true): AnalysisResult {
  const model = buildModel(file, tree);
  if (!model.imports.uses('socket') && !model.imports.uses('socketserver') && model.servers.length === 0)
    return { findings: [], hovers: [] };
  return {
    findings: [
      ...missingReuseaddr(model),
      ...reuseaddrAfterBind(model),
      ...sockoptMisuse(model),
      ...windowsReuseaddr(model),
      ...unixSocketStale(model),
    ],
    hovers: withHovers ? collectHovers(model) : [],
  };
}
