// The small value evaluator of the Python front end: what a port, host, path, socket option or
// flag visibly is. Follows names to their assignments (function, enclosing functions, module),
// `self.x` to the class's `self.x = ...`, imports to qualified constants (`socket.SO_REUSEADDR`),
// and knows `os.environ.get('PORT', 8000)`, `int(...)`, `os.path.join`, `Path(...)`, tuples and
// `a | b`. Anything else is `unknown`: rules treat it as the author's choice, never as a fact.
// Port discovery (src/ports/sources/code-ports.ts) uses this evaluator too.
import type { Node } from 'web-tree-sitter';
import type { Imports } from './modules';
import { classOfMethod, enclosingFunction, parameterDefault, parameterNames } from './syntax';

export type Value =
  | { kind: 'int'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'tuple'; items: Value[] }
  /** A module member, e.g. `socket.SO_REUSEADDR`. */
  | { kind: 'const'; name: string }
  /** `a | b | ...` of values that are not all ints. */
  | { kind: 'or'; items: Value[] }
  /** A parameter of the enclosing function: the caller decides. */
  | { kind: 'param'; name: string }
  /** One of several values (assignments on different paths, `a if c else b`). */
  | { kind: 'alt'; items: Value[] }
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };

/** False, 0, None, '' or an empty tuple: what Python treats as false, visibly. */
export function visiblyFalse(v: Value): boolean {
  if (v.kind === 'alt') return v.items.every(visiblyFalse);
  return (
    (v.kind === 'int' && v.value === 0) ||
    (v.kind === 'bool' && !v.value) ||
    v.kind === 'none' ||
    (v.kind === 'str' && v.value === '') ||
    (v.kind === 'tuple' && v.items.length === 0)
  );
}

export function asInt(v: Value): number | undefined {
  if (v.kind === 'int') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  if (v.kind === 'str' && /^\s*\d+\s*$/.test(v.value)) return Number(v.value);
  return undefined;
}

export function isConst(v: Value, ...names: string[]): boolean {
  return v.kind === 'const' && names.includes(v.name);
}

/** Parameter values a call binds in the frame of the function being walked. */
export interface ParamValues {
  readonly size: number;
  has(name: string): boolean;
  get(name: string): Value | undefined;
}

/**
 * The values a call binds to the parameters of the function the walk inlines, each evaluated
 * when first asked for: most are never asked for, and evaluating every argument of every call
 * was a fifth of the Python rules' time on the standard library's socket code.
 */
export class BoundParams implements ParamValues {
  private readonly pending = new Map<string, () => Value | undefined>();
  private readonly known = new Map<string, Value | undefined>();

  /** At least the number of names bound (a default not yet looked up may turn out absent). */
  get size(): number {
    return this.pending.size + this.known.size;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get(name: string): Value | undefined {
    if (this.known.has(name)) return this.known.get(name);
    const evaluate = this.pending.get(name);
    if (!evaluate) return undefined;
    this.pending.delete(name);
    const value = evaluate();
    this.known.set(name, value);
    return value;
  }

  /** Binds `name` to what `evaluate` gives when first asked for; undefined there leaves it unbound. */
  bind(name: string, evaluate: () => Value | undefined): void {
    this.known.delete(name);
    this.pending.set(name, evaluate);
  }
}

function decodeString(node: Node): string | undefined {
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '';
  const raw = /r/i.test(start.replace(/['"]/g, ''));
  const first = node.namedChildren.find((c) => c?.type === 'string_start');
  const last = node.namedChildren.find((c) => c?.type === 'string_end');
  if (!first || !last) return undefined;
  const body = node.text.slice(first.endIndex - node.startIndex, last.startIndex - node.startIndex);
  if (raw) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' } as Record<string, string>)[e] ?? '\\' + e;
  });
}

function parseInteger(text: string): number | undefined {
  const t = text.replace(/_/g, '').toLowerCase();
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0o[0-7]+$/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0b[01]+$/.test(t)) return parseInt(t.slice(2), 2);
  if (/^\d+$/.test(t)) return Number(t);
  return undefined;
}

/** The node types assignedIn reads (the others it only walks through). */
const BINDING_TYPES = new Set([
  'function_definition',
  'class_definition',
  'lambda',
  'assignment',
  'augmented_assignment',
  'for_statement',
  'named_expression',
  'as_pattern_target',
  'global_statement',
]);

type Scope = Node; // a function_definition, or the module

export class Evaluator {
  private readonly assignments = new Map<number, Map<string, Node[]>>();
  private selfAssignments: Map<number, Map<string, Node[]>> | undefined;
  private readonly active = new Set<number>();
  /** Node id -> its value with no parameters bound. */
  private readonly values = new Map<number, Value>();

  constructor(
    readonly imports: Imports,
    private readonly root: Node,
  ) {}

  evaluate(node: Node | null | undefined, params?: ParamValues, depth = 0): Value {
    if (!node || depth > 12) return UNKNOWN;
    // A value asked from outside with no parameter bound depends on the tree alone: the walk
    // and the rules ask for the same nodes again and again.
    if (depth === 0 && (!params || params.size === 0)) {
      let value = this.values.get(node.id);
      if (!value) this.values.set(node.id, (value = this.evaluateNode(node, undefined, 0)));
      return value;
    }
    return this.evaluateNode(node, params, depth);
  }

  /**
   * `evaluate`, as if nothing else were being evaluated: a parameter's value asked for in the
   * middle of another evaluation is what it was at the call, not cut short by that one's cycle guard.
   */
  evaluateApart(node: Node | null | undefined, params?: ParamValues): Value {
    if (this.active.size === 0) return this.evaluate(node, params);
    const outer = [...this.active];
    this.active.clear();
    try {
      return this.evaluate(node, params);
    } finally {
      this.active.clear();
      for (const id of outer) this.active.add(id);
    }
  }

  private evaluateNode(node: Node, params: ParamValues | undefined, depth: number): Value {
    switch (node.type) {
      case 'integer': {
        const n = parseInteger(node.text);
        return n === undefined ? UNKNOWN : { kind: 'int', value: n };
      }
      case 'string': {
        const s = decodeString(node);
        return s === undefined ? UNKNOWN : { kind: 'str', value: s };
      }
      case 'concatenated_string': {
        let out = '';
        for (const part of node.namedChildren) {
          const v = part ? this.evaluate(part, params, depth + 1) : UNKNOWN;
          if (v.kind !== 'str') return UNKNOWN;
          out += v.value;
        }
        return { kind: 'str', value: out };
      }
      case 'true':
        return { kind: 'bool', value: true };
      case 'false':
        return { kind: 'bool', value: false };
      case 'none':
        return { kind: 'none' };
      case 'parenthesized_expression':
        return this.evaluate(
          node.namedChildren.find((c) => c?.type !== 'comment'),
          params,
          depth + 1,
        );
      case 'tuple':
      case 'list':
        return {
          kind: 'tuple',
          items: node.namedChildren.filter((c) => c && c.type !== 'comment').map((c) => this.evaluate(c, params, depth + 1)),
        };
      case 'unary_operator': {
        const v = this.evaluate(node.childForFieldName('argument'), params, depth + 1);
        const op = node.childForFieldName('operator')?.type;
        return v.kind === 'int' && op === '-' ? { kind: 'int', value: -v.value } : v.kind === 'int' && op === '+' ? v : UNKNOWN;
      }
      case 'not_operator': {
        const v = this.evaluate(node.childForFieldName('argument'), params, depth + 1);
        if (visiblyFalse(v)) return { kind: 'bool', value: true };
        return v.kind === 'int' || v.kind === 'bool' || v.kind === 'str' ? { kind: 'bool', value: false } : UNKNOWN;
      }
      case 'binary_operator':
        return this.binary(node, params, depth);
      case 'boolean_operator': {
        // `os.environ.get('PORT') or 8000`: the left side when it is visibly true, else the right.
        const op = node.childForFieldName('operator')?.type;
        const left = this.evaluate(node.childForFieldName('left'), params, depth + 1);
        const right = this.evaluate(node.childForFieldName('right'), params, depth + 1);
        if (op === 'or') return left.kind === 'unknown' || left.kind === 'param' || visiblyFalse(left) ? right : left;
        return visiblyFalse(left) ? left : right;
      }
      case 'conditional_expression': {
        const [a, , b] = node.namedChildren;
        const va = this.evaluate(a, params, depth + 1);
        const vb = this.evaluate(b, params, depth + 1);
        return sameValue(va, vb) ? va : alternatives([va, vb]);
      }
      case 'identifier':
        return this.name(node, params, depth);
      case 'attribute':
        return this.attribute(node, params, depth);
      case 'call':
        return this.call(node, params, depth);
      default:
        return UNKNOWN;
    }
  }

  private binary(node: Node, params: ParamValues | undefined, depth: number): Value {
    const op = node.childForFieldName('operator')?.type;
    const left = this.evaluate(node.childForFieldName('left'), params, depth + 1);
    const right = this.evaluate(node.childForFieldName('right'), params, depth + 1);
    if (op === '|') {
      if (left.kind === 'int' && right.kind === 'int') return { kind: 'int', value: left.value | right.value };
      const items = [...(left.kind === 'or' ? left.items : [left]), ...(right.kind === 'or' ? right.items : [right])];
      return { kind: 'or', items };
    }
    if (op === '+') {
      if (left.kind === 'int' && right.kind === 'int') return { kind: 'int', value: left.value + right.value };
      if (left.kind === 'str' && right.kind === 'str') return { kind: 'str', value: left.value + right.value };
    }
    if (op === '-' && left.kind === 'int' && right.kind === 'int') return { kind: 'int', value: left.value - right.value };
    return UNKNOWN;
  }

  private call(node: Node, params: ParamValues | undefined, depth: number): Value {
    const fn = node.childForFieldName('function');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter(
      (a): a is Node => !!a && a.type !== 'comment' && a.type !== 'keyword_argument',
    );
    const q = this.imports.qualify(fn) ?? fn?.text;
    switch (q) {
      case 'int': {
        const v = this.evaluate(args[0], params, depth + 1);
        const n = asInt(v);
        return n === undefined ? (v.kind === 'param' ? v : UNKNOWN) : { kind: 'int', value: n };
      }
      case 'str':
      case 'os.fspath':
      case 'pathlib.Path':
      case 'pathlib.PurePath':
      case 'pathlib.PosixPath': {
        const v = this.evaluate(args[0], params, depth + 1);
        return v.kind === 'str' || v.kind === 'param' ? v : v.kind === 'int' ? { kind: 'str', value: String(v.value) } : UNKNOWN;
      }
      case 'os.environ.get':
      case 'os.getenv':
        return args[1] ? this.evaluate(args[1], params, depth + 1) : UNKNOWN;
      case 'os.path.join': {
        const parts = args.map((a) => this.evaluate(a, params, depth + 1));
        if (!parts.every((p) => p.kind === 'str'))
          return parts.some((p) => p.kind === 'param') ? { kind: 'param', name: '' } : UNKNOWN;
        return {
          kind: 'str',
          value: parts
            .map((p) => (p as { value: string }).value)
            .reduce((a, b) => (b.startsWith('/') ? b : a.replace(/\/$/, '') + '/' + b)),
        };
      }
      default:
        return UNKNOWN;
    }
  }

  private attribute(node: Node, _params: ParamValues | undefined, depth: number): Value {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text ?? '';
    if (object?.type === 'identifier' && object.text === 'self') {
      const fn = enclosingFunction(node);
      const cls = fn && classOfMethod(fn);
      if (cls) return this.selfAttribute(cls, attr, depth);
    }
    const q = this.imports.qualify(node);
    if (q) return { kind: 'const', name: q };
    return UNKNOWN;
  }

  private selfAttribute(cls: Node, attr: string, depth: number): Value {
    this.selfAssignments ??= new Map();
    let byName = this.selfAssignments.get(cls.id);
    if (!byName) {
      byName = new Map();
      for (const a of cls.descendantsOfType('assignment')) {
        const left = a?.childForFieldName('left');
        const right = a?.childForFieldName('right');
        if (left?.type === 'attribute' && left.childForFieldName('object')?.text === 'self' && right) {
          const name = left.childForFieldName('attribute')?.text ?? '';
          byName.set(name, [...(byName.get(name) ?? []), right]);
        }
      }
      // A class attribute (`port = 8000` in the body) is what `self.port` reads unless set.
      for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
        const a = stmt?.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
        if (a?.type === 'assignment' && a.childForFieldName('left')?.type === 'identifier') {
          const name = a.childForFieldName('left')!.text;
          const right = a.childForFieldName('right');
          if (right) byName.set(name, [...(byName.get(name) ?? []), right]);
        }
      }
      this.selfAssignments.set(cls.id, byName);
    }
    return this.agree(byName.get(attr) ?? [], depth);
  }

  private name(node: Node, params: ParamValues | undefined, depth: number): Value {
    const name = node.text;
    let first = true;
    for (let scope = enclosingFunction(node); scope; scope = enclosingFunction(scope)) {
      if (first && params?.has(name)) return params.get(name)!;
      first = false;
      if (parameterNames(scope).includes(name)) {
        // A default is the value the file shows (callers may pass another); without one the caller decides.
        const fallback = parameterDefault(scope, name);
        const given: Value = fallback ? this.evaluate(fallback, undefined, depth + 1) : { kind: 'param', name };
        const reassigned = this.assignedIn(scope).get(name);
        return reassigned ? alternatives([given, this.agree(reassigned, depth)]) : given;
      }
      const assigned = this.assignedIn(scope).get(name);
      if (assigned) return this.agree(assigned, depth);
    }
    const assigned = this.assignedIn(this.root).get(name);
    if (assigned) return this.agree(assigned, depth);
    const q = this.imports.qualify(node);
    return q ? { kind: 'const', name: q } : UNKNOWN;
  }

  /** The value all assignments agree on; unknown when they differ. */
  private agree(values: Node[], depth: number): Value {
    const seen: Value[] = [];
    for (const v of values) {
      if (this.active.has(v.id)) return UNKNOWN;
      this.active.add(v.id);
      let value: Value;
      try {
        value = v.type === '__unknown__' ? UNKNOWN : this.evaluate(v, undefined, depth + 1);
      } finally {
        this.active.delete(v.id);
      }
      seen.push(value);
    }
    return seen.length === 0 ? UNKNOWN : alternatives(seen);
  }

  /** Names assigned in a scope's own body (not in nested functions or classes), to their value nodes. */
  assignedIn(scope: Scope): Map<string, Node[]> {
    let map = this.assignments.get(scope.id);
    if (map) return map;
    const names = new Map<string, Node[]>();
    map = names;
    const add = (name: string, value: Node) => names.set(name, [...(names.get(name) ?? []), value]);
    const body = scope.type === 'function_definition' ? scope.childForFieldName('body') : scope;
    // Named descendants in document order, not into nested scopes. A cursor reads each node's
    // type without making a Node of it: only the few binding nodes become Nodes.
    const visit = (child: Node, type: string): boolean => {
      if (type === 'function_definition' || type === 'class_definition' || type === 'lambda') {
        const name = child.childForFieldName('name');
        if (name) add(name.text, name); // a def rebinds the name to something we do not evaluate
        return false;
      }
      if (type === 'assignment') {
        const left = child.childForFieldName('left');
        const right = child.childForFieldName('right');
        if (left && right) this.bindTargets(left, right, add);
      } else if (type === 'augmented_assignment' || type === 'for_statement' || type === 'named_expression') {
        const target = child.childForFieldName(type === 'named_expression' ? 'name' : 'left');
        if (target)
          for (const id of target.type === 'identifier' ? [target] : target.descendantsOfType('identifier'))
            if (id) add(id.text, child);
      } else if (type === 'as_pattern_target' || type === 'global_statement') {
        for (const id of child.descendantsOfType('identifier')) if (id) add(id.text, child);
      }
      return true;
    };
    if (body) {
      const cursor = body.walk();
      try {
        let more = cursor.gotoFirstChild();
        while (more) {
          let descend = false;
          if (cursor.nodeIsNamed) {
            const type = cursor.nodeType;
            descend = BINDING_TYPES.has(type) ? visit(cursor.currentNode, type) : true;
          }
          if (descend && cursor.gotoFirstChild()) continue;
          while (!(more = cursor.gotoNextSibling()) && cursor.currentDepth > 1) cursor.gotoParent();
        }
      } finally {
        cursor.delete();
      }
    }
    this.assignments.set(scope.id, map);
    return map;
  }

  private bindTargets(left: Node, right: Node, add: (name: string, value: Node) => void): void {
    if (left.type === 'identifier') {
      // `a = b = 1`: the right side is itself an assignment.
      let value = right;
      while (value.type === 'assignment') value = value.childForFieldName('right') ?? value;
      add(left.text, value);
      return;
    }
    if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') {
      const targets = left.namedChildren.filter((c): c is Node => !!c);
      const values =
        right.type === 'expression_list' || right.type === 'tuple' ? right.namedChildren.filter((c): c is Node => !!c) : [];
      targets.forEach((t, i) => {
        if (values.length === targets.length) this.bindTargets(t, values[i], add);
        else for (const id of t.type === 'identifier' ? [t] : t.descendantsOfType('identifier')) if (id) add(id.text, left);
      });
    }
  }
}

/** The values, or the one they all are (unknown ones stay among the alternatives). */
export function alternatives(values: Value[]): Value {
  const flat = values.flatMap((v) => (v.kind === 'alt' ? v.items : [v]));
  const unique = flat.filter((v, i) => flat.findIndex((w) => sameValue(v, w)) === i);
  return unique.length === 1 ? unique[0] : { kind: 'alt', items: unique };
}

export function sameValue(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `(host, port)`: the port, when the address is a visible tuple. */
export function portOf(address: Value): Value {
  if (address.kind === 'alt') {
    // A path on one branch (AF_UNIX), (host, port) on another: the ports are those of the tuples.
    const tuples = address.items.filter((i) => i.kind === 'tuple');
    return tuples.length === 0 ? UNKNOWN : alternatives(tuples.map(portOf));
  }
  return address.kind === 'tuple' && address.items.length >= 2 ? address.items[1] : UNKNOWN;
}

export function isZeroPort(port: Value): boolean {
  if (port.kind === 'alt') return port.items.every(isZeroPort);
  return asInt(port) === 0;
}
