// One walk over the syntax tree collects every node the rules look at, so analysis runs
// on keystrokes without compiling or running queries: the rules then only visit these lists.
import type { Node, Tree } from 'web-tree-sitter';
import { FUNCTION_TYPES, namedChildren, unwrap } from './syntax';

/** Where a name is declared: an import, a variable (maybe destructured), a parameter, a function or class. */
export interface Declaration {
  name: string;
  kind: 'import' | 'variable' | 'parameter' | 'function' | 'class';
  /** The scope node (program, function, or block for let/const) the name belongs to. */
  scope: Node;
  /** The declaring node: the variable_declarator, import_statement, function or class. */
  node: Node;
  /** The initializer of a variable (for destructuring: of the whole pattern). */
  value?: Node;
  /** Destructuring: the property path inside `value` this name takes (`const { a: { b } } = x` gives ['a', 'b']). */
  path?: string[];
  /** `const` (or an import): the binding is never reassigned. */
  constant: boolean;
}

export interface FileFacts {
  root: Node;
  calls: Node[];
  news: Node[];
  imports: Node[];
  assignments: Node[];
  /** Class fields with an initializer (`sock = dgram.createSocket(...)`). */
  fields: Node[];
  /** Name -> declarations with that name, in source order. */
  declarations: Map<string, Declaration[]>;
}

const COLLECTED = new Set([
  'call_expression',
  'new_expression',
  'import_statement',
  'assignment_expression',
  'variable_declarator',
  'field_definition',
  'public_field_definition',
  'function_declaration',
  'generator_function_declaration',
  'class_declaration',
  'formal_parameters',
  'arrow_function',
]);

export function collectFacts(tree: Tree): FileFacts {
  const facts: FileFacts = {
    root: tree.rootNode,
    calls: [],
    news: [],
    imports: [],
    assignments: [],
    fields: [],
    declarations: new Map(),
  };
  const cursor = tree.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend) {
        if (COLLECTED.has(cursor.nodeType)) visit(facts, cursor.currentNode);
        if (cursor.gotoFirstChild()) continue;
      }
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      descend = false;
    }
  } finally {
    cursor.delete();
  }
  return facts;
}

function visit(facts: FileFacts, node: Node): void {
  switch (node.type) {
    case 'call_expression':
      facts.calls.push(node);
      return;
    case 'new_expression':
      facts.news.push(node);
      return;
    case 'import_statement':
      facts.imports.push(node);
      for (const name of importedNames(node)) declare(facts, { name, kind: 'import', scope: facts.root, node, constant: true });
      return;
    case 'assignment_expression':
      facts.assignments.push(node);
      return;
    case 'field_definition':
    case 'public_field_definition':
      if (node.childForFieldName('value')) facts.fields.push(node);
      return;
    case 'variable_declarator':
      declareVariable(facts, node);
      return;
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'class_declaration': {
      const name = node.childForFieldName('name');
      const scope = node.parent ? scopeOf(node.parent, true) : facts.root;
      if (name) declare(facts, { name: name.text, kind: node.type === 'class_declaration' ? 'class' : 'function', scope, node, constant: false });
      return;
    }
    case 'formal_parameters': {
      const fn = node.parent;
      if (fn) for (const id of patternNames(node)) declare(facts, { name: id, kind: 'parameter', scope: fn, node: fn, constant: false });
      return;
    }
    case 'arrow_function': {
      const single = node.childForFieldName('parameter');
      if (single) declare(facts, { name: single.text, kind: 'parameter', scope: node, node, constant: false });
      return;
    }
  }
}

function declare(facts: FileFacts, decl: Declaration): void {
  let list = facts.declarations.get(decl.name);
  if (!list) facts.declarations.set(decl.name, (list = []));
  list.push(decl);
}

function declareVariable(facts: FileFacts, declarator: Node): void {
  const nameNode = declarator.childForFieldName('name');
  if (!nameNode) return;
  const declaration = declarator.parent;
  const keyword = declaration?.child(0)?.type;
  const lexical = declaration?.type === 'lexical_declaration';
  const scope = scopeOf(declarator, lexical);
  const value = declarator.childForFieldName('value') ?? undefined;
  const constant = keyword === 'const';
  if (nameNode.type === 'identifier') {
    declare(facts, { name: nameNode.text, kind: 'variable', scope, node: declarator, value, constant });
    return;
  }
  for (const [name, path] of destructured(nameNode, [])) {
    declare(facts, { name, kind: 'variable', scope, node: declarator, value, path, constant });
  }
}

/** Names bound by an object/array pattern with the property path each one takes. */
function destructured(pattern: Node, path: string[]): [string, string[] | undefined][] {
  const out: [string, string[] | undefined][] = [];
  if (pattern.type === 'identifier') return [[pattern.text, path]];
  if (pattern.type === 'object_pattern') {
    for (const child of namedChildren(pattern)) {
      if (child.type === 'shorthand_property_identifier_pattern') out.push([child.text, [...path, child.text]]);
      else if (child.type === 'pair_pattern') {
        const key = child.childForFieldName('key');
        const value = child.childForFieldName('value');
        if (key && value) out.push(...destructured(value, [...path, key.type === 'property_identifier' ? key.text : key.text.slice(1, -1)]));
      } else if (child.type === 'object_assignment_pattern') {
        const left = child.childForFieldName('left');
        if (left?.type === 'shorthand_property_identifier_pattern') out.push([left.text, [...path, left.text]]);
      } else {
        // Rest elements and the like: the name exists but its value is not a property.
        for (const id of patternNames(child)) out.push([id, undefined]);
      }
    }
    return out;
  }
  for (const id of patternNames(pattern)) out.push([id, undefined]);
  return out;
}

/** Every name bound anywhere inside a pattern or parameter list (default values excluded). */
function patternNames(node: Node): string[] {
  const names: string[] = [];
  const walk = (n: Node): void => {
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        names.push(n.text);
        return;
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        const left = n.childForFieldName('left');
        if (left) walk(left);
        return;
      }
      case 'required_parameter':
      case 'optional_parameter': {
        const p = n.childForFieldName('pattern');
        if (p) walk(p);
        return;
      }
      case 'pair_pattern': {
        const v = n.childForFieldName('value');
        if (v) walk(v);
        return;
      }
      case 'type_annotation':
        return;
      default:
        for (const c of namedChildren(n)) walk(c);
    }
  };
  walk(node);
  return names;
}

function importedNames(node: Node): string[] {
  const names: string[] = [];
  for (const child of namedChildren(node)) {
    if (child.type === 'import_require_clause') {
      const id = child.namedChildren.find((c) => c?.type === 'identifier');
      if (id) names.push(id.text);
    }
    if (child.type !== 'import_clause') continue;
    for (const part of namedChildren(child)) {
      if (part.type === 'identifier') names.push(part.text);
      else if (part.type === 'namespace_import') {
        const id = part.namedChildren.find((c) => c?.type === 'identifier');
        if (id) names.push(id.text);
      } else if (part.type === 'named_imports') {
        for (const spec of namedChildren(part)) {
          const local = spec.childForFieldName('alias') ?? spec.childForFieldName('name');
          if (local) names.push(local.text);
        }
      }
    }
  }
  return names;
}

/** The scope a declaration at `node` belongs to: the nearest function or program (or block, for let/const). */
function scopeOf(node: Node, lexical: boolean): Node {
  let last = node;
  for (let p: Node | null = node; p; last = p, p = p.parent) {
    if (FUNCTION_TYPES.has(p.type) && p !== node) return p;
    if (lexical && p.type === 'statement_block' && p !== node && !FUNCTION_TYPES.has(p.parent?.type ?? '')) return p;
    // A `for (const x of ...)` header belongs to the loop.
    if (lexical && (p.type === 'for_in_statement' || p.type === 'for_statement') && p !== node) return p;
  }
  return last;
}

/**
 * The declaration `identifier` refers to: the one in the nearest enclosing scope
 * (function parameters included), so a local `server` in another function does not match.
 */
export function lookup(facts: FileFacts, identifier: Node): Declaration | undefined {
  const candidates = facts.declarations.get(identifier.text);
  if (!candidates) return undefined;
  let best: Declaration | undefined;
  let bestDepth = -1;
  for (const decl of candidates) {
    const s = decl.scope;
    if (s.startIndex <= identifier.startIndex && identifier.endIndex <= s.endIndex) {
      // Deeper (narrower) scopes win; among equals, the last declaration before the use.
      const depth = s.endIndex - s.startIndex;
      if (best === undefined || depth < bestDepth || (depth === bestDepth && decl.node.startIndex <= identifier.startIndex)) {
        best = decl;
        bestDepth = depth;
      }
    }
  }
  return best;
}

/** The right-hand sides assigned to the name `identifier` declares (`s = dgram.createSocket(...)`). */
export function assignedValues(facts: FileFacts, decl: Declaration): Node[] {
  const values: Node[] = [];
  for (const assignment of facts.assignments) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (!left || !right) continue;
    const target = unwrap(left);
    if (target.type === 'identifier' && target.text === decl.name && lookup(facts, target) === decl) values.push(right);
  }
  return values;
}
