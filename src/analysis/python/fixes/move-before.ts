// "Move before the bind": the late statement is removed and re-inserted just before the
// statement that binds (its receiver renamed to the bind's when they differ), or, for a server
// built by a library constructor, the constructor gets bind_and_activate=False and the late
// setting is followed by server_bind() and server_activate().
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../types';
import type { PyModel } from '../model';
import { callArgs, nodeRange } from '../syntax';
import { deleteStatement, insertAfter, insertBefore, lineStatement } from './edits';

export function moveBeforeFix(model: PyModel, late: Node, bind: Node, rename?: { from: string; to: string }): Fix | undefined {
  const lateStmt = lineStatement(model, late);
  const bindStmt = lineStatement(model, bind);
  if (lateStmt.startIndex <= bindStmt.endIndex && lateStmt.endIndex >= bindStmt.startIndex) return undefined;
  let text = lateStmt.text;
  if (rename && rename.from !== rename.to && text.startsWith(rename.from + '.'))
    text = rename.to + text.slice(rename.from.length);
  if (text.includes('\n')) return undefined;
  return {
    title: 'Move before the bind',
    isPreferred: true,
    edits: [insertBefore(model, bindStmt, [text]), deleteStatement(lateStmt)],
  };
}

/** `srv = TCPServer(addr, H, bind_and_activate=False)`, then the late setting, then srv.server_bind(); srv.server_activate(). */
export function deferBindFix(model: PyModel, construct: Node, late: Node, server: string): Fix | undefined {
  const args = callArgs(construct);
  if (args.keywords.has('bind_and_activate') || args.positional.length > 2 || args.splat) return undefined;
  const list = construct.childForFieldName('arguments');
  const last = args.positional[args.positional.length - 1] ?? [...args.keywords.values()].pop();
  if (!list || !last) return undefined;
  const lastArg = last.parent?.type === 'keyword_argument' ? last.parent : last;
  const lateStmt = lineStatement(model, late);
  const edits: TextEdit[] = [
    { range: { start: nodeRange(lastArg).end, end: nodeRange(lastArg).end }, newText: ', bind_and_activate=False' },
    insertAfter(model, lateStmt, [`${server}.server_bind()`, `${server}.server_activate()`]),
  ];
  return {
    title: 'Bind after setting it: bind_and_activate=False, then server_bind() and server_activate()',
    isPreferred: true,
    edits,
  };
}
