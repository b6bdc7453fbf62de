// Small, grammar-aware helpers over tree-sitter-javascript / tree-sitter-typescript nodes.
// Both grammars share node names for everything the rules look at; TypeScript only adds
// wrappers (`x!`, `x as T`, `x satisfies T`, `<T>x`) that `unwrap` sees through.
import type { Node } from 'web-tree-sitter';
import type { Position, Range } from '../types';

const TRANSPARENT = new Set([
  'parenthesized_expression',
  'non_null_expression',
  'as_expression',
  'satisfies_expression',
  'type_assertion',
]);

/** Function-like nodes: each starts a new `var` scope and a new `this` (except arrows). */
export const FUNCTION_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'generator_function_declaration',
  'generator_function',
  'arrow_function',
  'method_definition',
]);

/** The expression itself, seen through parentheses and TypeScript-only wrappers. */
export function unwrap(node: Node): Node {
  let current = node;
  while (TRANSPARENT.has(current.type)) {
    const inner = current.type === 'type_assertion' ? current.namedChild(current.namedChildCount - 1) : current.namedChild(0);
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** The value of a string literal, or of a template string without substitutions. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (
    n.type === 'string' ||
    (n.type === 'template_string' && !n.namedChildren.some((c) => c?.type === 'template_substitution'))
  ) {
    const raw = n.text;
    return raw.slice(1, -1);
  }
  return undefined;
}

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

/** The arguments of a call or `new` expression (comments left out). */
export function argumentsOf(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args && args.type === 'arguments' ? namedChildren(args) : [];
}

/** `listen` in `server.listen(...)`, `createSocket` in `createSocket(...)`. */
export function calleeNameNode(call: Node): Node | undefined {
  const fn = call.childForFieldName('function') ?? call.childForFieldName('constructor');
  if (!fn) return undefined;
  const callee = unwrap(fn);
  if (callee.type === 'identifier') return callee;
  if (callee.type === 'member_expression') return callee.childForFieldName('property') ?? undefined;
  return undefined;
}

/** For `recv.method(...)`: the receiver and the method name; otherwise undefined. */
export function methodCall(call: Node): { receiver: Node; method: string; methodNode: Node } | undefined {
  if (call.type !== 'call_expression') return undefined;
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  const callee = unwrap(fn);
  if (callee.type !== 'member_expression') return undefined;
  const receiver = callee.childForFieldName('object');
  const property = callee.childForFieldName('property');
  if (!receiver || !property || property.type !== 'property_identifier') return undefined;
  return { receiver, method: property.text, methodNode: property };
}

/** The `key: value` pair (or shorthand property) named `name` in an object literal. */
export function objectProperty(object: Node, name: string): Node | undefined {
  for (const child of namedChildren(object)) {
    if (child.type === 'shorthand_property_identifier' && child.text === name) return child;
    if (child.type !== 'pair') continue;
    const key = child.childForFieldName('key');
    if (!key) continue;
    const keyName = key.type === 'property_identifier' ? key.text : stringValue(key);
    if (keyName === name) return child;
  }
  return undefined;
}

/** The value expression of a property found by `objectProperty` (the identifier itself for shorthand). */
export function propertyValue(property: Node): Node {
  return property.type === 'pair' ? (property.childForFieldName('value') ?? property) : property;
}

export function hasSpread(object: Node): boolean {
  return namedChildren(object).some((c) => c.type === 'spread_element');
}

export function isLiteralTrue(node: Node | undefined): boolean {
  return node !== undefined && unwrap(node).type === 'true';
}

export function isLiteralFalse(node: Node | undefined): boolean {
  return node !== undefined && unwrap(node).type === 'false';
}

export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return undefined;
}

const STATEMENT_PARENTS = new Set(['program', 'statement_block', 'switch_case', 'switch_default', 'class_static_block']);

/** The statement that holds `node`: the place to insert a line before it. */
export function enclosingStatement(node: Node): Node {
  let current = node;
  for (let p = node.parent; p; current = p, p = p.parent) {
    if (STATEMENT_PARENTS.has(p.type)) return current;
    // `export const x = ...`: the export is the statement.
    if (p.type === 'export_statement') return p;
  }
  return current;
}

export function pos(point: { row: number; column: number }): Position {
  return { line: point.row, character: point.column };
}

export function nodeRange(node: Node): Range {
  return { start: pos(node.startPosition), end: pos(node.endPosition) };
}

/** Leading whitespace of a line of `lines`. */
export function indentOf(lines: readonly string[], line: number): string {
  return /^[ \t]*/.exec(lines[line] ?? '')?.[0] ?? '';
}

/** One level of indentation as the file writes it (a tab, or its smallest space step; 2 by default). */
export function indentUnit(lines: readonly string[]): string {
  let smallest = 0;
  for (const line of lines) {
    const m = /^([ \t]+)\S/.exec(line);
    if (!m) continue;
    if (m[1].startsWith('\t')) return '\t';
    if (smallest === 0 || m[1].length < smallest) smallest = m[1].length;
  }
  return ' '.repeat(smallest >= 2 && smallest <= 8 ? smallest : 2);
}

/** The quote character the file prefers for string literals. */
export function quoteOf(text: string): string {
  const single = (text.match(/'/g) ?? []).length;
  const double = (text.match(/"/g) ?? []).length;
  return double > single ? '"' : "'";
}

/** Whether statements in the file end with semicolons (`standard` style files have none). */
export function usesSemicolons(text: string): boolean {
  return /;[ \t]*\r?$/m.test(text);
}
