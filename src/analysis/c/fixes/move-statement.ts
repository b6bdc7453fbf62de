// Fix for reuseaddr-after-bind: move the late option statement (and the flag it points to,
// when that is declared in between) in front of the bind statement.
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import type { CModel, FunctionInfo } from '../model';
import { unwrap } from '../syntax';
import { declaredType } from '../values';
import { deleteStatement, insertBefore } from './edits';

export function moveBeforeFix(
  model: CModel,
  func: FunctionInfo | undefined,
  late: Node,
  optval: Node | undefined,
  bind: Node,
  title: string,
  rewrite: (text: string) => string = (text) => text,
): Fix | undefined {
  const lateStmt = model.statementOf(late);
  const bindStmt = model.statementOf(bind);
  if (lateStmt.startIndex <= bindStmt.endIndex) return undefined;
  const moved: Node[] = [];
  const value = unwrap(optval);
  const target = value?.type === 'pointer_expression' ? unwrap(value.childForFieldName('argument')) : undefined;
  if (target?.type === 'identifier') {
    const decl = declaredType(model, func, target.text)?.node;
    if (decl && decl.type === 'declaration' && decl.startIndex > bindStmt.endIndex && decl.endIndex <= lateStmt.startIndex)
      moved.push(decl);
  }
  moved.push(lateStmt);
  return {
    title,
    edits: [
      insertBefore(
        model,
        bindStmt,
        moved.map((n) => rewrite(n.text)),
      ),
      ...moved.map((n) => deleteStatement(model, n)),
    ],
    isPreferred: true,
  };
}
