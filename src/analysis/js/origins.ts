// Where a socket or server value was created. Rules start at a use (`sock.addMembership`,
// `server.listen`, `server.on('error')`) and walk back to the creating call: through variables,
// reassignments, class fields (`this.sock`), functions and methods that return it, chained
// EventEmitter calls (`createSocket(...).on(...)`), `this` inside `function` callbacks, and
// parameters of helpers back to the arguments of their callers (parameters.ts).
import type { Node } from 'web-tree-sitter';
import { type FileFacts, assignedValues, lookup } from './file-facts';
import { type ModuleRef, type ModuleResolver, isMember } from './modules';
import { callersOf, parameterOf, ruledOutFor } from './parameters';
import { FUNCTION_TYPES, argumentsOf, enclosingFunction, methodCall, namedChildren, unwrap } from './syntax';

export type CreationKind =
  /** `dgram.createSocket(...)` */
  | 'dgram-socket'
  /** `Deno.listenDatagram(...)` */
  | 'deno-datagram'
  /** net/http/https/http2/tls servers (`createServer`, `new Server`) */
  | 'node-server'
  /** An express or koa application: its `listen` creates an http.Server and returns it. */
  | 'app'
  /** The http.Server returned by an app's `listen`. */
  | 'app-server'
  /** fastify, hapi, socket.io and ws: their listens report errors their own way. */
  | 'framework-server'
  /** `Deno.listen`, `Deno.serve`, `Bun.listen`, `Bun.serve` */
  | 'runtime-listener';

export interface Creation {
  kind: CreationKind;
  /** The creating call or `new` expression (for `app-server`: the app's `listen` call). */
  node: Node;
  /** The module it comes from: `dgram`, `net`, `express`, `Deno`, ... */
  module: string;
}

/** EventEmitter and socket methods that return the object they are called on. */
const CHAINABLE = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'off',
  'removeListener',
  'setMaxListeners',
  'bind',
  'ref',
  'unref',
  'setTimeout',
  'listen',
]);

/** Helpers handing a socket on to helpers: followed this many parameters back. */
const MAX_PARAMETER_DEPTH = 3;

const NODE_SERVER_MODULES = ['net', 'http', 'https', 'tls', 'http2'];

/** What kind of socket or server a call or `new` expression creates, judged by the module it calls. */
export function classifyCreation(node: Node, modules: ModuleResolver): Creation | undefined {
  const callee = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function');
  if (!callee) return undefined;
  const ref = modules.resolve(callee);
  if (!ref) return undefined;
  const kind = creationKind(ref, node.type === 'new_expression');
  return kind && { kind, node, module: ref.module };
}

function creationKind(ref: ModuleRef, isNew: boolean): CreationKind | undefined {
  if (!isNew && isMember(ref, ['dgram'], 'createSocket')) return 'dgram-socket';
  if (!isNew && isMember(ref, ['Deno'], 'listenDatagram')) return 'deno-datagram';
  if (
    !isNew &&
    (isMember(ref, ['Deno'], 'listen') ||
      isMember(ref, ['Deno'], 'serve') ||
      isMember(ref, ['Bun'], 'listen') ||
      isMember(ref, ['Bun'], 'serve'))
  )
    return 'runtime-listener';
  if (!isNew && isMember(ref, NODE_SERVER_MODULES, 'createServer')) return 'node-server';
  if (!isNew && isMember(ref, ['http2'], 'createSecureServer')) return 'node-server';
  if (isNew && isMember(ref, ['net', 'http', 'https', 'tls'], 'Server')) return 'node-server';
  if (!isNew && isMember(ref, ['express'])) return 'app';
  if (isNew && isMember(ref, ['koa'])) return 'app';
  if (!isNew && (isMember(ref, ['fastify']) || isMember(ref, ['fastify'], 'fastify'))) return 'framework-server';
  if (isMember(ref, ['@hapi/hapi', 'hapi'], 'server') || isMember(ref, ['@hapi/hapi', 'hapi'], 'Server'))
    return 'framework-server';
  if (isNew && (isMember(ref, ['ws'], 'WebSocketServer') || isMember(ref, ['ws'], 'Server'))) return 'framework-server';
  if (isMember(ref, ['socket.io'], 'Server') || isMember(ref, ['socket.io'])) return 'framework-server';
  return undefined;
}

export class OriginResolver {
  private readonly cache = new Map<number, Creation | null>();
  private readonly classMembers = new Map<string, Node[]>();

  constructor(
    private readonly facts: FileFacts,
    private readonly modules: ModuleResolver,
  ) {}

  /** The creation `expr` evaluates to, when it can be seen in this file. */
  originOf(expr: Node): Creation | undefined {
    const node = unwrap(expr);
    const cached = this.cache.get(node.id);
    if (cached !== undefined) return cached ?? undefined;
    this.cache.set(node.id, null);
    const result = this.compute(node);
    this.cache.set(node.id, result ?? null);
    return result;
  }

  /**
   * The creations `expr` may be at `use`: its one origin, or, for a parameter of a function the
   * file only ever calls, the origins of what each call passes, leaving out the calls for which
   * `use` sits in a branch their literal arguments rule out. Undefined when one is not seen.
   */
  originsAt(expr: Node, use: Node, depth = 0): Creation[] | undefined {
    const origin = this.originOf(expr);
    if (origin) return [origin];
    const node = unwrap(expr);
    if (node.type !== 'identifier' || depth >= MAX_PARAMETER_DEPTH) return undefined;
    const param = parameterOf(this.facts, node);
    const callers = param && callersOf(this.facts, param.fn);
    if (!param || !callers || callers.length === 0) return undefined;
    const found = new Map<number, Creation>();
    for (const call of callers) {
      if (ruledOutFor(this.facts, param.fn, use, call)) continue;
      const arg = argumentsOf(call)[param.index];
      const origins = arg && this.originsAt(arg, call, depth + 1);
      if (!origins) return undefined;
      for (const o of origins) found.set(o.node.id, o);
    }
    return [...found.values()];
  }

  private compute(node: Node): Creation | undefined {
    switch (node.type) {
      case 'call_expression':
        return this.fromCall(node);
      case 'new_expression':
        return classifyCreation(node, this.modules);
      case 'await_expression': {
        const inner = node.namedChild(0);
        return inner ? this.originOf(inner) : undefined;
      }
      case 'identifier':
      case 'shorthand_property_identifier': // `{ server }` names the variable `server`
        return this.fromIdentifier(node);
      case 'this':
        return this.fromThis(node);
      case 'member_expression': {
        const object = node.childForFieldName('object');
        const property = node.childForFieldName('property');
        if (!object || !property) return undefined;
        const fromClass = unwrap(object).type === 'this' ? this.fromThisMember(node, property.text) : undefined;
        return fromClass ?? this.fromPropertyName(node, property.text);
      }
      default:
        return undefined;
    }
  }

  private fromCall(call: Node): Creation | undefined {
    const created = classifyCreation(call, this.modules);
    if (created) return created;
    const m = methodCall(call);
    if (m) {
      if (m.method === 'listen') {
        const target = this.originOf(m.receiver);
        // An app's listen creates the server; a server's listen returns the server itself.
        if (target?.kind === 'app') return { kind: 'app-server', node: call, module: target.module };
        return target;
      }
      if (CHAINABLE.has(m.method)) return this.originOf(m.receiver);
      if (unwrap(m.receiver).type === 'this') return this.returnedBy(this.methodNamed(call, m.method));
      return undefined;
    }
    const fn = call.childForFieldName('function');
    const callee = fn ? unwrap(fn) : undefined;
    if (callee?.type === 'identifier') {
      const decl = lookup(this.facts, callee);
      if (decl?.kind === 'function') return this.returnedBy(decl.node);
      if (decl?.kind === 'variable' && decl.value && !decl.path && FUNCTION_TYPES.has(unwrap(decl.value).type))
        return this.returnedBy(unwrap(decl.value));
    }
    return undefined;
  }

  private fromIdentifier(id: Node): Creation | undefined {
    const decl = lookup(this.facts, id);
    if (!decl || decl.kind !== 'variable' || decl.path) return undefined;
    if (decl.value) {
      const fromInit = this.originOf(decl.value);
      if (fromInit || decl.constant) return fromInit;
    }
    for (const value of assignedValues(this.facts, decl)) {
      const origin = this.originOf(value);
      if (origin) return origin;
    }
    return undefined;
  }

  /** `this` in `sock.on('listening', function () { this.addMembership(...) })` is `sock`. */
  private fromThis(node: Node): Creation | undefined {
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'arrow_function') continue;
      if (!FUNCTION_TYPES.has(p.type)) continue;
      if (p.type !== 'function_expression' && p.type !== 'function') return undefined;
      const args = p.parent;
      const call = args?.type === 'arguments' ? args.parent : null;
      const m = call ? methodCall(call) : undefined;
      return m && CHAINABLE.has(m.method) ? this.originOf(m.receiver) : undefined;
    }
    return undefined;
  }

  private readonly byProperty = new Map<string, { creation: Creation; at: Node }[]>();

  /**
   * `that.socket`, `_this._socket`, `self.sock`, `this.socket` outside a class (a constructor
   * function, a prototype method, a helper given the object): the creations stored anywhere in
   * the file as `<object>.socket = ...`. One such creation is the answer; among several, the one
   * stored in the same top-level statement (one constructor and its methods) as the use.
   */
  private fromPropertyName(node: Node, name: string): Creation | undefined {
    let stored = this.byProperty.get(name);
    if (!stored) {
      stored = [];
      for (const { target, value } of this.facts.assignments.map((a) => ({
        target: a.childForFieldName('left'),
        value: a.childForFieldName('right'),
      }))) {
        if (!target || !value) continue;
        const left = unwrap(target);
        if (left.type !== 'member_expression' || left.childForFieldName('property')?.text !== name) continue;
        if (left.id === node.id) continue;
        const creation = this.originOf(value);
        if (creation) stored.push({ creation, at: left });
      }
      this.byProperty.set(name, stored);
    }
    const distinct = [...new Map(stored.map((s) => [s.creation.node.id, s])).values()];
    if (distinct.length === 1) return distinct[0].creation;
    const top = topLevelOf(node);
    const near = distinct.filter((s) => topLevelOf(s.at)?.id === top?.id);
    return near.length === 1 ? near[0].creation : undefined;
  }

  /** `this.sock`: a field initializer or a `this.sock = ...` anywhere in the same class. */
  private fromThisMember(node: Node, name: string): Creation | undefined {
    const body = classBodyOf(node);
    if (!body) return undefined;
    for (const value of this.memberValues(body, name)) {
      const origin = this.originOf(value);
      if (origin) return origin;
    }
    return undefined;
  }

  private memberValues(body: Node, name: string): Node[] {
    const key = `${body.id}:${name}`;
    let values = this.classMembers.get(key);
    if (values) return values;
    values = [];
    for (const field of this.facts.fields) {
      const fieldName = field.childForFieldName('property') ?? field.childForFieldName('name');
      const value = field.childForFieldName('value');
      if (fieldName?.text === name && value && field.parent?.id === body.id) values.push(value);
    }
    for (const assignment of this.facts.assignments) {
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (!left || !right || assignment.startIndex < body.startIndex || assignment.endIndex > body.endIndex) continue;
      const target = unwrap(left);
      if (target.type !== 'member_expression') continue;
      const object = target.childForFieldName('object');
      if (
        object &&
        unwrap(object).type === 'this' &&
        target.childForFieldName('property')?.text === name &&
        classBodyOf(target)?.id === body.id
      ) {
        values.push(right);
      }
    }
    this.classMembers.set(key, values);
    return values;
  }

  /** The method `name` of the class `node` sits in. */
  private methodNamed(node: Node, name: string): Node | undefined {
    const body = classBodyOf(node);
    if (!body) return undefined;
    return namedChildren(body).find((m) => m.type === 'method_definition' && m.childForFieldName('name')?.text === name);
  }

  /** What a function returns: its expression body, or the first return whose value is a creation. */
  private returnedBy(fn: Node | undefined): Creation | undefined {
    if (!fn) return undefined;
    const body = fn.childForFieldName('body');
    if (!body) return undefined;
    if (body.type !== 'statement_block') return this.originOf(body);
    for (const ret of body.descendantsOfType('return_statement')) {
      if (!ret || enclosingFunction(ret)?.id !== fn.id) continue;
      const value = ret.namedChild(0);
      const origin = value ? this.originOf(value) : undefined;
      if (origin) return origin;
    }
    return undefined;
  }
}

/** The statement of the program that holds `node`. */
function topLevelOf(node: Node): Node | undefined {
  let current: Node | null = node;
  while (current?.parent && current.parent.type !== 'program') current = current.parent;
  return current ?? undefined;
}

/** The class body whose `this` a node sees: arrows pass `this` through, other functions (but methods) do not. */
function classBodyOf(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'class_body') return p;
    if (p.type === 'arrow_function' || p.type === 'method_definition') continue;
    if (FUNCTION_TYPES.has(p.type)) return undefined;
  }
  return undefined;
}
