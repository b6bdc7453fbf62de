// Fix builder: a new statement just before the statement that holds a node, indented like it
// and ending with a semicolon when the file uses them.
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { type JsModel, textStyle } from '../model';
import { enclosingStatement } from '../syntax';

/** Inserts `code` (one statement, no trailing semicolon) on its own line above the statement holding `node`. */
export function insertStatementBefore(model: JsModel, node: Node, code: string): TextEdit {
  const statement = enclosingStatement(node);
  const row = statement.startPosition.row;
  const column = statement.startPosition.column;
  const before = (model.lines[row] ?? '').slice(0, column);
  if (/^[ \t]*$/.test(before)) {
    const at = { line: row, character: 0 };
    const semi = textStyle(model).semicolons ? ';' : '';
    // Every line of a multi-line statement gets the statement's indentation.
    const indented = code
      .split('\n')
      .map((l, i) => (i === 0 || l === '' ? l : before + l))
      .join(model.eol);
    return { range: { start: at, end: at }, newText: before + indented + semi + model.eol };
  }
  // The statement shares its line with other code: stay on that line.
  const at = { line: row, character: column };
  return { range: { start: at, end: at }, newText: code.replace(/\n\s*/g, ' ') + '; ' };
}
