// reuseaddr-after-bind for Python: setsockopt(SOL_SOCKET, SO_REUSEADDR/SO_REUSEPORT, ...) only
// after the bind; allow_reuse_address = True on a server after its binding constructor, or on
// `self` after super().__init__(...) bound (TCPServer.__init__ calls server_bind(), which reads
// the attribute: Lib/socketserver.py). Not with bind_and_activate=False and a later server_bind().
import type { Finding } from '../../types';
import { deferBindFix, moveBeforeFix } from '../fixes/move-before';
import { messages } from '../messages';
import type { PyModel } from '../model';
import { allServerBindings, socketFacts } from '../queries';
import { attributeRange, callRange, methodOf, nodeRange } from '../syntax';

export function reuseaddrAfterBind(model: PyModel): Finding[] {
  const findings: Finding[] = [];
  for (const socket of model.sockets) {
    const facts = socketFacts(socket);
    if (!facts.reuseAfter || !facts.lastBind) continue;
    const option = facts.reuseAfter.args.positional[1]?.text ?? 'SO_REUSEADDR';
    const bindReceiver = methodOf(facts.lastBind.call)?.receiver.text;
    const lateReceiver = methodOf(facts.reuseAfter.call)?.receiver.text;
    const fix = moveBeforeFix(
      model,
      facts.reuseAfter.call,
      facts.lastBind.call,
      bindReceiver && lateReceiver ? { from: lateReceiver, to: bindReceiver } : undefined,
    );
    findings.push({
      rule: 'reuseaddr-after-bind',
      severity: 'warning',
      message: messages.reuseAfterBind(option, facts.lastBind.call.startPosition.row + 1),
      range: callRange(facts.reuseAfter.call),
      related: [{ range: nodeRange(facts.lastBind.call), message: messages.boundHere }],
      fixes: fix ? [fix] : [],
    });
  }
  for (const binding of allServerBindings(model)) {
    const late = binding.late;
    if (!late) continue;
    let fix;
    if (binding.at.kind === 'base-init') fix = moveBeforeFix(model, late.node, binding.at.node);
    else if (binding.at.kind === 'construct' && !binding.at.workspaceInit) {
      const target =
        late.kind === 'set-attr'
          ? late.node.childForFieldName('left')?.childForFieldName('object')
          : methodOf(late.node)?.receiver.childForFieldName('object');
      if (target) fix = deferBindFix(model, binding.at.node, late.node, target.text);
    }
    findings.push({
      rule: 'reuseaddr-after-bind',
      severity: 'warning',
      message: messages.serverReuseAfterBind(
        late.kind === 'set-attr' ? (late.attr ?? 'allow_reuse_address') : 'SO_REUSEADDR',
        binding.at.node.startPosition.row + 1,
      ),
      range: late.kind === 'set-attr' ? attributeRange(late.node) : callRange(late.node),
      related: [{ range: nodeRange(binding.at.node), message: messages.boundHere }],
      fixes: fix ? [fix] : [],
    });
  }
  return findings;
}
