// Queries over the socket-flow model that several rules, fixes and hovers share: what happened
// to a socket before and after its bind, and where each server binds with which reuse.
import type { PyModel, PyServer, PySocket, Reuse, ServerEvent, SocketEvent } from './model';
import { type Value, asInt, isConst, portOf, isZeroPort, visiblyFalse } from './values';

export const REUSE_OPTIONS = ['socket.SO_REUSEADDR', 'socket.SO_REUSEPORT'];
const JOIN_OPTIONS = [
  'socket.IP_ADD_MEMBERSHIP',
  'socket.IPV6_JOIN_GROUP',
  'socket.IPV6_ADD_MEMBERSHIP',
  'socket.IP_ADD_SOURCE_MEMBERSHIP',
];

function hasConst(v: Value, names: string[]): boolean {
  if (v.kind === 'or') return v.items.some((i) => hasConst(i, names));
  return isConst(v, ...names);
}

/** setsockopt(..., SO_REUSEADDR or SO_REUSEPORT (or SO_EXCLUSIVEADDRUSE), v) with v not visibly 0, at any level. */
export function isReuseEvent(e: SocketEvent | ServerEvent): boolean {
  const values = 'values' in e && e.values ? e.values : [];
  return (
    hasConst(values[1] ?? { kind: 'unknown' }, [...REUSE_OPTIONS, 'socket.SO_EXCLUSIVEADDRUSE']) &&
    !visiblyFalse(values[2] ?? { kind: 'unknown' })
  );
}

export type SocketRole = 'tcp-server' | 'udp-multicast' | 'other';

export interface SocketFacts {
  socket: PySocket;
  bind?: SocketEvent;
  lastBind?: SocketEvent;
  reuseBefore?: SocketEvent;
  /** Reuse set only after the (last) bind. */
  reuseAfter?: SocketEvent;
  role: SocketRole;
  unix: boolean;
  /** The bind's address is a path (a string), not (host, port). */
  pathAddress: boolean;
  /** Port 0, a port out of range, or an address the caller passes in: no fixed port this file binds. */
  zeroPort: boolean;
}

/**
 * The bind picks no fixed port that this file decides: port 0 (the system picks one), a port
 * out of range (the bind fails anyway), or an address or port that is a parameter of a function
 * nobody in this file calls (its callers decide; they are often tests binding port 0).
 */
export function noFixedPort(address: Value): boolean {
  if (address.kind === 'param') return true;
  const port = portOf(address);
  if (port.kind === 'param' || isZeroPort(port)) return true;
  const n = asInt(port);
  return n !== undefined && (n < 0 || n > 65535);
}

export function socketFacts(socket: PySocket): SocketFacts {
  const binds = socket.events.filter((e) => e.kind === 'bind');
  const bind = binds[0];
  const lastBind = binds[binds.length - 1];
  const reuse = socket.events.filter((e) => e.kind === 'setsockopt' && isReuseEvent(e));
  const reuseBefore = bind ? reuse.find((e) => e.seq < lastBind.seq) : undefined;
  const reuseAfter = bind && !reuseBefore ? reuse.find((e) => e.seq > lastBind.seq) : undefined;
  const address = bind?.values[0] ?? { kind: 'unknown' };
  const pathAddress = address.kind === 'str';
  const unix = isConst(socket.family, 'socket.AF_UNIX');
  // AF_VSOCK, AF_BLUETOOTH, AF_CAN, AF_PACKET...: no TCP/IP TIME_WAIT to outlive the process.
  const otherFamily =
    socket.family.kind === 'const' && !isConst(socket.family, 'socket.AF_INET', 'socket.AF_INET6', 'socket.AF_UNIX');
  const listens = socket.events.some((e) => e.kind === 'listen');
  const connects = socket.events.some((e) => e.kind === 'connect');
  const joins = socket.events.some((e) => e.kind === 'setsockopt' && hasConst(e.values[1], JOIN_OPTIONS));
  const stream = hasConst(socket.type, ['socket.SOCK_STREAM']);
  const dgram = hasConst(socket.type, ['socket.SOCK_DGRAM']);
  const unknownType = !stream && !dgram;
  let role: SocketRole = 'other';
  if (!connects && listens && (stream || unknownType)) role = 'tcp-server';
  else if (!connects && joins && (dgram || unknownType)) role = 'udp-multicast';
  return {
    socket,
    bind,
    lastBind,
    reuseBefore,
    reuseAfter,
    role: otherFamily ? 'other' : role,
    unix,
    pathAddress,
    zeroPort: noFixedPort(address),
  };
}

/** A bind that lacks reuse: what missing-reuseaddr reports. */
export function lacksReuse(f: SocketFacts): boolean {
  if (!f.bind || f.bind.windowsOnly || f.unix || f.pathAddress || f.zeroPort) return false;
  if (f.socket.originKind !== 'socket' || f.role === 'other') return false;
  return !f.reuseBefore && !f.reuseAfter;
}

export interface ServerBinding {
  server: PyServer;
  /** The constructor call of this server, when the file shows it. */
  construct?: ServerEvent;
  /** Where the bind happens: the constructor, super().__init__(...), or server_bind(). */
  at: ServerEvent;
  reuse: Reuse;
  /** Reuse turned on (instance attribute or server.socket.setsockopt) only after the bind. */
  late?: ServerEvent;
  address: Value;
  windowsOnly: boolean;
}

/** Replays a server's events: each bind, the reuse in force then, and reuse set too late. */
export function serverBindings(server: PyServer): ServerBinding[] {
  const bindings: ServerBinding[] = [];
  let construct: ServerEvent | undefined;
  let instance: Reuse | undefined;
  let current: ServerBinding | undefined;
  const bind = (at: ServerEvent) => {
    const reuse: Reuse = instance ?? at.classReuse ?? construct?.classReuse ?? 'unknown';
    current = {
      server,
      construct,
      at,
      reuse,
      address: (at.address?.kind !== 'unknown' ? at.address : undefined) ?? construct?.address ?? { kind: 'unknown' },
      windowsOnly: (construct ?? at).windowsOnly,
    };
    bindings.push(current);
  };
  for (const e of server.events) {
    switch (e.kind) {
      case 'construct':
        construct = e;
        instance = undefined;
        current = undefined;
        if (!e.workspaceInit && e.bindsNow) bind(e);
        break;
      case 'base-init':
        if (e.bindsNow) bind(e);
        break;
      case 'server_bind':
        bind(e);
        break;
      case 'set-attr':
      case 'setsockopt': {
        const on = e.kind === 'set-attr' ? !visiblyFalse(e.value ?? { kind: 'unknown' }) : isReuseEvent(e);
        if (current && current.reuse === 'off' && on) current.late ??= e;
        else if (e.kind === 'set-attr') instance = on ? 'on' : instance === 'on' ? 'on' : 'off';
        else if (on) instance = 'on';
        break;
      }
    }
  }
  return bindings;
}

export function allServerBindings(model: PyModel): ServerBinding[] {
  return model.servers.flatMap(serverBindings);
}
