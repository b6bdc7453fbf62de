// The node lookups of the C/C++ rules, written as one native descendant walk each instead of
// tree-sitter queries: compiling the three queries cost each thread of a workspace check 50 ms
// per grammar, as much as parsing a dozen files. test/unit/analysis/c/queries-and-prefilter.test.ts
// keeps the queries these replace and checks that both find the same nodes.
import type { Node } from 'web-tree-sitter';

const LITERAL_TYPES = new Set(['number_literal', 'true', 'false']);
const PORT_FIELD = /^(sin_port|sin6_port)$/;

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

/** `addr.sin_port = htons(0)` and `{ .sin_port = htons(0) }` under `node`: where a sockaddr gets its port. In tree order. */
export function portAssignmentNodes(node: Node): { value: Node; at: Node }[] {
  const found: { value: Node; at: Node }[] = [];
  for (const at of node.descendantsOfType(['assignment_expression', 'initializer_pair'])) {
    if (!at?.isNamed) continue;
    if (at.type === 'assignment_expression') {
      const left = at.childForFieldName('left');
      const field = left?.type === 'field_expression' && left.isNamed ? left.childForFieldName('field') : null;
      const value = at.childForFieldName('right');
      if (named(field) && field.type === 'field_identifier' && PORT_FIELD.test(field.text) && named(value))
        found.push({ value, at });
      continue;
    }
    const value = at.childForFieldName('value');
    if (!named(value)) continue;
    // The first designator only, as the query read it: `.sin_port.x = 0` counts, `.x.sin_port = 0` does not.
    const designator = at.childForFieldName('designator');
    if (designator?.type !== 'field_designator' || !designator.isNamed) continue;
    const field = designator.namedChildren.find((c) => c?.type === 'field_identifier');
    if (field && PORT_FIELD.test(field.text)) found.push({ value, at });
  }
  return found;
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
