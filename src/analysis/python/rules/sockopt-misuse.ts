// sockopt-misuse for Python (error): an address-reuse option at a level other than SOL_SOCKET,
// or option names or-ed together (they are numbers, not bit flags: SO_REUSEADDR | SO_REUSEPORT
// is 15 on Linux, SO_BROADCAST... neither option). Every setsockopt call of the file counts,
// whatever socket it is on.
import type { Node } from 'web-tree-sitter';
import { eolOf } from '../../text';
import type { Finding, Fix } from '../../types';
import { importEdits, lineStatement, memberName } from '../fixes/edits';
import { messages } from '../messages';
import type { PyModel } from '../model';
import { REUSE_OPTIONS } from '../queries';
import { callArgs, indentOf, methodOf, nodeRange } from '../syntax';
import { type Value, isConst } from '../values';

const REUSE = [...REUSE_OPTIONS, 'socket.SO_EXCLUSIVEADDRUSE'];

/** Per model: two rules read the list, and a scan of every call of the file is costly. */
const setsockoptCallsOf = new WeakMap<PyModel, Node[]>();

export function setsockoptCalls(model: PyModel): Node[] {
  let calls = setsockoptCallsOf.get(model);
  if (calls) return calls;
  // A file whose text never says setsockopt has no such call: no scan.
  calls = !model.text.includes('setsockopt')
    ? []
    : model.root
        .descendantsOfType('call')
        .filter((c): c is Node => !!c && methodOf(c)?.name === 'setsockopt' && callArgs(c).positional.length >= 3);
  setsockoptCallsOf.set(model, calls);
  return calls;
}

function leaves(node: Node): Node[] {
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '|')
    return [...leaves(node.childForFieldName('left')!), ...leaves(node.childForFieldName('right')!)];
  if (node.type === 'parenthesized_expression' && node.namedChild(0)) return leaves(node.namedChild(0)!);
  return [node];
}

export function sockoptMisuse(model: PyModel): Finding[] {
  const findings: Finding[] = [];
  for (const call of setsockoptCalls(model)) {
    const args = callArgs(call);
    const [levelNode, optNode] = args.positional;
    const level = model.evaluator.evaluate(levelNode);
    const opt = model.evaluator.evaluate(optNode);
    const options: Value[] = opt.kind === 'or' ? opt.items : [opt];
    if (!options.some((o) => isConst(o, ...REUSE))) continue;
    const ored = opt.kind === 'or' && options.filter((o) => o.kind === 'const' && o.name.startsWith('socket.SO_')).length >= 2;
    const wrongLevel = level.kind === 'const' && level.name !== 'socket.SOL_SOCKET' && level.name.startsWith('socket.');
    if (!ored && !wrongLevel) continue;
    findings.push({
      rule: 'sockopt-misuse',
      severity: 'error',
      message: ored ? messages.misuseOred() : messages.misuseLevel(levelNode.text),
      range: nodeRange(ored ? optNode : levelNode),
      fixes: [misuseFix(model, call, levelNode, optNode, wrongLevel, ored)],
    });
  }
  return findings;
}

function misuseFix(model: PyModel, call: Node, levelNode: Node, optNode: Node, wrongLevel: boolean, ored: boolean): Fix {
  const pending: string[] = [];
  const levelText = wrongLevel ? memberName(model, 'socket', 'SOL_SOCKET', pending) : levelNode.text;
  const stmt = lineStatement(model, call);
  const rel = (n: Node) => [n.startIndex - stmt.startIndex, n.endIndex - stmt.startIndex] as const;
  const render = (option: string) => {
    const [ls, le] = rel(levelNode);
    const [os, oe] = rel(optNode);
    const t = stmt.text;
    return t.slice(0, ls) + levelText + t.slice(le, os) + option + t.slice(oe);
  };
  const options = ored ? leaves(optNode).map((n) => n.text) : [optNode.text];
  const newText = options.map(render).join(eolOf(model.text) + indentOf(model.text, stmt));
  return {
    title: ored ? 'Set each option with its own setsockopt call' : 'Use SOL_SOCKET as the level',
    isPreferred: true,
    edits: [{ range: nodeRange(stmt), newText }, ...importEdits(model, 'socket', pending)],
  };
}
