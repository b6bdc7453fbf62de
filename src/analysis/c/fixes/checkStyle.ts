// Writes a new call the way the code checks the call it mirrors: `if (bind(...) < 0) { perror("bind"); return 1; }`
// gives `if (setsockopt(...) < 0) { perror("setsockopt"); return 1; }`; `ret = bind(...)` gives
// `ret = setsockopt(...)`; `CHECK(bind(...))` gives `CHECK(setsockopt(...))`; an unchecked bind gives
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

/**
 * The statement that calls `newCall` in place of `call`, checked like `stmt` checks `call`.
 * `name` is the called function's old name (relabelled in string literals).
 */
export function mirrorStatement(
  stmt: Node,
  call: Node,
  newCall: string,
  oldName: string,
  newName: string,
  parentOf: (n: Node) => Node | null,
): string {
  const plain = `${newCall};`;
  if (stmt.type === 'expression_statement') return relabelStrings(replaceWithin(stmt, call, newCall), oldName, newName);
  if (stmt.type === 'if_statement') {
    const condition = stmt.childForFieldName('condition');
    const consequence = stmt.childForFieldName('consequence');
    if (!condition || !consequence || !(condition.startIndex <= call.startIndex && call.endIndex <= condition.endIndex)) return plain;
    if (!testsFailure(call, condition, parentOf)) return plain;
    const head = stmt.text.slice(0, consequence.startIndex - stmt.startIndex);
    const headWithCall = head.slice(0, call.startIndex - stmt.startIndex) + newCall + head.slice(call.endIndex - stmt.startIndex);
    const copy = headWithCall + consequence.text;
    // Comments describe the original statement; the copy goes without them.
    const comments = stmt.descendantsOfType('comment').filter((c): c is Node => !!c && c.startIndex >= call.endIndex);
    return relabelStrings(withoutComments(copy, comments, stmt.startIndex - (newCall.length - (call.endIndex - call.startIndex)), call.endIndex), oldName, newName);
  }
  return plain;
}
