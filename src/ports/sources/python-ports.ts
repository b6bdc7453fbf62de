// Ports a Python file binds, read from the analyzer's Python socket-flow model and evaluator
// (no second evaluator): socket binds, socketserver / http.server constructions,
// socket.create_server, asyncio start_server / create_server, and the frameworks' run calls:
// Flask `app.run(port=5000)`, `uvicorn.run(app, port=8000)`, aiohttp `web.run_app(app, port=8080)`.
import type { Node, Tree } from 'web-tree-sitter';
import { serverBindings } from '../../analysis/python/queries';
import { argument, callArgs, methodOf } from '../../analysis/python/syntax';
import { type Value, asInt, portOf } from '../../analysis/python/values';
import type { Protocol } from '../model';
import { pythonModelOf } from './code-model';
import { type FoundPort, SourceLocator, isValidPort } from './source';

export function mayBindPythonPort(text: string): boolean {
  return /\b(?:bind|run|run_app|create_server|start_server)\s*\(|Server\s*\(/.test(text);
}

function ports(v: Value): number[] {
  if (v.kind === 'alt') return v.items.flatMap(ports);
  const n = asInt(v);
  return n !== undefined && isValidPort(n) ? [n] : [];
}

export function pythonCodePorts(file: string, text: string, tree: Tree): FoundPort[] {
  const model = pythonModelOf(file, text, tree);
  const locate = new SourceLocator(file, text, 'code');
  const found: FoundPort[] = [];
  const add = (values: Value, node: Node, protocol?: Protocol) => {
    for (const port of ports(values)) found.push(locate.found(port, node.startIndex, protocol));
  };
  for (const socket of model.sockets) {
    const udp = socket.type.kind === 'const' && socket.type.name === 'socket.SOCK_DGRAM';
    if (socket.originKind === 'create_server') {
      add(portOf(model.evaluator.evaluate(callArgs(socket.origin).positional[0])), socket.origin, 'tcp');
      continue;
    }
    const client = socket.events.some((e) => e.kind === 'connect');
    for (const e of socket.events) if (e.kind === 'bind' && !client) add(portOf(e.values[0]), e.call, udp ? 'udp' : 'tcp');
  }
  for (const server of model.servers) {
    if (server.kind !== 'tcp' && server.kind !== 'udp') continue;
    for (const b of serverBindings(server)) add(portOf(b.address), (b.construct ?? b.at).node, server.kind);
  }
  for (const call of tree.rootNode.descendantsOfType('call')) {
    if (!call) continue;
    const m = methodOf(call);
    const q = model.imports.qualify(call.childForFieldName('function'));
    const args = callArgs(call);
    let port: Node | undefined;
    if (q === 'uvicorn.run' || q === 'aiohttp.web.run_app') port = args.keywords.get('port');
    else if (q === 'asyncio.start_server') port = argument(args, 2, 'port');
    else if (m?.name === 'create_server' && !q) port = argument(args, 2, 'port');
    else if (m?.name === 'run' && !q) port = args.keywords.get('port'); // Flask's app.run(port=5000)
    if (port) add(model.evaluator.evaluate(port), call, 'tcp');
  }
  return found;
}
