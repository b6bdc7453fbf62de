// windows-reuseaddr for Python: SO_REUSEADDR (setsockopt, or allow_reuse_address = True) in
// code that runs only on Windows, where it lets another process bind the same port (CWE-605).
// socket.create_server skips SO_REUSEADDR on Windows for that reason (Lib/socket.py).
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../../types';
import { importEdits, memberName } from '../fixes/edits';
import { messages } from '../messages';
import type { PyModel } from '../model';
import { windowsOnly } from '../platform';
import { REUSE_ATTRIBUTES } from '../servers';
import { callArgs, nodeRange } from '../syntax';
import { isConst, visiblyFalse } from '../values';
import { setsockoptCalls } from './sockopt-misuse';

export function windowsReuseaddr(model: PyModel): Finding[] {
  const findings: Finding[] = [];
  for (const call of setsockoptCalls(model)) {
    const optNode = callArgs(call).positional[1];
    if (!isConst(model.evaluator.evaluate(optNode), 'socket.SO_REUSEADDR') || !windowsOnly(model.evaluator, call)) continue;
    const pending: string[] = [];
    const name = memberName(model, 'socket', 'SO_EXCLUSIVEADDRUSE', pending);
    findings.push({
      rule: 'windows-reuseaddr',
      severity: 'warning',
      message: messages.windowsReuse(),
      range: nodeRange(optNode),
      fixes: [
        {
          title: 'Use SO_EXCLUSIVEADDRUSE on Windows',
          isPreferred: true,
          edits: [{ range: nodeRange(optNode), newText: name }, ...importEdits(model, 'socket', pending)],
        },
      ],
    });
  }
  // Only a file that names allow_reuse_address can assign it: the others skip the scan.
  const assignments = model.text.includes('allow_reuse_address') ? model.root.descendantsOfType('assignment') : [];
  for (const a of assignments) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (!a || !left || !right) continue;
    const attr =
      left.type === 'attribute' ? left.childForFieldName('attribute')?.text : left.type === 'identifier' ? left.text : undefined;
    if (attr !== 'allow_reuse_address' || visiblyFalse(model.evaluator.evaluate(right))) continue;
    if (left.type === 'identifier' && !inClassBody(a)) continue;
    if (!windowsOnly(model.evaluator, a)) continue;
    findings.push({
      rule: 'windows-reuseaddr',
      severity: 'warning',
      message: messages.windowsServerReuse(),
      range: nodeRange(a),
      fixes: [
        {
          title: 'Do not enable address reuse on Windows',
          isPreferred: true,
          edits: [{ range: nodeRange(right), newText: 'False' }],
        },
      ],
    });
  }
  void REUSE_ATTRIBUTES;
  return findings;
}

function inClassBody(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'class_definition') return true;
    if (p.type === 'function_definition') return false;
  }
  return false;
}
