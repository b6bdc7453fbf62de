// Fix builder: an 'error' listener that turns EADDRINUSE into one line saying which port is
// taken (instead of an unhandled 'error' event and a stack trace) and rethrows anything else.
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { type JsModel, textStyle } from '../model';
import type { ListenTarget } from '../socket-path';
import { indentOf, pos, unwrap } from '../syntax';
import { insertStatementBefore } from './insert-statement';

/** Expressions cheap and safe to evaluate again inside the handler (no calls, no assignments). */
function isRepeatable(expr: Node): boolean {
  const node = unwrap(expr);
  if (
    ['identifier', 'number', 'string', 'member_expression', 'this', 'property_identifier'].includes(node.type) &&
    !node.text.includes('(')
  )
    return true;
  if (node.type === 'binary_expression' || node.type === 'parenthesized_expression') {
    return (
      node.descendantsOfType([
        'call_expression',
        'assignment_expression',
        'augmented_assignment_expression',
        'update_expression',
        'new_expression',
      ]).length === 0
    );
  }
  return false;
}

function message(model: JsModel, target: ListenTarget): string {
  const q = textStyle(model).quote;
  const what = target.kind === 'path' ? 'Socket' : 'Port';
  const expr = target.kind === 'pipe' ? undefined : target.expr;
  if (!expr || !isRepeatable(expr)) return `${q}Address already in use${q}`;
  const inner = unwrap(expr);
  if (inner.type === 'number') return `${q}${what} ${inner.text} is already in use${q}`;
  if (inner.type === 'string') return `${q}${what} ${inner.text.slice(1, -1)} is already in use${q}`;
  return `\`${what} \${${expr.text}} is already in use\``;
}

/** `(err) => { ... }` with lines after the first indented relative to column 0. */
function handler(model: JsModel, target: ListenTarget): string {
  const { indentUnit: unit, quote: q } = textStyle(model);
  const semi = textStyle(model).semicolons ? ';' : '';
  const param = model.typescript ? 'err: NodeJS.ErrnoException' : 'err';
  return [
    `(${param}) => {`,
    `${unit}if (err.code === ${q}EADDRINUSE${q}) console.error(${message(model, target)})${semi}`,
    `${unit}else throw err${semi}`,
    `}`,
  ].join('\n');
}

/**
 * On a server held in a variable or field: `server.on('error', ...)` before the listen.
 * Otherwise (an app's listen, a chained createServer): `.on('error', ...)` after the listen
 * call, which returns the server.
 */
export function errorHandlerEdit(
  model: JsModel,
  listenCall: Node,
  receiver: Node,
  onServerVariable: boolean,
  target: ListenTarget,
): TextEdit {
  const q = textStyle(model).quote;
  const body = handler(model, target);
  const simple = /^(this\.)?[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(unwrap(receiver).text);
  if (onServerVariable && simple)
    return insertStatementBefore(model, listenCall, `${unwrap(receiver).text}.on(${q}error${q}, ${body})`);
  const base = indentOf(model.lines, listenCall.startPosition.row);
  const end = pos(listenCall.endPosition);
  const text = `.on(${q}error${q}, ${body})`
    .split('\n')
    .map((l, i) => (i === 0 ? l : base + l))
    .join(model.eol);
  return { range: { start: end, end }, newText: text };
}
