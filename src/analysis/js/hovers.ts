// Hovers on `createSocket(`, `bind(` and `listen(`: whether address reuse is on for this
// socket, and why, in one or two lines.
import type { Node } from 'web-tree-sitter';
import type { HoverInfo } from '../types';
import type { DatagramSocket, JsModel, ListenCall } from './model';
import { readOption } from './options';
import { listenTarget } from './socket-path';
import { calleeNameNode, methodCall, nodeRange } from './syntax';

const TCP_ON =
  'Address reuse: **on** — Node sets SO_REUSEADDR on TCP listeners on Linux and macOS (not on Windows, which does not block binds on TIME_WAIT).';
const REUSE_PORT = '`reusePort: true` also sets SO_REUSEPORT (Node 22.12 / 23.1 or later, Linux and FreeBSD only).';

export function collectHovers(model: JsModel): HoverInfo[] {
  const hovers: HoverInfo[] = [];
  for (const socket of model.datagrams) {
    const markdown = datagramText(model, socket);
    const name = calleeNameNode(socket.creation.node);
    if (name) hovers.push({ range: nodeRange(name), markdown });
    for (const bind of socket.binds) {
      const m = methodCall(bind);
      if (m) hovers.push({ range: nodeRange(m.methodNode), markdown });
    }
  }
  for (const listen of model.listens) {
    const markdown = listenText(model, listen);
    if (markdown) hovers.push({ range: nodeRange(listen.nameNode), markdown });
  }
  return hovers;
}

function datagramText(model: JsModel, socket: DatagramSocket): string {
  const call = socket.creation.node;
  if (socket.creation.kind === 'deno-datagram') {
    const r = readOption(model.facts, call, 'reuseAddress');
    return r.state === 'on'
      ? 'Address reuse: **on** — `reuseAddress: true` lets several listeners (multicast receivers) bind this port.'
      : r.state === 'off'
        ? 'Address reuse: **off** — `Deno.listenDatagram` shares a port only with `reuseAddress: true`.'
        : 'Address reuse: **as configured** — `reuseAddress` is set by an expression or options from elsewhere.';
  }
  const r = readOption(model.facts, call, 'reuseAddr');
  const lines = [
    r.state === 'on'
      ? 'Address reuse: **on** — `reuseAddr: true` sets SO_REUSEADDR, so several sockets (multicast receivers) can bind this port.'
      : r.state === 'off'
        ? 'Address reuse: **off** — dgram sockets share a port only when created with `reuseAddr: true`; a second socket binding this port fails with EADDRINUSE.'
        : r.state === 'expression'
          ? `Address reuse: **as configured** — \`reuseAddr\` is set by \`${exprText(r.property)}\`.`
          : 'Address reuse: **unknown here** — the options come from elsewhere; dgram sockets share a port only with `reuseAddr: true`.',
  ];
  if (readOption(model.facts, call, 'reusePort').state === 'on') lines.push(REUSE_PORT);
  return lines.join('\n\n');
}

function exprText(property: Node | undefined): string {
  const value = property?.childForFieldName('value') ?? property;
  const text = value?.text ?? '';
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function listenText(model: JsModel, listen: ListenCall): string | undefined {
  const origin = listen.origin;
  if (origin?.kind === 'runtime-listener') {
    const runtime = origin.module === 'Deno' ? 'Deno' : 'Bun';
    return `Address reuse: **on** — ${runtime} sets SO_REUSEADDR on TCP listeners except on Windows.`;
  }
  const target = listenTarget(model.facts, model.modules, listen.call);
  // An unknown receiver is a TCP server only when it is given a port.
  const known = origin !== undefined && origin.kind !== 'dgram-socket' && origin.kind !== 'deno-datagram';
  if (!known && !(target.kind === 'port' && target.expr)) return undefined;
  if (target.kind === 'path')
    return 'Address reuse: **does not apply** — this listens on a Unix socket file; a crashed run leaves it behind, so remove it before listening.';
  if (target.kind === 'pipe') return 'Address reuse: **does not apply** — this listens on a Windows named pipe.';
  const lines = [TCP_ON];
  if (readOption(model.facts, listen.call, 'reusePort').state === 'on') lines.push(REUSE_PORT);
  return lines.join('\n\n');
}
