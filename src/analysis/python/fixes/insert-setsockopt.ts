// The missing-reuseaddr fix for a plain socket: `sock.setsockopt(socket.SOL_SOCKET,
// socket.SO_REUSEADDR, 1)` on its own line just before the bind, named the way the file imports
// socket (`socket.`, an alias, or names added to its `from socket import ...`).
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import type { PyModel } from '../model';
import { importEdits, insertBefore, lineStatement, memberName } from './edits';

export function insertSetsockoptFix(model: PyModel, bindCall: Node): Fix | undefined {
  const receiver = bindCall.childForFieldName('function')?.childForFieldName('object');
  if (!receiver) return undefined;
  const pending: string[] = [];
  const level = memberName(model, 'socket', 'SOL_SOCKET', pending);
  const option = memberName(model, 'socket', 'SO_REUSEADDR', pending);
  const stmt = lineStatement(model, bindCall);
  return {
    title: 'Set SO_REUSEADDR before bind',
    isPreferred: true,
    edits: [
      insertBefore(model, stmt, [`${receiver.text}.setsockopt(${level}, ${option}, 1)`]),
      ...importEdits(model, 'socket', pending),
    ],
  };
}
