// Small tree helpers shared by the C/C++ rules: call shapes, socket keys, statements, ranges.
import type { Node } from 'web-tree-sitter';
import { lineEndAt } from '../text';
import type { Range } from '../types';

/** Strips what does not change which socket or value an expression denotes: parentheses and casts. */
export function unwrap(node: Node | null | undefined): Node | undefined {
  let current = node ?? undefined;
  while (current) {
    if (current.type === 'parenthesized_expression')
      current = current.namedChildren.find((c) => c?.type !== 'comment') ?? undefined;
    else if (current.type === 'cast_expression') current = current.childForFieldName('value') ?? undefined;
    else if (
      current.type === 'call_expression' &&
      /^(static|reinterpret|const)_cast\b/.test(current.childForFieldName('function')?.text ?? '')
    ) {
      current = current.childForFieldName('arguments')?.namedChildren.find((c) => c?.type !== 'comment') ?? undefined;
    } else return current;
  }
  return undefined;
}

/**
 * Identifies a socket (or any lvalue) by its expression text: `fd`, `srv->fd`, `fd_`
 * (`this->fd_` is the same member), `socks[i]`. Whitespace is irrelevant.
 */
export function keyOf(node: Node | null | undefined): string | undefined {
  const inner = unwrap(node);
  if (!inner) return undefined;
  if (!/^(identifier|field_expression|subscript_expression|pointer_expression|qualified_identifier|this)$/.test(inner.type))
    return undefined;
  return inner.text
    .replace(/\s+/g, '')
    .replace(/^this->/, '')
    .replace(/^\(\*this\)\./, '');
}

/** `text` matched literally inside a RegExp (keys hold `.`, `->`, `[i]`). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The variable a key starts with (`srv` for `srv->fd`), to ask whether it is local or a parameter. */
export function keyBase(key: string): string {
  return /^[A-Za-z_]\w*/.exec(key.replace(/^[*&]+/, ''))?.[0] ?? key;
}

export interface CallShape {
  name: string;
  /** The node a range starts at: `bind`, `::bind`, `acceptor.bind`. */
  callee: Node;
  /** `::bind` (the global one, as opposed to `std::bind`). */
  global: boolean;
  /** `std` for `std::bind`; undefined when unqualified or `::`-qualified. */
  scope?: string;
  /** `acceptor` for `acceptor.bind(...)`. */
  receiver?: Node;
}

export function callShape(call: Node): CallShape | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return { name: fn.text, callee: fn, global: false };
  if (fn.type === 'qualified_identifier') {
    const name = fn.childForFieldName('name');
    const scope = fn.childForFieldName('scope');
    if (!name || name.type !== 'identifier') return undefined;
    return { name: name.text, callee: fn, global: !scope, scope: scope?.text };
  }
  if (fn.type === 'field_expression') {
    const field = fn.childForFieldName('field');
    const receiver = fn.childForFieldName('argument');
    if (!field || !receiver) return undefined;
    return { name: field.text, callee: fn, global: false, receiver };
  }
  return undefined;
}

export function callArgs(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  return list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** From `from` to the end of its line, or to the end of `call` when that comes first. */
export function firstLineRange(from: Node, call: Node, text: string): Range {
  const start = { line: from.startPosition.row, character: from.startPosition.column };
  if (call.endPosition.row === start.line) return { start, end: { line: start.line, character: call.endPosition.column } };
  const lineEnd = lineEndAt(text, from.startIndex);
  return { start, end: { line: start.line, character: start.character + (lineEnd - from.startIndex) } };
}

/** The `name` a function definition defines (`Server::start` → `start`), and its parameter names. */
export function functionSignature(def: Node): { name: string; params: string[] } | undefined {
  let decl = def.childForFieldName('declarator');
  while (decl && decl.type !== 'function_declarator') decl = decl.childForFieldName('declarator');
  if (!decl) return undefined;
  const nameNode = decl.childForFieldName('declarator');
  if (!nameNode) return undefined;
  // A name made by a macro, `TRANS(SocketOpen) (int i)` (X11's Xtrans, CPython's, PHP's), is
  // named after the macro's argument: the parameters still matter.
  const name = /([A-Za-z_~]\w*)\s*\)?\s*$/.exec(nameNode.text)?.[1];
  if (!name) return undefined;
  const params: string[] = [];
  for (const param of decl.childForFieldName('parameters')?.namedChildren ?? []) {
    // An old-style (K&R) definition lists bare names: `make_reusable(fd) int fd; {...}`.
    if (param?.type === 'identifier') {
      params.push(param.text);
      continue;
    }
    if (!param || param.type !== 'parameter_declaration') continue;
    let d = param.childForFieldName('declarator');
    while (d && d.type !== 'identifier')
      d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c?.type === 'identifier') ?? null;
    params.push(d?.text ?? '');
  }
  return { name, params };
}

/** Identifier texts at or under `node` (to ask whether an expression mentions a parameter). */
export function identifiersIn(node: Node): string[] {
  if (node.type === 'identifier') return [node.text];
  return node
    .descendantsOfType('identifier')
    .filter((n): n is Node => !!n)
    .map((n) => n.text);
}
