// A value reached through a function's parameter (`var onBind = function (s, isMc) { ...
// s.addMembership(...) }` called as `onBind(mc, true)`): the file's calls of that function and
// the arguments they pass, with the branches a literal argument rules out for that call
// (`if (isMc)` under `onBind(uc, false)`).
import type { Node } from 'web-tree-sitter';
import { type Declaration, type FileFacts, lookup } from './file-facts';
import { FUNCTION_TYPES, argumentsOf, namedChildren, unwrap } from './syntax';

export interface ParameterUse {
  /** The function the parameter belongs to. */
  fn: Node;
  index: number;
}

/** `s` in `function (s, t) { ... s.x() }`: the parameter a name refers to, when it is a plain identifier. */
export function parameterOf(facts: FileFacts, id: Node): ParameterUse | undefined {
  const decl = lookup(facts, id);
  if (decl?.kind !== 'parameter' || !FUNCTION_TYPES.has(decl.node.type)) return undefined;
  const index = parameterIndex(decl.node, id.text);
  return index < 0 ? undefined : { fn: decl.node, index };
}

/** The names of `fn`'s parameters in order; undefined for a destructured or rest one. */
function parameterNames(fn: Node): (string | undefined)[] {
  const single = fn.childForFieldName('parameter');
  if (single) return [single.text];
  const params = fn.childForFieldName('parameters');
  return (params ? namedChildren(params) : [])
    .filter((p) => p.type !== 'comment')
    .map((p) => {
      const target = p.type === 'assignment_pattern' ? p.childForFieldName('left') : p;
      return target?.type === 'identifier' ? target.text : undefined;
    });
}

/** The position of the plain (or defaulted) parameter `name` of `fn`, or -1. */
function parameterIndex(fn: Node, name: string): number {
  return parameterNames(fn).indexOf(name);
}

/** The name of `fn`'s parameter at `index`, when it is a plain (or defaulted) one. */
export function parameterNameAt(fn: Node, index: number): string | undefined {
  return parameterNames(fn)[index];
}

/** The declaration naming `fn`: `function name() {}` or `var name = function () {}` (or an arrow). */
function declarationOf(facts: FileFacts, fn: Node): Declaration | undefined {
  if (fn.type === 'function_declaration') {
    const name = fn.childForFieldName('name');
    return name ? lookup(facts, name) : undefined;
  }
  const declarator = fn.parent;
  const name = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('name') : null;
  if (!name || name.type !== 'identifier' || declarator?.childForFieldName('value')?.id !== fn.id) return undefined;
  const decl = lookup(facts, name);
  // Reassigned: another function may run under the name.
  return decl && !facts.assignmentsTo.get(decl.name)?.some((a) => lookup(facts, a.target) === decl) ? decl : undefined;
}

const callerCache = new WeakMap<Node, Node[] | null>();

/**
 * Every call of `fn` in the file, or undefined when the file does not show them all: the function
 * is unnamed or reassigned, or its name is used otherwise than called (handed over, exported, stored).
 */
export function callersOf(facts: FileFacts, fn: Node): Node[] | undefined {
  const cached = callerCache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let callers: Node[] | undefined;
  const decl = declarationOf(facts, fn);
  if (decl) {
    callers = [];
    for (const id of decl.scope.descendantsOfType('identifier')) {
      if (!id || id.text !== decl.name || lookup(facts, id) !== decl) continue;
      const p = id.parent;
      if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === id.id) callers.push(p);
      // Any other mention than its declaration hands the function over: callers the file does not show.
      else if (p?.id !== decl.node.id && p?.id !== fn.id) {
        callers = undefined;
        break;
      }
    }
  }
  callerCache.set(fn, callers ?? null);
  return callers;
}

/** A literal's truth: `true`, `1`, a string are true; `false`, `0`, `null`, `undefined`, a missing argument false. */
function literalTruth(arg: Node | undefined): boolean | undefined {
  if (!arg) return false;
  const node = unwrap(arg);
  switch (node.type) {
    case 'true':
      return true;
    case 'false':
    case 'null':
    case 'undefined':
      return false;
    case 'number':
      return Number(node.text) !== 0;
    case 'string':
      return node.text.length > 2;
    default:
      return node.type === 'identifier' && node.text === 'undefined' ? false : undefined;
  }
}

/** `isMc` or `!isMc` naming a parameter of `fn`: its index and whether it is negated. */
function parameterTest(facts: FileFacts, fn: Node, condition: Node): { index: number; negated: boolean } | undefined {
  let node = unwrap(condition);
  let negated = false;
  while (node.type === 'unary_expression' && node.childForFieldName('operator')?.text === '!') {
    const inner = node.childForFieldName('argument');
    if (!inner) return undefined;
    node = unwrap(inner);
    negated = !negated;
  }
  if (node.type !== 'identifier') return undefined;
  const param = parameterOf(facts, node);
  return param && param.fn.id === fn.id ? { index: param.index, negated } : undefined;
}

/**
 * Whether `use`, inside `fn`, cannot run for `call`: it sits in an `if` arm that the literal
 * argument `call` passes for the tested parameter rules out (`if (isMc)` and `onBind(uc, false)`).
 */
export function ruledOutFor(facts: FileFacts, fn: Node, use: Node, call: Node): boolean {
  const args = argumentsOf(call);
  let child = use;
  for (let p = use.parent; p && p.id !== fn.id; child = p, p = p.parent) {
    let taken: boolean | undefined;
    if (p.type === 'if_statement' || p.type === 'ternary_expression') {
      const condition = p.childForFieldName('condition');
      if (!condition || child.id === condition.id) continue;
      const test = parameterTest(facts, fn, condition);
      const truth = test && literalTruth(args[test.index]);
      if (!test || truth === undefined) continue;
      taken = truth !== test.negated;
      const inThen = child.id === p.childForFieldName('consequence')?.id;
      if (inThen ? !taken : taken) return true;
    } else if (p.type === 'binary_expression' && p.childForFieldName('operator')?.text === '&&') {
      const left = p.childForFieldName('left');
      if (!left || child.id !== p.childForFieldName('right')?.id) continue;
      const test = parameterTest(facts, fn, left);
      const truth = test && literalTruth(args[test.index]);
      if (test && truth !== undefined && truth === test.negated) return true;
    }
  }
  return false;
}
