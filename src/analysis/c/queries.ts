// The node lookups of the C/C++ rules, written as one native descendant walk each instead of
// tree-sitter queries: compiling the three queries cost each thread of a workspace check 50 ms
// per grammar, as much as parsing a dozen files. test/unit/analysis/c/queries-and-prefilter.test.ts
// keeps the queries these replace and checks that both find the same nodes.
import type { Node } from 'web-tree-sitter';

const LITERAL_TYPES = new Set(['number_literal', 'true', 'false']);
// The port fields' names, where the text mentions them.
const PORT_NAME = /\bsin6?_port\b/g;

function named(node: Node | null | undefined, types?: ReadonlySet<string>): node is Node {
  return !!node && node.isNamed && (!types || types.has(node.type));
}

/**
 * `x = 1`, `int x = 1`, `x = false` under `node`: the last literal a variable was given, for
 * flags and visibly-0 values. In tree order.
 */
export function literalAssignmentNodes(node: Node): { name: Node; value: Node; at: Node }[] {
  const found: { name: Node; value: Node; at: Node }[] = [];
  for (const at of node.descendantsOfType(['init_declarator', 'assignment_expression'])) {
    if (!at?.isNamed) continue;
    const init = at.type === 'init_declarator';
    const name = at.childForFieldName(init ? 'declarator' : 'left');
    const value = at.childForFieldName(init ? 'value' : 'right');
    if (named(name) && name.type === 'identifier' && named(value, LITERAL_TYPES)) found.push({ name, value, at });
  }
  return found;
}

/**
 * `addr.sin_port = htons(0)` and `{ .sin_port = htons(0) }` under `node`: where a sockaddr gets its port. In tree order.
 * Found from the text's mentions of the port fields up to the store holding them: a walk over every
 * assignment of a function would hand each one over from the parser for the few that name a port.
 */
export function portAssignmentNodes(node: Node): { value: Node; at: Node }[] {
  const found: { value: Node; at: Node }[] = [];
  for (const m of node.text.matchAll(PORT_NAME)) {
    const start = node.startIndex + m.index;
    const field = node.descendantForIndex(start, start + m[0].length);
    if (!field || field.type !== 'field_identifier' || field.startIndex !== start || field.endIndex !== start + m[0].length)
      continue;
    const holder = field.parent;
    const at = holder?.parent;
    if (!named(holder) || !named(at) || !contains(node, at)) continue;
    if (holder.type === 'field_expression' && at.type === 'assignment_expression') {
      if (at.childForFieldName('left')?.id !== holder.id || holder.childForFieldName('field')?.id !== field.id) continue;
      const value = at.childForFieldName('right');
      if (named(value)) found.push({ value, at });
    } else if (holder.type === 'field_designator' && at.type === 'initializer_pair') {
      // The first designator only, as the query read it: `.sin_port.x = 0` counts, `.x.sin_port = 0` does not.
      if (at.childForFieldName('designator')?.id !== holder.id) continue;
      if (holder.namedChildren.find((c) => c?.type === 'field_identifier')?.id !== field.id) continue;
      const value = at.childForFieldName('value');
      if (named(value)) found.push({ value, at });
    }
  }
  return found;
}

/** `inner` lies under `outer` (not `outer` itself: a lookup under a store does not find that store). */
function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex && outer.id !== inner.id;
}

/** Declarations under `node`, with their type, to learn a variable's type (`struct sockaddr_un addr`, `int on`). In tree order. */
export function declarationNodes(node: Node): { decl: Node; type: Node }[] {
  const found: { decl: Node; type: Node }[] = [];
  for (const decl of node.descendantsOfType(['declaration', 'parameter_declaration', 'field_declaration'])) {
    if (!decl?.isNamed) continue;
    const type = decl.childForFieldName('type');
    if (named(type)) found.push({ decl, type });
  }
  return found;
}

/** `enum { PORT = 8080 }` under `node`: names a port may be given by. In tree order. */
export function enumeratorNodes(node: Node): { name: Node; value: Node }[] {
  const found: { name: Node; value: Node }[] = [];
  for (const e of node.descendantsOfType('enumerator')) {
    const name = e?.childForFieldName('name');
    const value = e?.childForFieldName('value');
    if (named(name) && name.type === 'identifier' && named(value)) found.push({ name, value });
  }
  return found;
}
