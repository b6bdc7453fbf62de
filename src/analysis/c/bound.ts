// Where the file's binds bind, read from the model and its value evaluator: the port a bind's
// sockaddr was given (or the service getaddrinfo filled it from), and the path copied into a
// sockaddr_un, abstract or a file. unix-socket-stale and port discovery both ask here, so what
// the rule sees bound is what the port-holders panel lists.
import type { Node } from 'web-tree-sitter';
import { type CModel, type CallSite, type FunctionInfo, PATH_COPIES } from './model';
import { boundSocketKind } from './sockets';
import { escapeRegExp, keyOf, unwrap } from './syntax';
import { addressKey, cStringValue, integerValues, lastPortStore, portStores, stringConstant } from './values';
import { sameStorage } from './zeroed';

export interface PathCopy {
  copy: CallSite;
  /** The path expression copied (`"/tmp/app.sock"`, `SOCK_PATH`, `path`, a format), when visible. */
  source?: Node;
}

export interface UnixPath {
  /** `addr.sun_path` as written where the path is copied in. */
  target: string;
  /** The last copy before the bind and its source: the path the bind uses. */
  source?: Node;
  copy?: CallSite;
  /** Every copy into the address's `sun_path` before the bind (in branches, either may be the one). */
  copies: PathCopy[];
  /** The name starts with a NUL byte (`sun_path + 1`, `"\0name"`, `sun_path[0] = 0`): no file. */
  abstract: boolean;
}

/**
 * The path argument a copy writes: the 2nd, snprintf's format (3rd), sprintf's (2nd); a `"%s"`
 * format gives its argument, and a format with other conversions (`"/tmp/app-%d.sock"`) names no
 * one path (undefined: the path is what `sun_path` holds).
 */
export function copiedSource(c: CallSite): Node | undefined {
  const index = c.name === 'snprintf' ? 2 : c.name === 'sprintf' ? 1 : -1;
  if (index < 0) return c.args[1];
  const format = c.args[index];
  if (format?.text === '"%s"') return c.args[index + 1];
  return format?.type === 'string_literal' && format.text.includes('%') ? undefined : format;
}

/** The Unix path the bind `site` uses, as its function's copies into the address's `sun_path` show it. */
export function unixPathOf(model: CModel, site: CallSite): UnixPath | undefined {
  const addr = addressKey(site.args[1]);
  if (!addr) return undefined;
  // `(struct sockaddr *)&addr` names a struct; `(struct sockaddr *)addr` a pointer to one.
  const value = unwrap(site.args[1]);
  const arrow = !(value?.type === 'pointer_expression' && value.child(0)?.text === '&');
  const path: UnixPath = { target: `${addr}${arrow ? '->' : '.'}sun_path`, copies: [], abstract: false };
  for (const c of site.func?.calls ?? []) {
    if (c.start >= site.start) break;
    if (!PATH_COPIES.includes(c.name) || c.receiver) continue;
    const dst = keyOf(c.args[0]);
    // `sa.sa_un.sun_path` for a bind of `&sa.sa`: a union view of the same storage.
    const owner = dst ? /^(.*?)(?:->|\.)sun_path$/.exec(dst)?.[1] : undefined;
    if (owner === undefined || !sameStorage(owner, addr)) continue;
    const source = copiedSource(c);
    path.copies.push({ copy: c, source });
    Object.assign(path, { target: c.args[0].text, source, copy: c });
  }
  path.abstract = isAbstract(model, site, addr, path);
  return path;
}

function isAbstract(model: CModel, site: CallSite, addr: string, path: UnixPath): boolean {
  if (path.source && /^"\\0/.test(path.source.text)) return true;
  if (path.copy && /sun_path\s*\+\s*1\b|&\s*\(?[^,]*sun_path\s*\[\s*1\s*\]/.test(path.copy.args[0].text)) return true;
  const before = model.file.text.slice(site.func?.start ?? 0, site.start);
  const escaped = escapeRegExp(addr).replace(/->|\\\./g, '\\s*(?:->|\\.)\\s*');
  return (
    new RegExp(`${escaped}\\s*(?:->|\\.)\\s*sun_path\\s*\\[\\s*0\\s*\\]\\s*=`).test(before) ||
    new RegExp(`${escaped}\\s*(?:->|\\.)\\s*sun_path\\s*(?:\\+\\s*1\\b|\\[\\s*1\\s*\\])`).test(before)
  );
}

/** The text a copied path visibly is (a literal, a `#define`, a file-scope `const char[]`), or undefined. */
export function copiedPath(model: CModel, copy: PathCopy): string | undefined {
  const literal = stringConstant(model, copy.source);
  const value = literal === undefined ? undefined : cStringValue(literal);
  // A format with conversions (`"/tmp/app-%d.sock"`) names no one path.
  if (value === undefined || (copy.copy.name.endsWith('printf') && value.includes('%'))) return undefined;
  return value;
}

export interface BoundPath {
  /** The path as written (relative paths are the caller's to resolve). */
  path: string;
  /** The copy into `sun_path`. */
  at: Node;
}

/** Every file path (not abstract) a bind of the file uses, at the copy that writes it; in file order. */
export function boundSocketPaths(model: CModel): BoundPath[] {
  const found = new Map<number, BoundPath>();
  for (const site of model.posixCalls('bind')) {
    if (site.args.length !== 3) continue;
    const path = unixPathOf(model, site);
    if (!path || path.abstract) continue;
    for (const copy of path.copies) {
      const value = copiedPath(model, copy);
      if (value !== undefined && !value.startsWith('\0')) found.set(copy.copy.call.id, { path: value, at: copy.copy.call });
    }
  }
  return [...found.values()].sort((a, b) => a.at.startIndex - b.at.startIndex);
}

export type Protocol = 'tcp' | 'udp';

export interface BoundPort {
  port: number;
  /** Where the port is given: the value stored in `sin_port` (`htons(PORT)`), or the getaddrinfo call. */
  at: Node;
  /** From the socket's type; undefined when the code does not say. */
  protocol?: Protocol;
}

/** When the file makes sockets of only one type, a port whose socket the model cannot trace is of that type. */
function fileProtocol(text: string): Protocol | undefined {
  const stream = /\bSOCK_STREAM\b/.test(text);
  const dgram = /\bSOCK_DGRAM\b/.test(text);
  return stream === dgram ? undefined : stream ? 'tcp' : 'udp';
}

function lastCallBefore(func: FunctionInfo, name: string, offset: number): CallSite | undefined {
  let found: CallSite | undefined;
  for (const c of func.calls) {
    if (c.start >= offset) break;
    if (c.name === name && !c.receiver && !c.scope) found = c;
  }
  return found;
}

/**
 * The ports the file's binds use: the last value stored in the bound sockaddr's port field before
 * the bind (`addr.sin_port = htons(PORT)`, `{ .sin_port = htons(8080) }`), or the service of the
 * getaddrinfo whose result it binds (`getaddrinfo(NULL, "8080", ...)`). A port visibly 0 is none.
 * In a function that binds, an `htons(N)` stored in no sockaddr field (`uint16_t p = htons(N)`)
 * counts too: the code does not say which address it ends up in. In file order.
 */
export function boundPorts(model: CModel): BoundPort[] {
  const byFile = fileProtocol(model.file.text);
  const found = new Map<number, BoundPort>();
  const add = (values: number[], at: Node, protocol: Protocol | undefined) => {
    for (const port of values) if (port > 0 && port <= 65535) found.set(at.id * 65536 + port, { port, at, protocol });
  };
  const binding = new Set<FunctionInfo>();
  for (const site of model.posixCalls('bind')) {
    const func = site.func;
    if (!func || site.args.length < 2) continue;
    binding.add(func);
    const kind = boundSocketKind(model, site);
    const protocol = kind === 'stream' ? 'tcp' : kind === 'dgram' ? 'udp' : byFile;
    const addr = addressKey(site.args[1]);
    const store = addr ? lastPortStore(model, func, addr, site.start) : undefined;
    if (store) {
      add(integerValues(model, func, store.node, store.at), store.node, protocol);
      continue;
    }
    if (!/\bai_addr\b/.test(site.args[1].text)) continue;
    const lookup = lastCallBefore(func, 'getaddrinfo', site.start);
    if (lookup) add(integerValues(model, func, lookup.args[1], lookup.start), lookup.call, protocol);
  }
  for (const c of model.posixCalls('htons')) {
    if (!c.func || !binding.has(c.func)) continue;
    const stored = portStores(model, c.func).some((s) => s.node.startIndex <= c.start && c.call.endIndex <= s.node.endIndex);
    if (!stored) add(integerValues(model, c.func, c.call, c.start), c.call, byFile);
  }
  return [...found.values()].sort((a, b) => a.at.startIndex - b.at.startIndex);
}
