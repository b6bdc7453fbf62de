// Text edits the Python fixes share: lines inserted before a statement at its indentation, a
// statement deleted (or replaced by `pass` when its block would be empty), module members named
// the way the file imports them (`socket.SO_REUSEADDR`, or `SO_REUSEADDR` added to the file's
// `from socket import ...`), and `import os` added when the file has none.
import type { Node } from 'web-tree-sitter';
import { eolOf } from '../../text';
import type { TextEdit } from '../../types';
import type { PyModel } from '../model';
import { enclosingStatement, indentOf, indentUnit, nodeRange, ownsLine, statementsOf } from '../syntax';

/** The statement holding `node` that starts its own line (`if x: s.bind(a)` gives the `if`). */
export function lineStatement(model: PyModel, node: Node): Node {
  let stmt = enclosingStatement(node);
  while (!ownsLine(model.text, stmt) && stmt.parent) {
    const up = stmt.parent.type === 'block' ? stmt.parent.parent : stmt.parent;
    if (!up || up.type === 'module') break;
    stmt = enclosingStatement(up);
  }
  return stmt;
}

/** Inserts `lines` (each already relative to the statement's indentation) on lines of their own before `stmt`. */
export function insertBefore(model: PyModel, stmt: Node, lines: string[]): TextEdit {
  const indent = indentOf(model.text, stmt);
  const eol = eolOf(model.text);
  const at = { line: stmt.startPosition.row, character: 0 };
  return { range: { start: at, end: at }, newText: lines.map((l) => (l ? indent + l : '') + eol).join('') };
}

/** Inserts `lines` after `stmt`, at its indentation. */
export function insertAfter(model: PyModel, stmt: Node, lines: string[]): TextEdit {
  const indent = indentOf(model.text, stmt);
  const eol = eolOf(model.text);
  const at = { line: stmt.endPosition.row, character: stmt.endPosition.column };
  return { range: { start: at, end: at }, newText: lines.map((l) => eol + indent + l).join('') };
}

/** Removes a statement that owns its line(s); `pass` takes its place when its block would be empty. */
export function deleteStatement(stmt: Node): TextEdit {
  const siblings = statementsOf(stmt.parent);
  if (stmt.parent?.type === 'block' && siblings.length === 1) return { range: nodeRange(stmt), newText: 'pass' };
  const start = { line: stmt.startPosition.row, character: 0 };
  const end = { line: stmt.endPosition.row + 1, character: 0 };
  return { range: { start, end }, newText: '' };
}

export interface Named {
  text: string;
  edits: TextEdit[];
}

/**
 * `module.member` as the file spells it. `fromImportEdits` collects one edit per from-import
 * statement, so several names added by one fix land in one edit.
 */
export function memberName(model: PyModel, module: string, member: string, pending: string[]): string {
  const local = model.imports.localName(module, member);
  if (local) return local;
  const style = model.imports.style(module);
  if (style.fromImport) {
    pending.push(member);
    return member;
  }
  pending.push(member);
  return member;
}

/** The edit that brings `members` of `module` in, for names memberName() could not find in scope. */
export function importEdits(model: PyModel, module: string, members: string[]): TextEdit[] {
  const unique = [...new Set(members)];
  if (unique.length === 0) return [];
  const style = model.imports.style(module);
  if (style.fromImport) {
    const names = style.fromImport.childrenForFieldName('name').filter((n): n is Node => !!n);
    const last = names[names.length - 1];
    if (last)
      return [{ range: { start: nodeRange(last).end, end: nodeRange(last).end }, newText: unique.map((m) => `, ${m}`).join('') }];
  }
  return [insertImportLine(model, `from ${module} import ${unique.join(', ')}`)];
}

/** `import os` (or another line) after the module's last top-level import, or at its top. */
export function insertImportLine(model: PyModel, line: string): TextEdit {
  const eol = eolOf(model.text);
  const top = statementsOf(model.root);
  const imports = top.filter(
    (s) => s.type === 'import_statement' || s.type === 'import_from_statement' || s.type === 'future_import_statement',
  );
  const last = imports[imports.length - 1];
  if (last) {
    const at = { line: last.endPosition.row + 1, character: 0 };
    return { range: { start: at, end: at }, newText: line + eol };
  }
  // After a module docstring, if any.
  const first = top[0];
  if (first?.type === 'expression_statement' && first.namedChild(0)?.type === 'string') {
    const at = { line: first.endPosition.row + 1, character: 0 };
    return { range: { start: at, end: at }, newText: line + eol };
  }
  const at = { line: first ? first.startPosition.row : 0, character: 0 };
  return { range: { start: at, end: at }, newText: line + eol };
}

/** The local name of `os.<fn>`, with the import to add when the file has no `os`. */
export function osName(model: PyModel, fn: string): Named {
  const local = model.imports.localName('os', fn);
  if (local) return { text: local, edits: [] };
  return { text: `os.${fn}`, edits: [insertImportLine(model, 'import os')] };
}

/** Python source for a string value. */
export function pyString(value: string): string {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0').replace(/\n/g, '\\n') + "'";
}

export function unit(model: PyModel): string {
  return indentUnit(model.text);
}
