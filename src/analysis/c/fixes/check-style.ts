// Writes a new call the way the code checks the call it mirrors: `if (bind(...) < 0) { perror("bind"); return 1; }`
// gives `if (setsockopt(...) < 0) { perror("setsockopt"); return 1; }`; `ret = bind(...)` gives
// `ret = setsockopt(...)` (with a copy of the `if (ret < 0) ...` that follows); `CHECK(bind(...))` gives `CHECK(setsockopt(...))`; an unchecked bind gives
// an unchecked call (no invented error handling).
import type { Node } from 'web-tree-sitter';
import { relabelStrings, replaceWithin } from './edits';

/** Is `call` in `condition` tested for failure (`< 0`, `== -1`, `!= 0`, bare), rather than for success? */
function testsFailure(call: Node, condition: Node, parentOf: (n: Node) => Node | null): boolean {
  let node = call;
  let parent = parentOf(node);
  while (parent && parent.id !== condition.id && parent.type === 'parenthesized_expression') {
    node = parent;
    parent = parentOf(node);
  }
  if (!parent || parent.id === condition.id) return true;
  if (parent.type === 'unary_expression') return false;
  if (parent.type !== 'binary_expression') return false;
  const op = parent.childForFieldName('operator')?.text ?? '';
  const left = parent.childForFieldName('left');
  const other = (left?.id === node.id ? parent.childForFieldName('right') : left)?.text.replace(/\s+/g, '') ?? '';
  if (op === '<' && other === '0') return left?.id === node.id;
  if (op === '==') return other === '-1' || other === 'SOCKET_ERROR';
  if (op === '!=') return other === '0';
  if (op === '||') return true;
  return false;
}

/** Removes `comments` (original offsets; `origin` is where the original text would start in `text`) and the lines they leave empty. */
function withoutComments(text: string, comments: Node[], origin: number, after: number): string {
  let out = text;
  for (const c of [...comments].reverse()) {
    if (c.startIndex < after) continue;
    let start = c.startIndex - origin;
    let end = c.endIndex - origin;
    const lineStart = out.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = out.indexOf('\n', end);
    if (/^[ \t]*$/.test(out.slice(lineStart, start)) && /^[ \t\r]*$/.test(out.slice(end, lineEnd < 0 ? out.length : lineEnd))) {
      start = lineStart;
      end = lineEnd < 0 ? out.length : lineEnd + 1;
    } else {
      while (start > 0 && (out[start - 1] === ' ' || out[start - 1] === '\t')) start--;
    }
    out = out.slice(0, start) + out.slice(end);
  }
  return out;
}

/** `stmt`'s if-head and consequence with `call` replaced by `newCall`: the else branch and the comments after the call stay behind. */
function copyCheck(stmt: Node, consequence: Node, call: Node, newCall: string): string {
  const head = stmt.text.slice(0, consequence.startIndex - stmt.startIndex);
  const headWithCall = head.slice(0, call.startIndex - stmt.startIndex) + newCall + head.slice(call.endIndex - stmt.startIndex);
  const copy = headWithCall + consequence.text;
  // Comments describe the original statement; the copy goes without them.
  const comments = stmt.descendantsOfType('comment').filter((c): c is Node => !!c && c.startIndex >= call.endIndex);
  return withoutComments(copy, comments, stmt.startIndex - (newCall.length - (call.endIndex - call.startIndex)), call.endIndex);
}

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

/**
 * The part of `condition` that tests `call` alone (`bind(b, ...) < 0` in `if (bind(a, ...) < 0 ||
 * bind(b, ...) < 0)`), when the condition tests more than that call; undefined when it tests only
 * the call (the whole condition is then copied). A copy of the whole condition would call the
 * other operands again (a second bind of the other socket, before its own setsockopt).
 */
function ownTest(call: Node, condition: Node, parentOf: (n: Node) => Node | null): Node | undefined {
  const climbParens = (from: Node): Node => {
    let node = from;
    let parent = parentOf(node);
    while (parent && parent.id !== condition.id && parent.type === 'parenthesized_expression') {
      node = parent;
      parent = parentOf(node);
    }
    return node;
  };
  let test = climbParens(call);
  const parent = parentOf(test);
  if (parent && parent.id !== condition.id && parent.type === 'binary_expression') {
    if (COMPARISONS.has(parent.childForFieldName('operator')?.text ?? '')) test = climbParens(parent);
  }
  return parentOf(test)?.id === condition.id ? undefined : test;
}

/** `if (<test with call replaced by newCall>)` and `stmt`'s consequence; the else branch and comments stay behind. */
function copyOwnCheck(stmt: Node, condition: Node, consequence: Node, test: Node, call: Node, newCall: string): string {
  const at = (n: number): number => n - stmt.startIndex;
  const ownTest =
    test.text.slice(0, call.startIndex - test.startIndex) + newCall + test.text.slice(call.endIndex - test.startIndex);
  const head =
    stmt.text.slice(0, at(condition.startIndex)) +
    `(${ownTest})` +
    stmt.text.slice(at(condition.endIndex), at(consequence.startIndex));
  const comments = consequence.descendantsOfType('comment').filter((c): c is Node => !!c);
  return withoutComments(head + consequence.text, comments, consequence.startIndex - head.length, consequence.startIndex);
}

/**
 * `ret = bind(...);` followed by `if (ret < 0) { perror("bind"); return 1; }` (the seed's style):
 * the if statement that checks the assigned variable for failure, if there is one.
 */
function followingCheck(
  stmt: Node,
  call: Node,
  parentOf: (n: Node) => Node | null,
): { check: Node; use: Node; consequence: Node } | undefined {
  const expr = stmt.namedChild(0);
  if (expr?.type !== 'assignment_expression' || expr.childForFieldName('right')?.id !== call.id) return undefined;
  const variable = expr.childForFieldName('left');
  if (variable?.type !== 'identifier') return undefined;
  let next = stmt.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  if (next?.type !== 'if_statement') return undefined;
  const condition = next.childForFieldName('condition');
  const consequence = next.childForFieldName('consequence');
  const use = condition?.descendantsOfType('identifier').find((n): n is Node => !!n && n.text === variable.text);
  if (!condition || !consequence || !use || !testsFailure(use, condition, parentOf)) return undefined;
  return { check: next, use, consequence };
}

/**
 * The statements that call `newCall` in place of `call`, checked like the code checks `call`.
 * `oldName` is the called function's old name (relabelled in string literals).
 */
export function mirrorStatement(
  stmt: Node,
  call: Node,
  newCall: string,
  oldName: string,
  newName: string,
  parentOf: (n: Node) => Node | null,
): string[] {
  const plain = [`${newCall};`];
  if (stmt.type === 'expression_statement') {
    const mirrored = relabelStrings(replaceWithin(stmt, call, newCall), oldName, newName);
    const following = followingCheck(stmt, call, parentOf);
    if (!following) return [mirrored];
    // The check tests the variable, not the call: copy it as it is, relabelled.
    const { check, use, consequence } = following;
    return [mirrored, relabelStrings(copyCheck(check, consequence, use, use.text), oldName, newName)];
  }
  if (stmt.type === 'if_statement') {
    const condition = stmt.childForFieldName('condition');
    const consequence = stmt.childForFieldName('consequence');
    if (!condition || !consequence || !(condition.startIndex <= call.startIndex && call.endIndex <= condition.endIndex))
      return plain;
    if (!testsFailure(call, condition, parentOf)) return plain;
    const test = ownTest(call, condition, parentOf);
    if (test) return [relabelStrings(copyOwnCheck(stmt, condition, consequence, test, call, newCall), oldName, newName)];
    return [relabelStrings(copyCheck(stmt, consequence, call, newCall), oldName, newName)];
  }
  return plain;
}
