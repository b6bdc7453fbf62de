// Socket tracking inside and across the file's functions: what a bind's socket is (domain, type),
// whether reuse was enabled on it before the bind, and whether it is a server (listened on, or a
// multicast receiver). Sockets are identified by expression (`fd`, `srv->fd`, `fd_`) within a
// function; a new `socket()` assigned to the expression starts over.
import type { Node } from 'web-tree-sitter';
import type { CModel, CallSite, FunctionInfo } from './model';
import { BIND_TIME_OPTIONS, MULTICAST_JOINS, REUSE_OPTIONS, optionNames } from './options';
import { escapeRegExp, keyBase, keyOf, unwrap } from './syntax';
import { addressKey, declaredInFunction, declaredType, isVisiblyZero, portIsZero } from './values';

export interface ReuseEvent {
  site: CallSite;
  /** How reuse was enabled: `SO_REUSEADDR`, `SO_REUSEPORT`, `make_reusable()`, `evutil_make_listen_socket_reuseable()`. */
  how: string;
}

export interface BindFacts {
  site: CallSite;
  key: string;
  func?: FunctionInfo;
  /** The socket() call that made this socket: here, or in the factory function it came from. */
  create?: CallSite;
  /** Where the socket's life in this function starts (its socket() call or factory call); -1 when it came from outside. */
  from: number;
  domain: 'inet' | 'unix' | 'unknown';
  kind: 'stream' | 'dgram' | 'unknown';
  reuse?: ReuseEvent;
  /** A reuse option set on this socket after this bind (and no reuse before): here, or in a function it is passed to. */
  lateReuse?: CallSite;
  /** The call that hands the bound socket to the function setting `lateReuse`, when that is not this function. */
  lateVia?: CallSite;
  /** The bind sits in one arm of an `if` whose other arm enables reuse on the socket: left off on purpose (`--no-reuse`). */
  optOut?: CallSite;
  /** The socket is a parameter of the function (the caller created it). */
  fromParameter: boolean;
  /** For parameter sockets: true when every caller in the file enables reuse, false when one does not, undefined without callers. */
  callersEnable?: boolean;
  /** These three are worked out when first read, while the model's tree is alive (within analyzeC). */
  readonly portZero: boolean;
  readonly server: boolean;
  readonly connected: boolean;
  windowsOnly: boolean;
}

/**
 * Calls that `socketArg` and `reuseEvent` answer for by name before they look at the reuse
 * helpers, and that the model always scans for as socket code: a reuse helper of one of these
 * names (Asio's own `socket_ops::setsockopt` wrapper is one) changes no file's result.
 */
export const NAMES_BEFORE_HELPERS: ReadonlySet<string> = new Set([
  'setsockopt',
  'evutil_make_listen_socket_reuseable',
  'evutil_make_listen_socket_reuseable_port',
]);

/** The socket a call acts on, or undefined when the call does not take one. */
export function socketArg(model: CModel, site: CallSite): Node | undefined {
  if (site.scope || site.receiver) return undefined;
  switch (site.name) {
    case 'bind':
    case 'listen':
    case 'connect':
    case 'setsockopt':
    case 'evutil_make_listen_socket_reuseable':
    case 'evutil_make_listen_socket_reuseable_port':
      return site.args[0];
    case 'evconnlistener_new':
      return site.args[5];
  }
  const option = model.optionHelpers.get(site.name);
  if (option) return site.args[option.socket];
  const index = model.helpers.get(site.name);
  return index === undefined ? undefined : site.args[index];
}

const createdKeys = new WeakMap<CallSite, string | undefined>();

/** `fd = socket(...)` / `int fd = socket(...)`: the key assigned. */
function createdKey(model: CModel, site: CallSite): string | undefined {
  if (site.name !== 'socket' || site.scope || site.receiver) return undefined;
  if (createdKeys.has(site)) return createdKeys.get(site);
  const key = resultKey(model, site.call);
  createdKeys.set(site, key);
  return key;
}

const socketKeys = new WeakMap<CallSite, string | undefined>();

/** keyOf(socketArg(...)), memoized: rules ask it of the same calls many times. */
export function socketKey(model: CModel, site: CallSite): string | undefined {
  if (socketKeys.has(site)) return socketKeys.get(site);
  const key = keyOf(socketArg(model, site));
  socketKeys.set(site, key);
  return key;
}

/**
 * `setsockopt(s, ptr->level, ptr->name, ...)`: an option read from data (a configuration table,
 * a variable) that no code names. It may be SO_REUSEADDR, so it is no proof that reuse is
 * missing. The same holds for an option helper given such an option (socat's
 * `Setsockopt(fd, opt->desc->major, opt->desc->minor, ...)`). An option that is a parameter of the
 * function makes an option helper instead (its callers name the option), and a level named as
 * anything but SOL_SOCKET rules reuse out.
 */
function optionChosenAtRunTime(site: CallSite, optionIndex: number, levelIndex?: number): boolean {
  const option = unwrap(site.args[optionIndex]);
  const level = levelIndex === undefined ? undefined : unwrap(site.args[levelIndex]);
  if (!option || optionNames(option).length > 0 || (level && optionNames(level).some((n) => n !== 'SOL_SOCKET'))) return false;
  if (option.type === 'identifier') return !!site.func && !site.func.params.includes(option.text);
  return /^(field_expression|subscript_expression|pointer_expression|call_expression)$/.test(option.type);
}

const RUN_TIME_OPTION = 'an option chosen at run time (possibly SO_REUSEADDR)';

/** Reuse this call enables on its socket, if any (a value visibly 0 enables nothing). */
export function reuseEvent(model: CModel, site: CallSite): ReuseEvent | undefined {
  if (site.scope || site.receiver) return undefined;
  if (site.name === 'setsockopt') {
    if (isVisiblyZero(model, site.func, site.args[3], site.start)) return undefined;
    const names = model.optionNames(site.args[2]).filter((n) => REUSE_OPTIONS.has(n));
    if (names.length > 0) return { site, how: names.join(' and ') };
    return optionChosenAtRunTime(site, 2, 1) ? { site, how: RUN_TIME_OPTION } : undefined;
  }
  const option = model.optionHelpers.get(site.name);
  if (option) {
    const names = model.optionNames(site.args[option.option]).filter((n) => REUSE_OPTIONS.has(n));
    if (names.length > 0) return { site, how: `${site.name}(${names.join(' | ')})` };
    return optionChosenAtRunTime(site, option.option) ? { site, how: `${site.name}(${RUN_TIME_OPTION})` } : undefined;
  }
  if (site.name.startsWith('evutil_make_listen_socket_reuseable')) return { site, how: `${site.name}()` };
  if (model.helpers.has(site.name)) return { site, how: `${site.name}()` };
  return undefined;
}

function isLateOption(model: CModel, site: CallSite): boolean {
  return (
    site.name === 'setsockopt' &&
    !site.scope &&
    !site.receiver &&
    model.optionNames(site.args[2]).some((n) => BIND_TIME_OPTIONS.has(n))
  );
}

/** Calls on `key` in `func` within (from, to). */
function callsOn(model: CModel, func: FunctionInfo, key: string, from: number, to: number): CallSite[] {
  return func.calls.filter((c) => c.start > from && c.start < to && socketKey(model, c) === key);
}

function lastCreate(model: CModel, func: FunctionInfo, key: string, before: number): CallSite | undefined {
  let found: CallSite | undefined;
  for (const c of func.calls) {
    if (c.start >= before) break;
    if (createdKey(model, c) === key) found = c;
  }
  return found;
}

/** `return x;` and `return (x);` where `x` matches the regex source `expr`. */
function returnPattern(expr: string): RegExp {
  return new RegExp(`\\breturn\\s*\\(?\\s*${expr}\\s*\\)?\\s*;`, 'g');
}

/** What `func` returns last (`fd` for `return fd;`, `this->` dropped): the socket a factory hands out. */
function returnedKey(model: CModel, func: FunctionInfo): string | undefined {
  const text = model.file.text.slice(func.start, func.end);
  let key: string | undefined;
  for (const m of text.matchAll(returnPattern('([A-Za-z_][\\w.>-]*)'))) key = m[1].replace(/^this->/, '');
  return key;
}

/** `fd = make_listener()`: a call to a file function that returns a socket it created (and maybe made reusable). */
function factoryOrigin(
  model: CModel,
  func: FunctionInfo,
  key: string,
  before: number,
): { call: CallSite; create?: CallSite; reuse?: ReuseEvent } | undefined {
  for (let i = func.calls.length - 1; i >= 0; i--) {
    const c = func.calls[i];
    if (c.start >= before || c.scope || c.receiver) continue;
    const factory = model.functionsByName.get(c.name)?.[0];
    if (!factory || factory === func || resultKey(model, c.call) !== key) continue;
    const returned = returnedKey(model, factory);
    if (!returned) continue;
    const create = lastCreate(model, factory, returned, factory.end);
    if (!create) continue;
    return { call: c, create, reuse: reuseBetween(model, factory, returned, create.start, factory.end) };
  }
  return undefined;
}

/**
 * The stretch of code where the socket `site` acts on keeps its identity: from the last
 * `key = socket(...)` before it to the next one after it, within the same function (or, where
 * the parser could not make out the function, among calls outside any).
 */
export function socketLife(model: CModel, site: CallSite): { key: string; from: number; to: number } | undefined {
  const key = socketKey(model, site);
  if (!key) return undefined;
  let from = site.func?.start ?? 0;
  let to = site.func?.end ?? model.file.text.length;
  for (const c of model.posixCalls('socket')) {
    if (c.func !== site.func || createdKey(model, c) !== key) continue;
    if (c.start < site.start) from = Math.max(from, c.start);
    else to = Math.min(to, c.start);
  }
  return { key, from, to };
}

/**
 * `listen_on_fd(fd)` after `bind(fd, ...)`: a file function that receives the bound socket as a
 * parameter and sets a bind-time option on it (before its own bind of it, which it has none of).
 */
function lateInCallee(
  model: CModel,
  func: FunctionInfo,
  key: string,
  from: number,
  to: number,
): { lateReuse?: CallSite; lateVia?: CallSite } {
  for (const c of func.calls) {
    if (c.start <= from || c.start >= to || c.scope || c.receiver) continue;
    const index = c.args.findIndex((a) => keyOf(a) === key);
    if (index < 0) continue;
    for (const callee of model.functionsByName.get(c.name) ?? []) {
      const param = callee.params[index];
      if (callee === func || !param) continue;
      const rebound = callee.calls.some((b) => b.name === 'bind' && socketKey(model, b) === param);
      const late = callee.calls.find((o) => isLateOption(model, o) && socketKey(model, o) === param);
      if (late && !rebound && !usedBeforeABind(model, callee.name, index)) return { lateReuse: late, lateVia: c };
    }
  }
  return {};
}

/**
 * Some call of `name` is followed by a bind of the socket it was given (avahi's retry: bind,
 * EADDRINUSE, `reuseaddr(fd)`, bind again): the helper enables reuse before a bind there, so
 * its setsockopt is right, and a call after the last bind is the caller's deliberate choice.
 */
function usedBeforeABind(model: CModel, name: string, index: number): boolean {
  return (model.callsByName.get(name) ?? []).some((c) => {
    const key = keyOf(c.args[index]);
    return !!key && !!c.func && c.func.calls.some((b) => b.start > c.start && b.name === 'bind' && socketKey(model, b) === key);
  });
}

function createAnywhere(model: CModel, key: string): CallSite | undefined {
  for (const c of model.posixCalls('socket')) if (createdKey(model, c) === key) return c;
  return undefined;
}

function nextCreate(model: CModel, func: FunctionInfo, key: string, after: number): number {
  for (const c of func.calls) if (c.start > after && createdKey(model, c) === key) return c.start;
  return func.end;
}

function reuseBetween(model: CModel, func: FunctionInfo, key: string, from: number, to: number): ReuseEvent | undefined {
  for (const c of callsOn(model, func, key, from, to)) {
    const event = reuseEvent(model, c);
    if (event) return event;
  }
  return undefined;
}

/** Reuse set on `key` (a member or global) by a function of the file that `func` calls within (from, to) without passing the socket. */
function reuseInCallee(model: CModel, func: FunctionInfo, key: string, from: number, to: number): ReuseEvent | undefined {
  for (const c of func.calls) {
    if (c.start <= from || c.start >= to || c.scope || (c.receiver && c.receiver.text !== 'this')) continue;
    for (const callee of model.functionsByName.get(c.name) ?? []) {
      if (callee === func) continue;
      const event = reuseBetween(model, callee, key, -1, callee.end);
      if (event) return event;
    }
  }
  return undefined;
}

/**
 * A call of `setter` that some function of the file makes on the same object (same receiver, or
 * none) after a call of `binder`, with no call of `setter` on it before: the member `binder`
 * binds is bound before `setter` sets its options. Undefined when every sequence is right.
 */
function methodCalledAfter(model: CModel, binder: FunctionInfo, setter: FunctionInfo | undefined): CallSite | undefined {
  if (!setter || setter === binder || !binder.name || !setter.name) return undefined;
  const object = (c: CallSite) => (c.receiver && c.receiver.text !== 'this' ? c.receiver.text : '');
  for (const bindCall of model.callsByName.get(binder.name) ?? []) {
    const caller = bindCall.func;
    if (!caller || caller === binder || caller === setter || bindCall.scope) continue;
    const setterCalls = (model.callsByName.get(setter.name) ?? []).filter(
      (c) => c.func === caller && !c.scope && object(c) === object(bindCall),
    );
    if (setterCalls.some((c) => c.start < bindCall.start)) continue;
    const late = setterCalls.find((c) => c.start > bindCall.start);
    if (late) return late;
  }
  return undefined;
}

/** Anywhere in the file (members, fields and globals are set up in one method and bound in another). */
function reuseAnywhere(model: CModel, key: string, except: FunctionInfo | undefined): ReuseEvent | undefined {
  const plain = keyBase(key) === key;
  for (const func of model.functions) {
    if (func === except) continue;
    const event = reuseBetween(model, func, key, -1, func.end);
    // A function's own `fd` (a parameter or a local) is another socket than the one named here.
    if (event && !(plain && declaredInFunction(model, func, key))) return event;
  }
  return undefined;
}

/**
 * `if (no_reuse) bind(fd, ...); else bind_with_reuse(fd, ...);`: the reuse call of the other arm
 * of the innermost `if` around the bind, on the same socket. The author chose between the two.
 */
function reuseInOtherArm(model: CModel, site: CallSite, key: string): CallSite | undefined {
  const func = site.func;
  if (!func) return undefined;
  let child = site.call;
  for (let p = model.parentOf(child, func); p && p.id !== func.node.id; child = p, p = model.parentOf(p, func)) {
    if (p.type !== 'if_statement') continue;
    const consequence = p.childForFieldName('consequence');
    const alternative = p.childForFieldName('alternative');
    const other = consequence?.id === child.id ? alternative : alternative?.id === child.id ? consequence : undefined;
    // `if (bind(...) < 0)`: the bind is the condition; the arm it runs in is further out.
    if (!other) continue;
    return func.calls.find(
      (c) => c.start >= other.startIndex && c.start < other.endIndex && socketKey(model, c) === key && !!reuseEvent(model, c),
    );
  }
  return undefined;
}

const DOMAIN_UNIX = /^(AF|PF)_(UNIX|LOCAL)$/;

function domainOf(model: CModel, create: CallSite | undefined, bind: CallSite): BindFacts['domain'] {
  const domain = create?.args[0]?.text.trim() ?? '';
  if (DOMAIN_UNIX.test(domain)) return 'unix';
  if (/^(AF|PF)_INET6?$/.test(domain)) return 'inet';
  // `socket(p->ai_family, ...)` or a socket made elsewhere: the address type tells.
  // A union that also holds an IP sockaddr (`unix:` or `tcp:` from a URL) may be either.
  const addr = addressKey(bind.args[1]);
  const type = addr ? (declaredType(model, bind.func, keyBase(addr))?.type ?? '') : '';
  if (/sockaddr_un\b/.test(type) && !/sockaddr_(in6?|storage)\b/.test(type)) return 'unix';
  return 'unknown';
}

function kindOf(create: CallSite | undefined): BindFacts['kind'] {
  const type = create?.args[1]?.text ?? '';
  return /\bSOCK_STREAM\b/.test(type) ? 'stream' : /\bSOCK_DGRAM\b/.test(type) ? 'dgram' : 'unknown';
}

/** Does function `func` listen on its parameter `index` (directly or one call further)? */
function listensOnParameter(model: CModel, func: FunctionInfo, index: number, depth: number): boolean {
  const param = func.params[index];
  if (!param) return false;
  return listensIn(model, func, param, -1, depth);
}

function listensIn(model: CModel, func: FunctionInfo, key: string, from: number, depth: number): boolean {
  for (const c of func.calls) {
    if (c.start <= from) continue;
    if ((c.name === 'listen' || c.name === 'evconnlistener_new') && socketKey(model, c) === key) return true;
    if (depth > 0 && !c.scope && !c.receiver) {
      const callees = model.functionsByName.get(c.name);
      if (!callees) continue;
      const i = c.args.findIndex((a) => keyOf(a) === key);
      if (i >= 0 && callees.some((g) => g !== func && listensOnParameter(model, g, i, depth - 1))) return true;
    }
  }
  return false;
}

/**
 * The parameter-held socket `key` stands for, when this function never creates it: `key` itself when
 * it is a field of a parameter (`srv->fd`), or the field a local was last copied from (`fd = ciptr->fd`).
 */
function parameterSource(model: CModel, func: FunctionInfo, key: string, before: number): string | undefined {
  const isParameterField = (k: string) => k !== keyBase(k) && func.params.includes(keyBase(k));
  if (isParameterField(key)) return key;
  if (key !== keyBase(key)) return undefined;
  const text = model.file.text.slice(func.start, before);
  let source: string | undefined;
  for (const m of text.matchAll(new RegExp(`(?<![\\w.>])${key}\\s*=\\s*([A-Za-z_][\\w.>-]*)\\s*[;,]`, 'g'))) source = m[1];
  return source && isParameterField(source) ? source : undefined;
}

/** The variable a call's result lands in: `s = make_socket()`, `int s = make_socket()`, `(fd = socket(...)) < 0`. */
function resultKey(model: CModel, call: Node): string | undefined {
  let p = model.parentOf(call);
  while (p?.type === 'parenthesized_expression' || p?.type === 'cast_expression') p = model.parentOf(p);
  if (p?.type === 'assignment_expression') return keyOf(p.childForFieldName('left'));
  if (p?.type === 'init_declarator') return keyOf(p.childForFieldName('declarator'));
  return undefined;
}

function returnsKey(model: CModel, func: FunctionInfo, key: string): boolean {
  return returnPattern(escapeRegExp(key)).test(model.file.text.slice(func.start, func.end));
}

function isServerStream(model: CModel, facts: { func?: FunctionInfo; key: string; from: number }, local: boolean): boolean {
  const { func, key, from } = facts;
  if (!func) return false;
  if (listensIn(model, func, key, from, 2)) return true;
  if (!local && model.functions.some((f) => f !== func && listensIn(model, f, key, -1, 1))) return true;
  if (returnsKey(model, func, key)) {
    for (const caller of model.callsByName.get(func.name) ?? []) {
      if (!caller.func || caller.scope || caller.receiver) continue;
      const list = model.parentOf(caller.call);
      const outer = list ? model.parentOf(list) : null;
      if (outer?.type === 'call_expression' && /listen$/.test(outer.childForFieldName('function')?.text ?? '')) return true;
      const result = resultKey(model, caller.call);
      if (result && listensIn(model, caller.func, result, caller.start, 1)) return true;
    }
  }
  return false;
}

const multicastCache = new WeakMap<CModel, CallSite[]>();

function multicastJoins(model: CModel): CallSite[] {
  let joins = multicastCache.get(model);
  if (!joins) {
    joins = model.posixCalls('setsockopt').filter((c) => model.optionNames(c.args[2]).some((n) => MULTICAST_JOINS.has(n)));
    multicastCache.set(model, joins);
  }
  return joins;
}

/**
 * Whether the UDP socket bound as `key` in `func` joins a multicast group. A join on that socket in
 * that function says yes; when every join of the file is on another socket bound in its own
 * function (a daemon's unicast query socket beside its multicast one), no; a join the file does
 * not tie to a bind (made by a caller on the returned socket) might be this socket's: yes.
 */
function joinsMulticast(model: CModel, func: FunctionInfo | undefined, key: string): boolean {
  const joins = multicastJoins(model);
  if (joins.length === 0) return false;
  const boundHere = (join: CallSite) =>
    model.posixCalls('bind').some((b) => b.func === join.func && socketKey(model, b) === socketKey(model, join));
  for (const join of joins) {
    if (join.func === func && socketKey(model, join) === key) return true;
    if (!boundHere(join)) return true;
  }
  return false;
}

/** The file's calls of `func` inside a function, with as many arguments as it has parameters. */
export function fileCallers(model: CModel, func: FunctionInfo): CallSite[] {
  return (model.callsByName.get(func.name) ?? []).filter(
    (c) => c.func && !c.scope && !c.receiver && c.args.length === func.params.length,
  );
}

/**
 * The sockets the file's callers pass as parameter `index` of `func`: the socket() call that made
 * each (in the caller, before the call) and whether the caller listens on it after the call.
 */
function callerSockets(model: CModel, func: FunctionInfo, index: number): { create?: CallSite; listens: boolean }[] {
  return fileCallers(model, func).flatMap((c) => {
    const key = keyOf(c.args[index]);
    if (!key || !c.func || c.func === func) return [];
    return [{ create: lastCreate(model, c.func, key, c.start), listens: listensIn(model, c.func, key, c.start, 1) }];
  });
}

/** For a socket received as parameter `index` of `func`: do the file's callers enable reuse before the call? */
function callersEnableReuse(model: CModel, func: FunctionInfo, index: number): boolean | undefined {
  const callers = fileCallers(model, func);
  if (callers.length === 0) return undefined;
  return callers.every((c) => {
    const key = keyOf(c.args[index]);
    if (!key || !c.func) return false;
    const create = lastCreate(model, c.func, key, c.start);
    return !!reuseBetween(model, c.func, key, create?.start ?? -1, c.start);
  });
}

/** Where the socket `key` a call at `site` acts on was made in its function: a socket() call, or a factory function of the file. */
function originIn(model: CModel, site: CallSite, key: string) {
  const func = site.func;
  const direct = func ? lastCreate(model, func, key, site.start) : undefined;
  const factory = func ? factoryOrigin(model, func, key, site.start) : undefined;
  const fromFactory = !!factory && (!direct || factory.call.start > direct.start);
  return {
    factory: fromFactory ? factory : undefined,
    create: fromFactory ? factory.create : direct,
    from: fromFactory ? factory.call.start : (direct?.start ?? -1),
  };
}

/** The type of the socket a bind binds, as its function's socket() (or factory) call says; cheaper than allBinds. */
export function boundSocketKind(model: CModel, site: CallSite): BindFacts['kind'] {
  const key = keyOf(site.args[0]);
  return key ? kindOf(originIn(model, site, key).create) : 'unknown';
}

function bindFacts(model: CModel, site: CallSite): BindFacts | undefined {
  const key = keyOf(site.args[0]);
  if (!key || site.args.length !== 3) return undefined;
  const func = site.func;
  const { factory, create, from } = originIn(model, site, key);
  const base = keyBase(key);
  // A socket created here is local; otherwise ask the declarations (a parameter, a local, or a member/global).
  const local = from >= 0 || (!!func && declaredInFunction(model, func, base));
  const paramIndex = func && from < 0 && key === base ? func.params.indexOf(key) : -1;
  // `bind(srv->fd, ...)` or `int fd = ciptr->fd; bind(fd, ...)` with no socket() here: the caller's socket.
  const handedIn = func && from < 0 && paramIndex < 0 ? parameterSource(model, func, key, site.start) : undefined;
  let reuse = factory?.reuse ?? (func ? reuseBetween(model, func, key, from, site.start) : undefined);
  let lateReuse: CallSite | undefined;
  let lateVia: CallSite | undefined;
  if (!reuse && !create && !local) {
    reuse = reuseAnywhere(model, key, func);
    // `s.start(); s.configure();`: the member is bound before the method setting reuse on it runs.
    const after = reuse && func && isLateOption(model, reuse.site) ? methodCalledAfter(model, func, reuse.site.func) : undefined;
    if (reuse && after) [lateReuse, lateVia, reuse] = [reuse.site, after, undefined];
  }
  // Such a socket is usually opened (and made reusable) by another function of the file under the same name.
  if (!reuse && handedIn) reuse = reuseAnywhere(model, handedIn, func);
  // A member or global made reusable by a method called before the bind (`enableReuse();`).
  if (!reuse && func && !declaredInFunction(model, func, base)) reuse = reuseInCallee(model, func, key, from, site.start);
  const handedInCreate = handedIn && !reuse ? createAnywhere(model, handedIn) : undefined;
  // Made outside this file: like a parameter socket without callers, the maker's business.
  const fromParameter = paramIndex >= 0 || (!!handedIn && !handedInCreate);
  // A reuse call in the other arm is an alternative to this bind, not a late call after it.
  const optOut = !reuse && !lateReuse ? reuseInOtherArm(model, site, key) : undefined;
  if (!reuse && !lateReuse && !optOut && func) {
    const end = nextCreate(model, func, key, site.start);
    lateReuse = callsOn(model, func, key, site.start, end).find((c) => isLateOption(model, c));
    if (!lateReuse) ({ lateReuse, lateVia } = lateInCallee(model, func, key, site.start, end));
  }
  // A member or global may be created in another method (a constructor) than the one binding it.
  // A parameter socket that a caller listens on after the call is that caller's server socket,
  // made there. (A wrapper's call is already the bind it stands for, at the caller.)
  const listeningCallers =
    func && paramIndex >= 0 && !create && !model.wrappers.has(func.name)
      ? callerSockets(model, func, paramIndex).filter((c) => c.listens)
      : [];
  const origin =
    create ??
    handedInCreate ??
    (local ? undefined : createAnywhere(model, key)) ??
    listeningCallers.find((c) => c.create)?.create;
  const kind = kindOf(origin);
  let portZero: boolean | undefined;
  let connected: boolean | undefined;
  let server: boolean | undefined;
  return {
    site,
    key,
    func,
    create,
    from,
    domain: domainOf(model, origin, site),
    kind,
    reuse,
    lateReuse,
    lateVia,
    optOut,
    fromParameter,
    callersEnable: fromParameter && func && !reuse ? callersEnableReuse(model, func, paramIndex) : undefined,
    // The last three are asked only when nothing before them settles the bind (lacksReuse, the
    // hover): most binds have reuse on, and the zero-port search reads the function's text with a
    // regex per zeroing form.
    get portZero() {
      return (portZero ??= portIsZero(model, func, addressKey(site.args[1]), site.start));
    },
    get server() {
      return (server ??=
        kind === 'dgram'
          ? joinsMulticast(model, func, key)
          : isServerStream(model, { func, key, from }, local) || listeningCallers.length > 0);
    },
    get connected() {
      return (connected ??=
        !!func && func.calls.some((c) => c.name === 'connect' && c.start > site.start && socketKey(model, c) === key));
    },
    windowsOnly: model.isWindowsOnly(site.call),
  };
}

/** Every POSIX bind of the file with its facts, computed once per analysis. */
export function allBinds(model: CModel): BindFacts[] {
  const result: BindFacts[] = [];
  for (const site of model.posixCalls('bind')) {
    const facts = bindFacts(model, site);
    if (facts) result.push(facts);
  }
  return result;
}

/** Whether missing-reuseaddr applies: a server socket bound without reuse. */
export function lacksReuse(facts: BindFacts): boolean {
  if (
    facts.windowsOnly ||
    facts.domain === 'unix' ||
    facts.reuse ||
    facts.lateReuse ||
    facts.optOut ||
    facts.portZero ||
    facts.connected ||
    !facts.server
  )
    return false;
  if (facts.fromParameter) return facts.callersEnable === false;
  return true;
}
