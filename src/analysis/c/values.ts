// What the code visibly says about a value: the literal a flag holds, whether a port is 0,
// a variable's declared type. "Visibly" means written in the same function (or at file scope).
import type { Node } from 'web-tree-sitter';
import type { CModel, FunctionInfo } from './model';
import { declarationNodes, enumeratorNodes, literalAssignmentNodes, portAssignmentNodes } from './queries';
import { keyOf, unwrap } from './syntax';
import { PORT_FIELD, keyPattern, onlyFieldsWritten, sameStorage, zeroedAt } from './zeroed';

export interface LiteralAssignment {
  name: string;
  value: string;
  /** The init_declarator or assignment_expression. */
  at: Node;
}

const literalCache = new WeakMap<CModel, Map<number, LiteralAssignment[]>>();

/** Literal assignments in a function (or at file scope when `func` is undefined), in text order. */
export function literalAssignments(model: CModel, func: FunctionInfo | undefined): LiteralAssignment[] {
  let perModel = literalCache.get(model);
  if (!perModel) literalCache.set(model, (perModel = new Map<number, LiteralAssignment[]>()));
  const id = func ? func.node.id : -1;
  let list = perModel.get(id);
  if (list) return list;
  const matches = func
    ? literalAssignmentNodes(func.node)
    : model.fileDeclarations.filter((d) => d.text.includes('=')).flatMap((d) => literalAssignmentNodes(d));
  list = matches.map((m) => ({ name: m.name.text, value: m.value.text, at: m.at }));
  list.sort((a, b) => a.at.startIndex - b.at.startIndex);
  perModel.set(id, list);
  return list;
}

/** The last literal `name` was given before `offset` in `func`, else at file scope. */
export function lastLiteral(
  model: CModel,
  func: FunctionInfo | undefined,
  name: string,
  offset: number,
): LiteralAssignment | undefined {
  let found: LiteralAssignment | undefined;
  for (const a of literalAssignments(model, func)) {
    if (a.at.startIndex >= offset) break;
    if (a.name === name) found = a;
  }
  return (
    found ??
    (func
      ? literalAssignments(model, undefined)
          .filter((a) => a.name === name)
          .pop()
      : undefined)
  );
}

function isZeroLiteral(text: string): boolean {
  return /^(0+[uUlL]*|0x0+[uUlL]*|false|'\\0')$/.test(text);
}

/** `&off` where `off` was last set to 0, `&(int){0}`, or a literal 0: the option is switched off, not on. */
export function isVisiblyZero(model: CModel, func: FunctionInfo | undefined, optval: Node | undefined, offset: number): boolean {
  const value = unwrap(optval);
  if (!value) return false;
  if (value.type === 'number_literal' || value.type === 'false') return isZeroLiteral(value.text);
  if (value.type === 'pointer_expression' && value.child(0)?.text === '&') {
    const target = unwrap(value.childForFieldName('argument'));
    if (!target) return false;
    if (target.type === 'compound_literal_expression') return /\{\s*(0|false)\s*\}$/.test(target.text);
    if (target.type === 'identifier') {
      const scope = func ? model.file.text.slice(func.start, func.end) : model.file.text;
      if (!new RegExp(`\\b${target.text}\\s*=\\s*(0|false)\\b`).test(scope) && func) return false;
      const last = lastLiteral(model, func, target.text, offset);
      return !!last && isZeroLiteral(last.value);
    }
  }
  return false;
}

/** The sockaddr a bind uses: `addr` for `(struct sockaddr *)&addr`, `srv->addr` for `&srv->addr`. */
export function addressKey(addrArg: Node | undefined): string | undefined {
  const value = unwrap(addrArg);
  if (value?.type === 'pointer_expression' && value.child(0)?.text === '&') return keyOf(value.childForFieldName('argument'));
  return keyOf(value);
}

/** A store into a sockaddr's port field: the address it belongs to, the stored value (as text and node), where. */
interface PortStore {
  key: string;
  value: string;
  node: Node;
  at: number;
}

const portCache = new WeakMap<CModel, Map<number, PortStore[]>>();

/** The port stores of `func`, in text order. */
export function portStores(model: CModel, func: FunctionInfo): PortStore[] {
  let perModel = portCache.get(model);
  if (!perModel) portCache.set(model, (perModel = new Map<number, PortStore[]>()));
  let list = perModel.get(func.node.id);
  if (list) return list;
  list = [];
  for (const m of portAssignmentNodes(func.node)) {
    const at = m.at;
    const value = m.value.text.replace(/\s+/g, '');
    let key: string | undefined;
    if (at.type === 'assignment_expression') {
      key = keyOf(at.childForFieldName('left')?.childForFieldName('argument'));
    } else {
      let p = model.parentOf(at, func);
      while (p && p.type !== 'init_declarator') p = model.parentOf(p, func);
      key = keyOf(p?.childForFieldName('declarator'));
    }
    if (key) list.push({ key, value, node: m.value, at: at.startIndex });
  }
  perModel.set(func.node.id, list);
  return list;
}

const ZERO_PORT = /^(htons\()?\(?0[uUlL]*\)?\)?$/;

/**
 * Port stores made through a setter call on the struct, `set_nport(&sa, 0)`, `sockaddr_set_port(addr, htons(p))`:
 * a function named for the port that takes the address and the value last.
 */
function portSetterCalls(text: string, addrKey: string): { value: string; at: number }[] {
  const pattern = new RegExp(
    String.raw`\b\w*(?:port|PORT|Port)\w*\s*\(\s*(?:\([^()]*\)\s*)?&?\s*\(?\s*${keyPattern(addrKey)}\s*\)?\s*,\s*([^;]*?)\s*\)\s*[;)<=!]`,
    'g',
  );
  return [...text.matchAll(pattern)].map((m) => ({ value: m[1].replace(/\s+/g, ''), at: m.index }));
}

/**
 * The port of the sockaddr `addrKey` at `offset` (a bind) is visibly 0 (ephemeral: nothing to
 * reuse): the last port store before it writes 0, or the struct was zeroed (memset, `= {0}`,
 * calloc, a copy of a zeroed struct) and no port was stored since.
 */
export function portIsZero(model: CModel, func: FunctionInfo | undefined, addrKey: string | undefined, offset: number): boolean {
  if (!func || !addrKey) return false;
  const text = model.file.text.slice(func.start, offset);
  const store = lastPortStore(model, func, addrKey, offset);
  let last: { value: string; at: number } | undefined = store && { value: store.value, at: store.at - func.start };
  if (/port/i.test(text)) for (const s of portSetterCalls(text, addrKey)) if (!last || s.at > last.at) last = s;
  const zeroed = zeroedAt(model, text, addrKey);
  if (last && last.at > zeroed) return ZERO_PORT.test(last.value);
  return zeroed >= 0 && onlyFieldsWritten(text.slice(zeroed), addrKey, PORT_FIELD);
}

/** The last store into the port field of the sockaddr `addrKey` (or storage sharing it) in `func` before `offset`. */
export function lastPortStore(model: CModel, func: FunctionInfo, addrKey: string, offset: number): PortStore | undefined {
  if (!/sin6?_port/.test(model.file.text.slice(func.start, offset))) return undefined;
  let last: PortStore | undefined;
  for (const a of portStores(model, func))
    if (a.at < offset && sameStorage(a.key, addrKey) && (!last || a.at > last.at)) last = a;
  return last;
}

export interface Declared {
  type: string;
  /** A pointer or an array: usable where a pointer is expected. */
  pointer: boolean;
  /** An array (its sizeof is the whole array, not a pointer's). */
  array: boolean;
  node: Node;
}

const declCache = new WeakMap<CModel, Map<number, Map<string, Declared>>>();

/** Declarations of a function (a walk over its body), or of the file (the declarations outside functions). */
function declarationsIn(model: CModel, func: FunctionInfo | undefined): Map<string, Declared> {
  let perModel = declCache.get(model);
  if (!perModel) declCache.set(model, (perModel = new Map<number, Map<string, Declared>>()));
  const id = func ? func.node.id : -1;
  let map = perModel.get(id);
  if (map) return map;
  map = new Map();
  const found = func
    ? declarationNodes(func.node).map((m) => ({ decl: m.decl, type: m.type.text }))
    : model.fileDeclarations.map((decl) => ({ decl, type: decl.childForFieldName('type')?.text ?? '' }));
  for (const { decl, type } of found) {
    for (let d of decl.childrenForFieldName('declarator')) {
      let pointer = false;
      let array = false;
      while (d && d.type !== 'identifier' && d.type !== 'field_identifier') {
        if (d.type === 'pointer_declarator' || d.type === 'array_declarator') pointer = true;
        if (d.type === 'array_declarator') array = true;
        // `tcp::acceptor acceptor(io);` parses as a function declarator (the most vexing parse).
        d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c?.type === 'identifier') ?? null;
      }
      if (d && (d.type === 'identifier' || d.type === 'field_identifier') && !map.has(d.text))
        map.set(d.text, { type, pointer, array, node: decl });
    }
  }
  perModel.set(id, map);
  return map;
}

/** Where `name` is declared: in the function (parameters included), else in the file's classes and globals. */
export function declaredType(model: CModel, func: FunctionInfo | undefined, name: string): Declared | undefined {
  return (func ? declarationsIn(model, func).get(name) : undefined) ?? declarationsIn(model, undefined).get(name);
}

export function declaredInFunction(model: CModel, func: FunctionInfo, name: string): boolean {
  return declarationsIn(model, func).has(name) || func.params.includes(name);
}

/**
 * The string constant an expression visibly is: a literal (`"/run/app.ctl"`, adjacent literals
 * included), or a name the file `#define`s as one (`CTL_PATH`). Undefined for anything computed.
 */
export function stringConstant(model: CModel, node: Node | undefined): string | undefined {
  const value = unwrap(node);
  if (!value) return undefined;
  if (value.type === 'string_literal' || value.type === 'concatenated_string') return value.text;
  if (value.type !== 'identifier') return undefined;
  const define = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${value.text}[ \\t]+("(?:[^"\\\\\\n]|\\\\.)*")[ \\t]*$`, 'gm');
  const values = new Set([...model.file.text.matchAll(define)].map((m) => m[1]));
  // `static const char SOCK[] = "/run/app.sock";`, `const char *const SOCK = "...";` at file scope.
  for (const d of model.fileDeclarations) {
    if (d.type !== 'declaration' || !/\bconst\b/.test(d.text.split('=')[0])) continue;
    for (const decl of d.childrenForFieldName('declarator')) {
      if (decl?.type !== 'init_declarator' || declaredName(decl.childForFieldName('declarator')) !== value.text) continue;
      const init = unwrap(decl.childForFieldName('value'));
      if (init?.type === 'string_literal' || init?.type === 'concatenated_string') values.add(init.text);
    }
  }
  // Defined differently per build (`#ifdef`): no single value.
  return values.size === 1 ? [...values][0] : undefined;
}

/** The name a declarator declares through `*`, `[]` and `const` (`*const SOCK` -> SOCK). */
function declaredName(declarator: Node | null | undefined): string | undefined {
  let d = declarator ?? undefined;
  while (d && d.type !== 'identifier')
    d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c?.type === 'identifier') ?? undefined;
  return d?.text;
}

/**
 * The text a C string literal denotes (adjacent literals joined), with `\\0` (the abstract
 * namespace's lead byte), `\\\\` and quotes decoded. Undefined for other escapes: a path holding
 * them is not one we can name.
 */
export function cStringValue(literal: string): string | undefined {
  const parts = [...literal.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => m[1]);
  if (parts.length === 0) return undefined;
  let unknowable = false;
  const text = parts.join('').replace(/\\(.)/g, (_, c: string) => {
    if (c === '0') return '\0';
    if (c === '\\' || c === '"' || c === "'") return c;
    unknowable = true;
    return '';
  });
  return unknowable ? undefined : text;
}

/** A C integer literal's value (`8080`, `8080u`, `0x1f90`), or undefined. */
function integerLiteral(text: string): number | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** A macro body's text as a value: `8080`, `(8080)`, `"9034"`, or another macro's name. */
function macroValues(model: CModel, body: string, depth: number): number[] {
  const text = body
    .replace(/\/\*.*?\*\/|\/\/.*$/g, '')
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .trim();
  const n = integerLiteral(text);
  if (n !== undefined) return [n];
  if (/^"\d+"$/.test(text)) return [Number(text.slice(1, -1))];
  return /^[A-Za-z_]\w*$/.test(text) ? namedValues(model, undefined, text, -1, depth + 1) : [];
}

const enumCache = new WeakMap<CModel, Map<string, Node[]>>();

function enumerators(model: CModel): Map<string, Node[]> {
  let byName = enumCache.get(model);
  if (byName) return byName;
  byName = new Map();
  if (/\benum\b/.test(model.file.text)) {
    for (const m of enumeratorNodes(model.tree.rootNode)) {
      const name = m.name.text;
      byName.set(name, [...(byName.get(name) ?? []), m.value]);
    }
  }
  enumCache.set(model, byName);
  return byName;
}

/** What the name `name` visibly stands for at `offset`: its last literal in `func` (or at file scope), a `#define`, an enumerator. */
function namedValues(model: CModel, func: FunctionInfo | undefined, name: string, offset: number, depth: number): number[] {
  if (depth > 6) return [];
  const literal = lastLiteral(model, offset >= 0 ? func : undefined, name, offset >= 0 ? offset : Number.MAX_SAFE_INTEGER);
  if (literal) {
    const n = integerLiteral(literal.value);
    return n === undefined ? [] : [n];
  }
  const found: number[] = [];
  const define = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}[ \\t]+([^\\r\\n]*)`, 'gm');
  for (const m of model.file.text.matchAll(define)) found.push(...macroValues(model, m[1], depth));
  for (const value of enumerators(model).get(name) ?? []) found.push(...integerValues(model, undefined, value, -1, depth + 1));
  return [...new Set(found)];
}

/**
 * The integers an expression visibly is at `offset` in `func`: literals, `htons(x)` / `htonl(x)`
 * (the host-order value), names a `#define`, an enum, or a literal assignment gives (every
 * alternative, when a `#ifdef` defines a name twice), a service string (`"8080"`). Empty for
 * anything computed. Ports and their zero-ness are read through this one evaluator.
 */
export function integerValues(
  model: CModel,
  func: FunctionInfo | undefined,
  node: Node | undefined,
  offset: number,
  depth = 0,
): number[] {
  const value = unwrap(node);
  if (!value || depth > 8) return [];
  switch (value.type) {
    case 'number_literal': {
      const n = integerLiteral(value.text);
      return n === undefined ? [] : [n];
    }
    case 'string_literal': {
      const text = cStringValue(value.text);
      return text !== undefined && /^\d{1,5}$/.test(text) ? [Number(text)] : [];
    }
    case 'identifier': {
      const named = namedValues(model, func, value.text, offset, depth);
      if (named.length > 0) return named;
      // A service name held in a string constant: `getaddrinfo(NULL, SERVICE, ...)`.
      const text = stringConstant(model, value);
      const service = text === undefined ? undefined : cStringValue(text);
      return service !== undefined && /^\d{1,5}$/.test(service) ? [Number(service)] : [];
    }
    case 'call_expression': {
      const fn = value.childForFieldName('function')?.text.replace(/^::/, '');
      const args = value.childForFieldName('arguments')?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
      return /^(?:htons|htonl|ntohs|ntohl)$/.test(fn ?? '') && args.length === 1
        ? integerValues(model, func, args[0] ?? undefined, offset, depth + 1)
        : [];
    }
    default:
      return [];
  }
}
