// Edits that keep the file's layout: new statements go on their own lines, indented like the
// statement they precede; removed statements take their line with them.
import type { Node } from 'web-tree-sitter';
import { eolOf } from '../../text';
import type { TextEdit } from '../../types';
import type { CModel } from '../model';
import { nodeRange } from '../syntax';

/**
 * The comment lines directly above `stmt` (no blank line between) belong to it:
 * `/* Bind to the address *\/` stays on the bind, and a suppression comment keeps pointing at
 * the line it was written for.
 */
function withLeadingComments(model: CModel, stmt: Node): Node {
  let anchor = stmt;
  for (let prev = stmt.previousSibling; prev?.type === 'comment'; prev = prev.previousSibling) {
    if (prev.endPosition.row !== anchor.startPosition.row - 1 || !model.startsLine(prev)) break;
    anchor = prev;
  }
  return anchor;
}

/** Inserts `statements` before `stmt` (and the comments on the lines above it), each on its own line at `stmt`'s indentation. */
export function insertBefore(model: CModel, stmt: Node, statements: string[]): TextEdit {
  const anchor = model.startsLine(stmt) ? withLeadingComments(model, stmt) : stmt;
  const row = anchor.startPosition.row;
  if (model.startsLine(anchor)) {
    const indent = model.indentOf(stmt);
    const eol = eolOf(model.file.text);
    const at = { line: row, character: 0 };
    return { range: { start: at, end: at }, newText: statements.map((s) => indent + s + eol).join('') };
  }
  const at = { line: row, character: anchor.startPosition.column };
  return { range: { start: at, end: at }, newText: statements.map((s) => s + ' ').join('') };
}

/** Deletes `stmt`; when it is alone on its lines, the lines go too. */
export function deleteStatement(model: CModel, stmt: Node): TextEdit {
  const endRow = stmt.endPosition.row;
  if (model.startsLine(stmt) && /^\s*$/.test(model.restOfLine(stmt))) {
    return {
      range: { start: { line: stmt.startPosition.row, character: 0 }, end: { line: endRow + 1, character: 0 } },
      newText: '',
    };
  }
  return { range: nodeRange(stmt), newText: '' };
}

/** `text` of `outer` with `inner` (a node inside it) replaced by `replacement`. */
export function replaceWithin(outer: Node, inner: Node, replacement: string): string {
  const text = outer.text;
  return text.slice(0, inner.startIndex - outer.startIndex) + replacement + text.slice(inner.endIndex - outer.startIndex);
}

/** Re-labels error messages of copied code: `perror("bind")` → `perror("setsockopt")`. */
export function relabelStrings(text: string, from: string, to: string): string {
  const word = new RegExp(`\\b${from}\\b`, 'g');
  return text.replace(/"(?:[^"\\\n]|\\.)*"/g, (literal) => literal.replace(word, to));
}
