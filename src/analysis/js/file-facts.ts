// One pass over the syntax tree, inside wasm, collects every node the rules look at (and the
// scopes they sit in), so analysis on keystrokes never walks the tree in JavaScript.
import type { Language, Node, Tree } from 'web-tree-sitter';
import { FUNCTION_TYPES, namedChildren, unwrap } from './syntax';

/** Where a name is declared: an import, a variable (maybe destructured), a parameter, a function or class. */
export interface Declaration {
  name: string;
  kind: 'import' | 'variable' | 'parameter' | 'function' | 'class';
  /** The scope node (program, function, or block for let/const) the name belongs to. */
  scope: Node;
  /** The scope's offsets, kept as numbers: reading them from a node costs a call into wasm. */
  scopeStart: number;
  scopeEnd: number;
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
  /** Name -> right-hand sides of `name = value` assignments. */
  assignmentsTo: Map<string, { target: Node; value: Node }[]>;
  /** Class fields with an initializer (`sock = dgram.createSocket(...)`). */
  fields: Node[];
  /** Name -> declarations with that name, in source order. */
  declarations: Map<string, Declaration[]>;
  /** Identifier node id -> its declaration (null: none), filled by `lookup`. */
  resolved: Map<number, Declaration | null>;
}

const COLLECTED = new Set([
  'call_expression',
  'new_expression',
  'import_statement',
  'assignment_expression',
  'lexical_declaration',
  'variable_declaration',
  'field_definition',
  'public_field_definition',
  'function_declaration',
  'generator_function_declaration',
  'class_declaration',
  'formal_parameters',
  'arrow_function',
]);

/** Nodes that scope `let`/`const` (functions scope everything). */
const BLOCK_SCOPES = new Set(['statement_block', 'for_statement', 'for_in_statement', 'class_body', 'switch_body']);

/** Where declarations land: the innermost function and the innermost block. */
interface Scope {
  node: Node;
  end: number;
}

interface Scopes {
  fn: Scope;
  block: Scope;
  root: Scope;
}

/**
 * The node types to collect, per grammar (the TypeScript grammars add `public_field_definition`,
 * JavaScript has `field_definition`). Measured on a 10,000-line file, `descendantsOfType` finds
 * them inside wasm in half the time a query takes and far faster than a cursor walk in JS.
 */
const typeLists = new WeakMap<Language, string[]>();

function collectedTypes(language: Language): string[] {
  let types = typeLists.get(language);
  if (!types) {
    types = [...new Set([...COLLECTED, ...FUNCTION_TYPES, ...BLOCK_SCOPES])].filter(
      (type) => language.idForNodeType(type, true) !== null,
    );
    typeLists.set(language, types);
  }
  return types;
}

export function collectFacts(tree: Tree): FileFacts {
  const root = tree.rootNode;
  const facts: FileFacts = {
    root,
    calls: [],
    news: [],
    imports: [],
    assignments: [],
    assignmentsTo: new Map(),
    fields: [],
    declarations: new Map(),
    resolved: new Map(),
  };
  const rootEnd = root.endIndex;
  // Open scopes, innermost last, with their end offsets (nodes come in document order, so a
  // scope is closed once a node starts at or after its end).
  const rootScope: Scope = { node: root, end: rootEnd };
  const fnStack: Scope[] = [rootScope];
  const blockStack: Scope[] = [rootScope];
  // Pre-order: a scope comes before everything inside it.
  for (const node of root.descendantsOfType(collectedTypes(tree.language))) {
    if (!node) continue;
    const start = node.startIndex;
    while (fnStack.length > 1 && fnStack[fnStack.length - 1].end <= start) fnStack.pop();
    while (blockStack.length > 1 && blockStack[blockStack.length - 1].end <= start) blockStack.pop();
    const type = node.type;
    if (COLLECTED.has(type))
      visit(facts, node, { fn: fnStack[fnStack.length - 1], block: blockStack[blockStack.length - 1], root: rootScope });
    const isFunction = FUNCTION_TYPES.has(type);
    if (isFunction || BLOCK_SCOPES.has(type)) {
      const scope: Scope = { node, end: node.endIndex };
      if (isFunction) fnStack.push(scope);
      blockStack.push(scope);
    }
  }
  return facts;
}

function visit(facts: FileFacts, node: Node, scopes: Scopes): void {
  switch (node.type) {
    case 'call_expression':
      facts.calls.push(node);
      return;
    case 'new_expression':
      facts.news.push(node);
      return;
    case 'import_statement':
      facts.imports.push(node);
      for (const name of importedNames(node)) declare(facts, scopes.root, { name, kind: 'import', node, constant: true });
      return;
    case 'assignment_expression': {
      facts.assignments.push(node);
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const target = left ? unwrap(left) : undefined;
      if (target?.type === 'identifier' && right) {
        let list = facts.assignmentsTo.get(target.text);
        if (!list) facts.assignmentsTo.set(target.text, (list = []));
        list.push({ target, value: right });
      }
      return;
    }
    case 'field_definition':
    case 'public_field_definition':
      if (node.childForFieldName('value')) facts.fields.push(node);
      return;
    case 'lexical_declaration':
    case 'variable_declaration': {
      const constant = node.child(0)?.type === 'const';
      const scope = node.type === 'lexical_declaration' ? scopes.block : scopes.fn;
      for (const declarator of namedChildren(node)) {
        if (declarator.type === 'variable_declarator') declareVariable(facts, declarator, scope, constant);
      }
      return;
    }
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'class_declaration': {
      const name = node.childForFieldName('name');
      if (name)
        declare(facts, scopes.block, {
          name: name.text,
          kind: node.type === 'class_declaration' ? 'class' : 'function',
          node,
          constant: false,
        });
      return;
    }
    case 'formal_parameters':
      // Visited as a child of its function, which is the innermost function by now.
      for (const id of patternNames(node))
        declare(facts, scopes.fn, { name: id, kind: 'parameter', node: scopes.fn.node, constant: false });
      return;
    case 'arrow_function': {
      const single = node.childForFieldName('parameter');
      if (single) declare(facts, { node, end: node.endIndex }, { name: single.text, kind: 'parameter', node, constant: false });
      return;
    }
  }
}

function declare(facts: FileFacts, scope: Scope, partial: Omit<Declaration, 'scope' | 'scopeStart' | 'scopeEnd'>): void {
  const decl = partial as Declaration;
  decl.scope = scope.node;
  decl.scopeStart = scope.node.startIndex;
  decl.scopeEnd = scope.end;
  let list = facts.declarations.get(decl.name);
  if (!list) facts.declarations.set(decl.name, (list = []));
  list.push(decl);
}

function declareVariable(facts: FileFacts, declarator: Node, scope: Scope, constant: boolean): void {
  const nameNode = declarator.childForFieldName('name');
  if (!nameNode) return;
  const value = declarator.childForFieldName('value') ?? undefined;
  if (nameNode.type === 'identifier') {
    declare(facts, scope, { name: nameNode.text, kind: 'variable', node: declarator, value, constant });
    return;
  }
  for (const [name, path] of destructured(nameNode, [])) {
    declare(facts, scope, { name, kind: 'variable', node: declarator, value, path, constant });
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
        if (key && value)
          out.push(...destructured(value, [...path, key.type === 'property_identifier' ? key.text : key.text.slice(1, -1)]));
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

/**
 * The declaration `identifier` refers to: the one in the nearest enclosing scope
 * (function parameters included), so a local `server` in another function does not match.
 */
export function lookup(facts: FileFacts, identifier: Node): Declaration | undefined {
  const cached = facts.resolved.get(identifier.id);
  if (cached !== undefined) return cached ?? undefined;
  const found = findDeclaration(facts, identifier);
  facts.resolved.set(identifier.id, found ?? null);
  return found;
}

/** Declaration lists already sorted for `findDeclaration` (sorted on first lookup of a name). */
const sortedLists = new WeakSet<Declaration[]>();

/**
 * Scopes containing a position are nested, so among the declarations whose scope starts at or
 * before it, the innermost containing scope is met first when walking back from the last one
 * (lists sorted by scope start, outer scopes first on ties).
 */
function findDeclaration(facts: FileFacts, identifier: Node): Declaration | undefined {
  const candidates = facts.declarations.get(identifier.text);
  if (!candidates) return undefined;
  if (!sortedLists.has(candidates)) {
    candidates.sort((a, b) => a.scopeStart - b.scopeStart || b.scopeEnd - a.scopeEnd || a.node.startIndex - b.node.startIndex);
    sortedLists.add(candidates);
  }
  const at = identifier.startIndex;
  let lo = 0;
  let hi = candidates.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (candidates[mid].scopeStart <= at) lo = mid + 1;
    else hi = mid - 1;
  }
  let best: Declaration | undefined;
  for (let i = hi; i >= 0; i--) {
    const decl = candidates[i];
    // Past the innermost scope's group: what remains is outer (or ended before the use).
    if (best && (decl.scopeStart !== best.scopeStart || decl.scopeEnd !== best.scopeEnd)) break;
    if (decl.scopeEnd <= at) continue;
    // In one scope: the last declaration before the use, else the first one.
    if (!best || best.node.startIndex > at) best = decl;
  }
  return best;
}

/** The right-hand sides assigned to the name a declaration declares (`s = dgram.createSocket(...)`). */
export function assignedValues(facts: FileFacts, decl: Declaration): Node[] {
  const values: Node[] = [];
  for (const { target, value } of facts.assignmentsTo.get(decl.name) ?? []) {
    if (lookup(facts, target) === decl) values.push(value);
  }
  return values;
}
