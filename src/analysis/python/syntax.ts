// Small helpers over tree-sitter-python nodes: ranges, call arguments, statements, scopes.
import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../types';

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export interface CallArgs {
  positional: Node[];
  keywords: Map<string, Node>;
  /** `*args` or `**kwargs` present: positions and names beyond what is written are unknown. */
  splat: boolean;
}

export function callArgs(call: Node): CallArgs {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  let splat = false;
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) keywords.set(name, value);
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') splat = true;
    else positional.push(arg);
  }
  return { positional, keywords, splat };
}

/** The argument at `index` or given as `name=`. */
export function argument(args: CallArgs, index: number, name?: string): Node | undefined {
  return (name ? args.keywords.get(name) : undefined) ?? args.positional[index];
}

/** `recv.method(...)`: the receiver and method name, when the callee is an attribute. */
export function methodOf(call: Node): { receiver: Node; name: string; nameNode: Node } | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const receiver = fn.childForFieldName('object');
  const nameNode = fn.childForFieldName('attribute');
  return receiver && nameNode ? { receiver, name: nameNode.text, nameNode } : undefined;
}

/** The last identifier of a callee (`TCPServer` of `socketserver.TCPServer`), for hovers. */
export function calleeName(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute') ?? undefined;
  return fn ?? undefined;
}

/** The statement (a child of a block or of the module) that contains `node`. */
export function enclosingStatement(node: Node): Node {
  let current = node;
  while (current.parent && current.parent.type !== 'block' && current.parent.type !== 'module') current = current.parent;
  return current;
}

export function isFunction(node: Node): boolean {
  return node.type === 'function_definition';
}

/** Per tree, node id -> its enclosing function (null: none). The model and evaluator ask it for the same nodes often. */
const enclosingFunctions = new WeakMap<Tree, Map<number, Node | null>>();

/** The function definition whose body holds `node` (not lambdas), if any. */
export function enclosingFunction(node: Node): Node | undefined {
  let byId = enclosingFunctions.get(node.tree);
  if (!byId) enclosingFunctions.set(node.tree, (byId = new Map<number, Node | null>()));
  const known = byId.get(node.id);
  if (known !== undefined) return known ?? undefined;
  // Every ancestor passed on the way up (none a function) has the same answer.
  const passed = [node.id];
  let found: Node | null = null;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      found = p;
      break;
    }
    const above = byId.get(p.id);
    if (above !== undefined) {
      found = above;
      break;
    }
    passed.push(p.id);
  }
  for (const id of passed) byId.set(id, found);
  return found ?? undefined;
}

/** The class whose body defines `fn` directly (a method), if any. */
export function classOfMethod(fn: Node): Node | undefined {
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  if (p?.type !== 'block') return undefined;
  return p.parent?.type === 'class_definition' ? p.parent : undefined;
}

/** Per tree, function id -> its parameter names: the evaluator asks at every name it follows. */
const parameterLists = new WeakMap<Tree, Map<number, readonly string[]>>();

/** The names of a function's parameters, in order (`self` included). */
export function parameterNames(fn: Node): readonly string[] {
  let byId = parameterLists.get(fn.tree);
  if (!byId) parameterLists.set(fn.tree, (byId = new Map<number, readonly string[]>()));
  let names = byId.get(fn.id);
  if (!names) byId.set(fn.id, (names = listParameters(fn)));
  return names;
}

/** The default value `fn` gives its parameter `name` (`port=8080`), if it has one. */
export function parameterDefault(fn: Node, name: string): Node | undefined {
  return (
    fn
      .childForFieldName('parameters')
      ?.namedChildren.find((p) => p?.childForFieldName('name')?.text === name)
      ?.childForFieldName('value') ?? undefined
  );
}

function listParameters(fn: Node): string[] {
  const names: string[] = [];
  for (const param of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!param) continue;
    if (param.type === 'identifier') names.push(param.text);
    else if (param.type === 'default_parameter' || param.type === 'typed_default_parameter')
      names.push(param.childForFieldName('name')?.text ?? '');
    else if (param.type === 'typed_parameter')
      names.push(param.namedChild(0)?.type === 'identifier' ? param.namedChild(0)!.text : '');
    else if (param.type === 'list_splat_pattern' || param.type === 'dictionary_splat_pattern')
      names.push('*' + (param.namedChild(0)?.text ?? ''));
  }
  return names;
}

/** The leading whitespace of the line `node` starts on. */
export function indentOf(text: string, node: Node): string {
  const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, node.startIndex))?.[0] ?? '';
}

/** The indentation unit the file uses (`    ` when it cannot be told). */
export function indentUnit(text: string): string {
  const m = /:[ \t]*(?:#.*)?\r?\n([ \t]+)\S/.exec(text);
  return m ? m[1] : '    ';
}

/** A statement on a line of its own (not after `if x:` or `;` on the same line). */
export function ownsLine(text: string, statement: Node): boolean {
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, statement.startIndex));
}

/** Children of a block that are statements (comments skipped). */
export function statementsOf(block: Node | null | undefined): Node[] {
  return (block?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
}

/**
 * Where a finding on a call is shown: from the called name (`bind` of `sock.bind(...)`,
 * `TCPServer` of `socketserver.TCPServer(...)`) to the end of the call's first line.
 */
export function callRange(call: Node): Range {
  const start = (calleeName(call) ?? call).startPosition;
  const end = call.endPosition.row === start.row ? call.endPosition : undefined;
  const firstLineEnd = call.text.indexOf('\n');
  return {
    start: { line: start.row, character: start.column },
    end: end
      ? { line: end.row, character: end.column }
      : {
          line: call.startPosition.row,
          character: call.startPosition.column + (firstLineEnd < 0 ? call.text.length : firstLineEnd),
        },
  };
}

/** `x.allow_reuse_address = True`: from the attribute's name to the end of the assignment's line. */
export function attributeRange(assignment: Node): Range {
  const left = assignment.childForFieldName('left');
  const name = left?.type === 'attribute' ? left.childForFieldName('attribute') : left;
  const start = (name ?? assignment).startPosition;
  return {
    start: { line: start.row, character: start.column },
    end: { line: assignment.endPosition.row, character: assignment.endPosition.column },
  };
}
