// The socket-flow model of a Python file (the shape C and JS can adopt):
//
//   PyModel
//     sockets: PySocket[]    one per origin, the `socket.socket(...)` / `socket.create_server(...)`
//                            call that made it: family and type evaluated (defaults AF_INET,
//                            SOCK_STREAM), then its ordered events:
//                              setsockopt(level, option, value) | bind(address) | listen |
//                              connect, each with evaluated values, a global sequence number
//                              and whether it runs only on Windows
//     servers: PyServer[]    one per socketserver-style construction (a library class) or per
//                            workspace subclass: its class (kind, reuse attributes through the
//                            bases, `Cls.allow_reuse_address = ...` seen so far), and ordered
//                            events: construct | set-attr (instance/self allow_reuse_*) |
//                            base-init (super().__init__ binding) | server_bind() |
//                            setsockopt on `server.socket`
//     unlinks: Unlink[]      os.unlink / os.remove / Path.unlink calls, with evaluated paths
//
// Events are found by walking the file in execution order from the module body: assignments
// carry sockets and servers through variables, `self.x` attributes, helper functions and
// methods (parameters and return values), which are walked inline where they are called (so
// their events land at the call); functions nobody in the file calls are walked afterwards, on
// their own. Branches are walked one after the other, so "before the bind" means "before it on
// some path". Rules are queries over this model (rules/<rule-id>.ts).
import type { Node, Tree } from 'web-tree-sitter';
import type { SourceFile } from '../types';
import { IMPORT_TYPES, Imports } from './modules';
import { windowsOnly } from './platform';
import { LIBRARY_SERVERS, NEUTRAL_BASES, REUSE_ATTRIBUTES, type ServerKind } from './servers';
import {
  type CallArgs,
  argument,
  callArgs,
  classOfMethod,
  enclosingFunction,
  methodOf,
  parameterDefault,
  parameterNames,
  statementsOf,
} from './syntax';
import { BoundParams, Evaluator, type ParamValues, UNKNOWN, type Value, isConst, visiblyFalse } from './values';

export type SocketEventKind = 'setsockopt' | 'bind' | 'listen' | 'connect';

export interface SocketEvent {
  kind: SocketEventKind;
  call: Node;
  seq: number;
  /** setsockopt: [level, option, value]; bind/connect: [address]. */
  values: Value[];
  args: CallArgs;
  windowsOnly: boolean;
}

export interface PySocket {
  origin: Node;
  originKind: 'socket' | 'create_server';
  family: Value;
  type: Value;
  events: SocketEvent[];
}

export type Reuse = 'on' | 'off' | 'unknown';

/** A class as the model knows it: a standard library server or mixin, a class of this file, or something else. */
export type ClassRef = { library: string } | { workspace: Node } | { unknown: true };

export type ServerEventKind = 'construct' | 'set-attr' | 'base-init' | 'server_bind' | 'setsockopt';

export interface ServerEvent {
  kind: ServerEventKind;
  node: Node;
  seq: number;
  windowsOnly: boolean;
  /** construct / base-init: whether this call binds (bind_and_activate not visibly false). */
  bindsNow?: boolean;
  /** construct: a workspace `__init__` runs (it binds at its base-init, if at all). */
  workspaceInit?: boolean;
  /** The class's reuse (attributes through the bases) at the time of the event. */
  classReuse?: Reuse;
  /** set-attr: which attribute and its value; setsockopt: the option's values. */
  attr?: string;
  value?: Value;
  values?: Value[];
  /** construct: the server_address argument. */
  address?: Value;
  addressNode?: Node;
}

export interface PyServer {
  cls: ClassRef;
  name: string;
  kind: ServerKind;
  events: ServerEvent[];
}

export interface Unlink {
  call: Node;
  seq: number;
  path: Value;
  argText: string;
}

export interface PyModel {
  file: SourceFile;
  text: string;
  root: Node;
  imports: Imports;
  evaluator: Evaluator;
  sockets: PySocket[];
  servers: PyServer[];
  unlinks: Unlink[];
  classes: Map<string, Node>;
  classReuse(cls: ClassRef): Reuse;
  serverKind(cls: ClassRef): ServerKind | undefined;
}

interface Obj {
  attrs: Map<string, Obj>;
  socket?: PySocket;
  /** `server.socket` of a server: its events go to the server. */
  serverSocketOf?: PyServer;
  server?: PyServer;
  cls?: Node;
}

interface Frame {
  fn?: Node;
  vars: Map<string, Obj | undefined>;
  params: ParamValues;
  self?: Obj;
  cls?: Node;
  returned?: Obj;
  parent?: Frame;
}

/** Parts of a compound statement that the walk enters as statements. */
const CLAUSES = new Set(['elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'case_clause', 'except_group_clause']);
/** Nodes with no named children: the walk has nothing to look into. */
const LEAVES = new Set([
  'integer',
  'float',
  'true',
  'false',
  'none',
  'comment',
  'string_start',
  'string_content',
  'string_end',
  'escape_sequence',
]);
const NO_FUNCTIONS: ReadonlyMap<string, Node> = new Map();
const MAX_DEPTH = 8;
const MAX_STEPS = 200_000;
/** Nesting of one expression the walk follows: deeper (a generated 50,000-deep list) is not a socket's. */
const MAX_EXPRESSION_DEPTH = 400;

export function buildModel(file: SourceFile, tree: Tree): PyModel {
  const root = tree.rootNode;
  // One scan of the tree for what the model lists (each scan walks the whole tree in wasm).
  const importStatements: Node[] = [];
  const classNodes: Node[] = [];
  const functions: Node[] = [];
  for (const node of root.descendantsOfType([...IMPORT_TYPES, 'class_definition', 'function_definition'])) {
    if (!node) continue;
    const type = node.type;
    if (type === 'class_definition') classNodes.push(node);
    else if (type === 'function_definition') functions.push(node);
    else importStatements.push(node);
  }
  const imports = new Imports(root, importStatements);
  const evaluator = new Evaluator(imports, root);
  const classes = new Map<string, Node>();
  const allClasses = new Map<string, Node[]>();
  for (const c of classNodes) {
    const name = c?.childForFieldName('name')?.text;
    if (!c || !name) continue;
    allClasses.set(name, [...(allClasses.get(name) ?? []), c]);
    if (!enclosingFunction(c)) classes.set(name, c);
  }
  const walker = new Walker(root, file.text, imports, evaluator, allClasses, functions);
  walker.run();
  return {
    file,
    text: file.text,
    root,
    imports,
    evaluator,
    sockets: [...walker.sockets.values()],
    servers: [...walker.servers.values()],
    unlinks: walker.unlinks,
    classes,
    classReuse: (cls) => walker.classReuse(cls),
    serverKind: (cls) => walker.serverKind(cls),
  };
}

class Walker {
  readonly sockets = new Map<number, PySocket>();
  readonly servers = new Map<number, PyServer>();
  readonly unlinks: Unlink[] = [];
  private readonly socketObjs = new Map<number, Obj>();
  private readonly serverObjs = new Map<number, Obj>();
  private readonly instances = new Map<number, Obj>();
  /** `Cls.allow_reuse_address = v` seen so far in execution order, by class key. */
  private readonly overrides = new Map<string, Value>();
  private readonly walked = new Set<number>();
  private readonly stack = new Set<number>();
  private readonly unlinkSeen = new Set<number>();
  private seq = 0;
  /** Statements walked so far: a budget, so no file can make the walk slow. */
  private steps = 0;
  private expressionDepth = 0;
  private readonly inlined = new Map<string, Obj | undefined>();
  private readonly objIds = new Map<Obj, number>();
  private readonly functionsByName = new Map<string, Node | undefined>();
  /** Per function id, the functions it defines (see localFunctions); listed on the first question. */
  private functionsOf: Map<number, Map<string, Node>> | undefined;
  private moduleFunctions: Map<string, Node> | undefined;
  private readonly methods = new Map<string, Node | undefined>();
  private readonly methodsOf = new Map<number, ReadonlyMap<string, Node>>();
  private readonly module: Frame = { vars: new Map(), params: new Map() };

  constructor(
    private readonly root: Node,
    private readonly text: string,
    private readonly imports: Imports,
    private readonly evaluator: Evaluator,
    private readonly classes: Map<string, Node[]>,
    /** Every function definition of the file, in document order. */
    private readonly functions: readonly Node[],
  ) {}

  run(): void {
    this.walkBlock(this.root, this.module);
    // Functions and methods nobody here calls (entry points, callbacks, methods called from elsewhere).
    for (const fn of this.functions) {
      if (this.walked.has(fn.id)) continue;
      const cls = classOfMethod(fn);
      const self = cls ? this.instanceOf(cls) : undefined;
      this.inline(fn, this.module, { positional: [], keywords: new Map(), splat: true }, [], new Map(), self, cls);
    }
  }

  // ---- classes ----

  resolveClass(node: Node | null | undefined): ClassRef | undefined {
    if (!node) return undefined;
    if (node.type === 'identifier' && !this.imports.qualify(node)) {
      const cls = this.classInScope(node.text, node);
      if (cls) return { workspace: cls };
    }
    const q = this.imports.qualify(node);
    if (q && (LIBRARY_SERVERS.has(q) || NEUTRAL_BASES.has(q))) return { library: q };
    if (node.type === 'identifier' && node.text === 'object') return { library: 'object' };
    return undefined;
  }

  /** The class a name means at `at`: the innermost enclosing function's own, else the module's. */
  private classInScope(name: string, at: Node): Node | undefined {
    const candidates = this.classes.get(name);
    if (!candidates) return undefined;
    for (let scope = enclosingFunction(at); ; scope = scope && enclosingFunction(scope)) {
      const found = candidates.filter((c) => enclosingFunction(c)?.id === scope?.id);
      if (found.length > 0) return found[found.length - 1];
      if (!scope) return undefined;
    }
  }

  private bases(cls: Node): ClassRef[] {
    const list = cls.childForFieldName('superclasses');
    const refs: ClassRef[] = [];
    for (const b of list?.namedChildren ?? []) {
      if (!b || b.type === 'keyword_argument' || b.type === 'comment') continue;
      refs.push(this.resolveClass(b) ?? { unknown: true });
    }
    return refs;
  }

  /** Depth-first, left to right: close enough to C3 for server hierarchies. */
  private mro(ref: ClassRef, seen = new Set<string>()): ClassRef[] {
    const key = classKey(ref);
    if (seen.has(key)) return [];
    seen.add(key);
    if ('workspace' in ref) return [ref, ...this.bases(ref.workspace).flatMap((b) => this.mro(b, seen))];
    return [ref];
  }

  serverKind(ref: ClassRef): ServerKind | undefined {
    for (const c of this.mro(ref))
      if ('library' in c && LIBRARY_SERVERS.has(c.library)) return LIBRARY_SERVERS.get(c.library)!.kind;
    return undefined;
  }

  private familyOverride(ref: ClassRef): ServerKind | undefined {
    for (const c of this.mro(ref)) {
      if (!('workspace' in c)) continue;
      const v = classBodyValue(this.evaluator, c.workspace, 'address_family');
      if (v && isConst(v, 'socket.AF_UNIX')) return 'unix-stream';
      if (v) return undefined;
    }
    return undefined;
  }

  private attribute(ref: ClassRef, attr: string): Value | 'unknown' | undefined {
    for (const c of this.mro(ref)) {
      const override = this.overrides.get(classKey(c) + '.' + attr);
      if (override) return override;
      if ('unknown' in c) return 'unknown';
      if ('workspace' in c) {
        const v = classBodyValue(this.evaluator, c.workspace, attr);
        if (v) return v;
      } else if (LIBRARY_SERVERS.has(c.library)) {
        return { kind: 'bool', value: attr === 'allow_reuse_address' && LIBRARY_SERVERS.get(c.library)!.reuse };
      }
    }
    return undefined;
  }

  /** Whether server_bind() will enable reuse for a server of this class, given what ran so far. */
  classReuse(ref: ClassRef): Reuse {
    for (const c of this.mro(ref)) {
      if (!('workspace' in c)) break;
      const serverBind = this.method(c.workspace, 'server_bind', false);
      if (!serverBind) continue;
      if (setsReuse(this.imports, this.evaluator, serverBind)) return 'on';
      // An override that never calls the base server_bind binds its own way.
      if (!serverBind.descendantsOfType('attribute').some((a) => a?.childForFieldName('attribute')?.text === 'server_bind'))
        return 'unknown';
    }
    let unknown = false;
    for (const attr of REUSE_ATTRIBUTES) {
      const v = this.attribute(ref, attr);
      if (v === 'unknown') unknown = true;
      else if (v && !visiblyFalse(v)) return 'on';
    }
    return unknown ? 'unknown' : 'off';
  }

  /** A method of a workspace class or its workspace bases. */
  private method(cls: Node, name: string, inherited = true): Node | undefined {
    const key = `${cls.id}:${name}:${inherited}`;
    if (this.methods.has(key)) return this.methods.get(key);
    const found = this.findMethod(cls, name, inherited);
    this.methods.set(key, found);
    return found;
  }

  private findMethod(cls: Node, name: string, inherited: boolean): Node | undefined {
    const own = this.ownMethods(cls).get(name);
    if (own || !inherited) return own;
    for (const base of this.bases(cls)) {
      if (!('workspace' in base) || base.workspace.id === cls.id) continue;
      const m = this.method(base.workspace, name);
      if (m) return m;
    }
    return undefined;
  }

  /** The methods a class body defines, by name (the first of a name): listed once per class, not once per name asked for. */
  private ownMethods(cls: Node): ReadonlyMap<string, Node> {
    const listed = this.methodsOf.get(cls.id);
    if (listed) return listed;
    const own = new Map<string, Node>();
    for (const stmt of statementsOf(cls.childForFieldName('body'))) {
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const name = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
      if (def && name !== undefined && !own.has(name)) own.set(name, def);
    }
    this.methodsOf.set(cls.id, own);
    return own;
  }

  /** A workspace `__init__` that runs before any library class's (so the library binds from there). */
  private workspaceInit(ref: ClassRef): Node | undefined {
    return 'workspace' in ref ? this.method(ref.workspace, '__init__') : undefined;
  }

  private instanceOf(cls: Node): Obj {
    let obj = this.instances.get(cls.id);
    if (!obj) {
      obj = { attrs: new Map(), cls };
      const ref: ClassRef = { workspace: cls };
      const kind = this.serverKind(ref);
      if (kind) {
        obj.server = {
          cls: ref,
          name: cls.childForFieldName('name')?.text ?? '',
          kind: this.familyOverride(ref) ?? kind,
          events: [],
        };
        this.servers.set(cls.id, obj.server);
        obj.attrs.set('socket', { attrs: new Map(), serverSocketOf: obj.server });
      }
      this.instances.set(cls.id, obj);
    }
    return obj;
  }

  // ---- walking ----

  private walkBlock(block: Node | null | undefined, frame: Frame): void {
    for (const stmt of statementsOf(block)) this.walkStatement(stmt, frame);
  }

  private walkStatement(stmt: Node, frame: Frame): void {
    this.steps++;
    switch (stmt.type) {
      case 'function_definition':
      case 'class_definition':
        return;
      case 'decorated_definition':
        for (const d of stmt.namedChildren) if (d?.type === 'decorator') this.expr(d, frame);
        return;
      case 'expression_statement':
        for (const child of stmt.namedChildren) if (child) this.expression(child, frame);
        return;
      case 'return_statement': {
        const value = stmt.namedChildren.find((c) => c?.type !== 'comment');
        const obj = value ? this.expr(value, frame) : undefined;
        frame.returned ??= obj;
        return;
      }
      case 'with_statement': {
        for (const item of stmt.descendantsOfType('with_item')) {
          const value = item?.childForFieldName('value');
          if (!value) continue;
          if (value.type === 'as_pattern') {
            const obj = this.expr(value.namedChild(0), frame);
            const target = value.childForFieldName('alias')?.namedChild(0);
            if (target) this.assign(target, obj, frame);
          } else this.expr(value, frame);
        }
        this.walkBlock(stmt.childForFieldName('body'), frame);
        return;
      }
      default:
        for (const child of stmt.namedChildren) {
          if (!child) continue;
          // Each read of `type` is a call into wasm: once per child.
          const type = child.type;
          if (type === 'block') this.walkBlock(child, frame);
          else if (CLAUSES.has(type) || type.endsWith('_statement') || type === 'decorated_definition')
            this.walkStatement(child, frame);
          else this.expr(child, frame);
        }
    }
  }

  private expression(node: Node, frame: Frame): void {
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const obj = right
        ? right.type === 'assignment'
          ? (this.expression(right, frame), this.valueOfChain(right, frame))
          : this.expr(right, frame)
        : undefined;
      if (left) this.assign(left, obj, frame, right ?? undefined);
      return;
    }
    this.expr(node, frame);
  }

  /** `a = b = x`: every target gets x's object. */
  private valueOfChain(node: Node, frame: Frame): Obj | undefined {
    let right = node;
    while (right.type === 'assignment') right = right.childForFieldName('right') ?? right;
    if (right.type === 'identifier') return this.lookup(right.text, frame);
    return undefined;
  }

  private assign(left: Node, obj: Obj | undefined, frame: Frame, right?: Node): void {
    if (left.type === 'identifier') {
      frame.vars.set(left.text, obj);
      return;
    }
    if (left.type === 'attribute') {
      const attr = left.childForFieldName('attribute')?.text ?? '';
      const objectNode = left.childForFieldName('object');
      if (REUSE_ATTRIBUTES.has(attr) && right) {
        const value = this.evaluator.evaluate(right, frame.params);
        const cls = this.resolveClass(objectNode);
        if (cls) {
          this.overrides.set(classKey(cls) + '.' + attr, value);
          return;
        }
        const target = this.expr(objectNode, frame);
        if (target?.server) this.serverEvent(target.server, { kind: 'set-attr', node: left.parent ?? left, attr, value });
        return;
      }
      const target = this.expr(objectNode, frame);
      if (target) target.attrs.set(attr, obj ?? { attrs: new Map() });
      return;
    }
    if (left.type === 'pattern_list' || left.type === 'tuple_pattern')
      for (const t of left.namedChildren) if (t) this.assign(t, undefined, frame);
  }

  private lookup(name: string, frame: Frame): Obj | undefined {
    for (let f: Frame | undefined = frame; f; f = f.parent) if (f.vars.has(name)) return f.vars.get(name);
    if (frame !== this.module && this.module.vars.has(name)) return this.module.vars.get(name);
    if (name === 'self' && frame.self) return frame.self;
    return undefined;
  }

  private expr(node: Node | null | undefined, frame: Frame): Obj | undefined {
    if (!node || this.expressionDepth >= MAX_EXPRESSION_DEPTH) return undefined;
    this.expressionDepth++;
    try {
      return this.exprAt(node, frame);
    } finally {
      this.expressionDepth--;
    }
  }

  private exprAt(node: Node, frame: Frame): Obj | undefined {
    const type = node.type;
    switch (type) {
      case 'call':
        return this.call(node, frame);
      case 'identifier':
        return this.lookup(node.text, frame);
      case 'attribute': {
        const obj = this.expr(node.childForFieldName('object'), frame);
        return obj?.attrs.get(node.childForFieldName('attribute')?.text ?? '');
      }
      case 'parenthesized_expression':
      case 'await':
        return this.expr(node.namedChild(0), frame);
      case 'lambda':
        return undefined;
      case 'named_expression': {
        const obj = this.expr(node.childForFieldName('value'), frame);
        const name = node.childForFieldName('name');
        if (name) frame.vars.set(name.text, obj);
        return obj;
      }
      default: {
        if (LEAVES.has(type)) return undefined;
        // Only an f-string (or t-string) holds expressions: the others are leaves, and a file's
        // strings (docstrings, messages) were about half of what the walk stepped through.
        if (type === 'string' && !mayInterpolate(this.text, node.startIndex)) return undefined;
        let found: Obj | undefined;
        for (const child of node.namedChildren) {
          const obj = child ? this.expr(child, frame) : undefined;
          found ??= obj;
        }
        return found;
      }
    }
  }

  private call(call: Node, frame: Frame): Obj | undefined {
    const fn = call.childForFieldName('function');
    const args = callArgs(call);
    const method = methodOf(call);
    const receiver = method ? this.expr(method.receiver, frame) : fn?.type === 'identifier' ? undefined : this.expr(fn, frame);
    const argObjs = args.positional.map((a) => this.expr(a, frame));
    const kwObjs = new Map<string, Obj | undefined>();
    for (const [k, v] of args.keywords) kwObjs.set(k, this.expr(v, frame));
    const q = this.imports.qualify(fn);

    if (q === 'socket.socket' || q === 'socket.create_server') return this.socketOrigin(call, q, args, frame);
    if (q === 'os.unlink' || q === 'os.remove') {
      this.unlink(call, args.positional[0], frame);
      return undefined;
    }

    // A constructor: a standard library server, or a class of this file.
    const cls = this.resolveClass(fn);
    if (cls) return this.construct(call, cls, args, argObjs, kwObjs, frame);

    if (method) {
      // super().__init__(...) / Base.__init__(self, ...) inside a method of a class of this file.
      const superCall = method.receiver.type === 'call' && method.receiver.childForFieldName('function')?.text === 'super';
      const baseRef = superCall ? undefined : this.resolveClass(method.receiver);
      if ((superCall || baseRef) && frame.cls && frame.self) {
        const skip = superCall ? 0 : 1;
        const shifted: CallArgs = { ...args, positional: args.positional.slice(skip) };
        return this.baseCall(call, method.name, superCall ? undefined : baseRef, shifted, argObjs.slice(skip), kwObjs, frame);
      }
      if (receiver?.socket) return this.socketEvent(receiver.socket, call, method.name, args, frame);
      if (receiver?.serverSocketOf) {
        if (method.name === 'setsockopt')
          this.serverEvent(receiver.serverSocketOf, { kind: 'setsockopt', node: call, values: this.values(args, frame, 3) });
        return undefined;
      }
      if (method.name === 'unlink' && args.positional.length === 0) {
        this.unlink(call, method.receiver, frame);
        return undefined;
      }
      if (receiver?.cls) {
        if (receiver.server && method.name === 'server_bind')
          this.serverEvent(receiver.server, { kind: 'server_bind', node: call });
        const m = this.method(receiver.cls, method.name);
        if (m) return this.inline(m, frame, args, argObjs, kwObjs, receiver, receiver.cls);
        return undefined;
      }
      if (receiver?.server && method.name === 'server_bind')
        this.serverEvent(receiver.server, { kind: 'server_bind', node: call });
      return undefined;
    }
    if (fn?.type === 'identifier') {
      const def = this.functionNamed(fn.text, call);
      if (def) return this.inline(def, frame, args, argObjs, kwObjs, undefined, undefined);
    }
    return undefined;
  }

  private values(args: CallArgs, frame: Frame, count: number): Value[] {
    return Array.from({ length: count }, (_, i) => this.evaluator.evaluate(args.positional[i], frame.params));
  }

  private socketOrigin(call: Node, q: string, args: CallArgs, frame: Frame): Obj | undefined {
    let obj = this.socketObjs.get(call.id);
    if (obj) return obj;
    if (q === 'socket.socket' && (argument(args, 3, 'fileno') || args.splat)) return undefined; // wraps an existing fd
    const family = q === 'socket.socket' ? argument(args, 0, 'family') : args.keywords.get('family');
    const type = q === 'socket.socket' ? argument(args, 1, 'type') : undefined;
    const socket: PySocket = {
      origin: call,
      originKind: q === 'socket.socket' ? 'socket' : 'create_server',
      family: family ? this.evaluator.evaluate(family, frame.params) : { kind: 'const', name: 'socket.AF_INET' },
      type: type ? this.evaluator.evaluate(type, frame.params) : { kind: 'const', name: 'socket.SOCK_STREAM' },
      events: [],
    };
    obj = { attrs: new Map(), socket };
    this.sockets.set(call.id, socket);
    this.socketObjs.set(call.id, obj);
    return obj;
  }

  private socketEvent(socket: PySocket, call: Node, name: string, args: CallArgs, frame: Frame): Obj | undefined {
    let kind: SocketEventKind | undefined;
    if (name === 'setsockopt') kind = 'setsockopt';
    else if (name === 'bind') kind = 'bind';
    else if (name === 'listen') kind = 'listen';
    else if (name === 'connect' || name === 'connect_ex') kind = 'connect';
    if (!kind) return undefined;
    if (socket.events.some((e) => e.call.id === call.id)) return undefined;
    socket.events.push({
      kind,
      call,
      seq: this.seq++,
      values: this.values(args, frame, kind === 'setsockopt' ? 3 : 1),
      args,
      windowsOnly: windowsOnly(this.evaluator, call),
    });
    return undefined;
  }

  private serverEvent(server: PyServer, event: Omit<ServerEvent, 'seq' | 'windowsOnly'>): void {
    if (server.events.some((e) => e.node.id === event.node.id && e.kind === event.kind)) return;
    server.events.push({ ...event, seq: this.seq++, windowsOnly: windowsOnly(this.evaluator, event.node) });
  }

  private unlink(call: Node, arg: Node | undefined, frame: Frame): void {
    if (!arg || this.unlinkSeen.has(call.id)) return;
    this.unlinkSeen.add(call.id);
    this.unlinks.push({ call, seq: this.seq++, path: this.evaluator.evaluate(arg, frame.params), argText: arg.text });
  }

  private construct(
    call: Node,
    cls: ClassRef,
    args: CallArgs,
    argObjs: (Obj | undefined)[],
    kwObjs: Map<string, Obj | undefined>,
    frame: Frame,
  ): Obj | undefined {
    const kind = this.serverKind(cls);
    const init = this.workspaceInit(cls);
    let obj: Obj | undefined;
    if ('workspace' in cls) obj = this.instanceOf(cls.workspace);
    else if (kind) {
      obj = this.serverObjs.get(call.id);
      if (!obj) {
        const name = 'library' in cls ? cls.library.split('.').pop()! : '';
        const server: PyServer = { cls, name, kind, events: [] };
        obj = { attrs: new Map(), server };
        obj.attrs.set('socket', { attrs: new Map(), serverSocketOf: server });
        this.servers.set(call.id, server);
        this.serverObjs.set(call.id, obj);
      }
    }
    if (!obj) return undefined;
    if (obj.server) {
      const flag = init ? args.keywords.get('bind_and_activate') : argument(args, 2, 'bind_and_activate');
      const addressNode = argument(args, 0, 'server_address');
      this.serverEvent(obj.server, {
        kind: 'construct',
        node: call,
        bindsNow: !flag || !visiblyFalse(this.evaluator.evaluate(flag, frame.params)),
        workspaceInit: !!init,
        classReuse: this.classReuse(cls),
        address: this.evaluator.evaluate(addressNode, frame.params),
        addressNode,
      });
    }
    if (init && 'workspace' in cls) this.inline(init, frame, args, argObjs, kwObjs, obj, cls.workspace);
    return obj;
  }

  /** `super().name(...)` or `Base.name(self, ...)` in a method of `frame.cls`. */
  private baseCall(
    call: Node,
    name: string,
    base: ClassRef | undefined,
    args: CallArgs,
    argObjs: (Obj | undefined)[],
    kwObjs: Map<string, Obj | undefined>,
    frame: Frame,
  ): Obj | undefined {
    const self = frame.self!;
    const candidates = base ? [base] : this.bases(frame.cls!);
    for (const b of candidates) {
      if ('workspace' in b) {
        const m = this.method(b.workspace, name);
        if (m) return this.inline(m, frame, args, argObjs, kwObjs, self, b.workspace);
        if (this.serverKind(b) === undefined) continue;
      }
      if (this.serverKind(b) !== undefined || ('workspace' in b && this.serverKind(b))) {
        if (name === '__init__' && self.server) {
          const flag = argument(args, 2, 'bind_and_activate');
          this.serverEvent(self.server, {
            kind: 'base-init',
            node: call,
            bindsNow: !flag || !visiblyFalse(this.evaluator.evaluate(flag, frame.params)),
            classReuse: this.classReuse(self.server.cls),
            address: this.evaluator.evaluate(argument(args, 0, 'server_address'), frame.params),
            addressNode: argument(args, 0, 'server_address'),
          });
        }
        return undefined;
      }
    }
    return undefined;
  }

  /** A function defined in an enclosing function or at module level. */
  private functionNamed(name: string, at: Node): Node | undefined {
    const key = `${enclosingFunction(at)?.id ?? 0}:${name}`;
    if (this.functionsByName.has(key)) return this.functionsByName.get(key);
    const found = this.findFunction(name, at);
    this.functionsByName.set(key, found);
    return found;
  }

  private findFunction(name: string, at: Node): Node | undefined {
    for (let scope = enclosingFunction(at); scope; scope = enclosingFunction(scope)) {
      const def = this.localFunctions(scope).get(name);
      if (def) return def;
    }
    return this.localFunctions(this.root).get(name);
  }

  /**
   * The functions a scope defines, by name (the first of a name wins): for a function, those
   * anywhere in its body whose nearest enclosing function it is; for the module, its top-level
   * statements. Listed once per scope, not once per called name.
   */
  private localFunctions(scope: Node): ReadonlyMap<string, Node> {
    if (scope.id === this.root.id) {
      if (!this.moduleFunctions) {
        this.moduleFunctions = new Map();
        for (const stmt of statementsOf(this.root)) {
          const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
          const name = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
          if (def && name !== undefined && !this.moduleFunctions.has(name)) this.moduleFunctions.set(name, def);
        }
      }
      return this.moduleFunctions;
    }
    if (!this.functionsOf) {
      // Every function's own definitions at once: those whose nearest enclosing function it is.
      this.functionsOf = new Map();
      for (const def of this.functions) {
        const owner = enclosingFunction(def);
        const name = owner && def.childForFieldName('name')?.text;
        if (!owner || name === undefined) continue;
        let own = this.functionsOf.get(owner.id);
        if (!own) this.functionsOf.set(owner.id, (own = new Map<string, Node>()));
        if (!own.has(name)) own.set(name, def);
      }
    }
    return this.functionsOf.get(scope.id) ?? NO_FUNCTIONS;
  }

  private inline(
    fn: Node,
    caller: Frame,
    args: CallArgs,
    argObjs: (Obj | undefined)[],
    kwObjs: Map<string, Obj | undefined>,
    self: Obj | undefined,
    cls: Node | undefined,
  ): Obj | undefined {
    if (this.stack.has(fn.id) || this.stack.size >= MAX_DEPTH || this.steps > MAX_STEPS) return undefined;
    // Events are kept once per call site, so walking a function again matters only for objects
    // it has not seen: the same objects give the same events (and a file with many calls of its
    // helpers stays linear).
    const key = [
      fn.id,
      self ? this.idOf(self) : '',
      ...argObjs.map((o) => (o ? this.idOf(o) : '')),
      ...[...kwObjs.values()].map((o) => (o ? this.idOf(o) : '')),
    ].join('|');
    if (this.inlined.has(key)) return this.inlined.get(key);
    this.inlined.set(key, undefined);
    this.walked.add(fn.id);
    const params = new BoundParams();
    const frame: Frame = {
      fn,
      vars: new Map(),
      params,
      self,
      cls,
      parent: enclosingFunction(fn) ? caller : undefined,
    };
    const names = parameterNames(fn);
    const isMethod = !!classOfMethod(fn) && !isStatic(fn);
    let index = 0;
    names.forEach((name, i) => {
      if (i === 0 && isMethod) {
        if (self) frame.vars.set(name, self);
        return;
      }
      if (name.startsWith('*')) return;
      const positional = args.positional[index];
      const keyword = args.keywords.get(name);
      const node = keyword ?? positional;
      const obj = keyword ? kwObjs.get(name) : argObjs[index];
      if (positional && !keyword) index++;
      if (obj) frame.vars.set(name, obj);
      if (node) params.bind(name, () => this.evaluator.evaluateApart(node, caller.params));
      else if (!args.splat) {
        // Not passed: the default applies.
        params.bind(name, () => {
          const def = parameterDefault(fn, name);
          return def ? this.evaluator.evaluateApart(def) : undefined;
        });
      }
    });
    this.stack.add(fn.id);
    try {
      this.walkBlock(fn.childForFieldName('body'), frame);
    } finally {
      this.stack.delete(fn.id);
    }
    this.inlined.set(key, frame.returned);
    return frame.returned;
  }

  private idOf(obj: Obj): number {
    let id = this.objIds.get(obj);
    if (id === undefined) this.objIds.set(obj, (id = this.objIds.size + 1));
    return id;
  }
}

/** The string literal at `start` has an `f` or `t` among its prefix letters (`f"..."`, `rf'...'`). */
function mayInterpolate(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower case for letters
    if (c === 0x66 /* f */ || c === 0x74 /* t */) return true;
    if (c < 0x61 || c > 0x7a) return false; // a quote: the prefix is over
  }
  return false;
}

function isStatic(fn: Node): boolean {
  return (
    fn.parent?.type === 'decorated_definition' &&
    /@staticmethod\b/.test(fn.parent.text.slice(0, fn.startIndex - fn.parent.startIndex))
  );
}

export function classKey(ref: ClassRef): string {
  if ('workspace' in ref) return `ws:${ref.workspace.id}`;
  if ('library' in ref) return ref.library;
  return 'unknown';
}

/** The value a class body assigns to `attr` (`allow_reuse_address = True`), if it does. */
export function classBodyValue(evaluator: Evaluator, cls: Node, attr: string): Value | undefined {
  const node = classBodyAssignment(cls, attr);
  return node ? evaluator.evaluate(node.childForFieldName('right')) : undefined;
}

export function classBodyAssignment(cls: Node, attr: string): Node | undefined {
  let found: Node | undefined;
  const visit = (block: Node | null | undefined) => {
    for (const stmt of statementsOf(block)) {
      if (stmt.type === 'expression_statement') {
        const a = stmt.namedChild(0);
        if (a?.type === 'assignment' && a.childForFieldName('left')?.text === attr) found = a;
      } else if (stmt.type === 'if_statement') {
        // `if os.name != 'nt': allow_reuse_address = True`
        for (const b of stmt.descendantsOfType('block'))
          if (b?.parent?.parent?.id === stmt.id || b?.parent?.id === stmt.id) visit(b);
      }
    }
  };
  visit(cls.childForFieldName('body'));
  return found;
}

/** A server_bind override that enables reuse itself (setsockopt, or self.allow_reuse_* = true). */
function setsReuse(imports: Imports, evaluator: Evaluator, fn: Node): boolean {
  for (const call of fn.descendantsOfType('call')) {
    const m = call && methodOf(call);
    if (!m || m.name !== 'setsockopt') continue;
    const args = callArgs(call);
    const opt = evaluator.evaluate(args.positional[1]);
    if (isConst(opt, 'socket.SO_REUSEADDR', 'socket.SO_REUSEPORT')) return true;
  }
  for (const a of fn.descendantsOfType('assignment')) {
    const left = a?.childForFieldName('left');
    if (left?.type === 'attribute' && REUSE_ATTRIBUTES.has(left.childForFieldName('attribute')?.text ?? '')) {
      if (!visiblyFalse(evaluator.evaluate(a!.childForFieldName('right')))) return true;
    }
  }
  void imports;
  return false;
}

export { UNKNOWN };
