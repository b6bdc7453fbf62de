// Where the file's servers and sockets listen, read from the model and its value evaluator: the
// port of each listen and datagram bind, and the Unix socket path a listen uses, abstract or a
// file. unix-socket-stale and port discovery both ask here, so what the rule sees bound is what
// the port-holders panel lists.
import type { Node } from 'web-tree-sitter';
import type { JsModel, ListenCall } from './model';
import { listenTarget } from './socket-path';
import { argumentsOf } from './syntax';
import { portOf, stringOf } from './values';

export interface ListenedPath {
  /** The path expression as written. */
  expr: Node;
  /** Its text, when the file shows it. */
  value?: string;
  /** A name starting with NUL: Linux's abstract namespace, no file. */
  abstract: boolean;
}

/** The Unix socket path `listen` listens on, or undefined when it listens on a port or a pipe. */
export function listenedPath(model: JsModel, listen: ListenCall): ListenedPath | undefined {
  const target = listenTarget(model.facts, model.modules, listen.call);
  if (target.kind !== 'path') return undefined;
  const value = stringOf(model.facts, target.expr);
  return { expr: target.expr, value, abstract: value?.startsWith('\0') ?? false };
}

export interface BoundPath {
  path: string;
  /** The listen call. */
  at: Node;
}

/** Every socket file path (not abstract) a listen of the file uses, when the file shows it; in file order. */
export function boundSocketPaths(model: JsModel): BoundPath[] {
  const found: BoundPath[] = [];
  for (const listen of model.listens) {
    const path = listenedPath(model, listen);
    if (path?.value !== undefined && !path.abstract) found.push({ path: path.value, at: listen.call });
  }
  return found.sort((a, b) => a.at.startIndex - b.at.startIndex);
}

export interface BoundPort {
  port: number;
  /** The listen, bind or listenDatagram call. */
  at: Node;
  protocol: 'tcp' | 'udp';
}

/**
 * The ports the file's servers and sockets listen on: each `listen` (and `Bun.serve`,
 * `Deno.listen`, `Deno.serve`) given a port, each dgram `bind`, each `Deno.listenDatagram`. In file order.
 */
export function boundPorts(model: JsModel): BoundPort[] {
  const found: BoundPort[] = [];
  const add = (port: number | undefined, at: Node, protocol: 'tcp' | 'udp') => {
    if (port !== undefined) found.push({ port, at, protocol });
  };
  for (const listen of model.listens) {
    const target = listenTarget(model.facts, model.modules, listen.call);
    if ((target.kind === 'port' || target.kind === 'unknown') && target.expr)
      add(portOf(model.facts, target.expr), listen.call, 'tcp');
  }
  for (const socket of model.datagrams) {
    if (socket.creation.kind === 'deno-datagram')
      add(portOf(model.facts, argumentsOf(socket.creation.node)[0]), socket.creation.node, 'udp');
    for (const bind of socket.binds) add(portOf(model.facts, argumentsOf(bind)[0]), bind, 'udp');
  }
  return found.sort((a, b) => a.at.startIndex - b.at.startIndex);
}
