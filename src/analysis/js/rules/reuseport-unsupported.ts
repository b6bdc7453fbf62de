// reuseport-unsupported (information): `reusePort: true` on a Node socket or server. Node
// honours it from 22.12 / 23.1 on, and only where the kernel balances SO_REUSEPORT (Linux,
// FreeBSD and a few others); older Nodes ignore it and other systems fail the bind.
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../../types';
import { type JsModel, callRange } from '../model';
import { supportsReusePort } from '../node-version';
import { readOption } from '../options';
import { calleeNameNode, nodeRange } from '../syntax';

export function reusePortUnsupported(model: JsModel): Finding[] {
  const candidates: { call: Node; nameNode: Node }[] = [];
  for (const socket of model.datagrams) {
    const nameNode = socket.creation.kind === 'dgram-socket' ? calleeNameNode(socket.creation.node) : undefined;
    if (nameNode) candidates.push({ call: socket.creation.node, nameNode });
  }
  for (const listen of model.listens) {
    if (listen.origin?.kind === 'node-server' || listen.origin?.kind === 'app')
      candidates.push({ call: listen.call, nameNode: listen.nameNode });
  }
  const findings: Finding[] = [];
  const range = model.context.nodeVersion;
  const supported = range === undefined ? undefined : supportsReusePort(range);
  for (const { call, nameNode } of candidates) {
    const reading = readOption(model.facts, call, 'reusePort');
    if (reading.state !== 'on' || !reading.property) continue;
    findings.push({
      rule: 'reuseport-unsupported',
      severity: 'information',
      message:
        supported === false
          ? `reusePort needs Node 22.12 / 23.1 or later; this project allows Node ${range}, which ignores it.`
          : 'reusePort needs Node 22.12 / 23.1 or later and works only on Linux and FreeBSD, not elsewhere.',
      range: callRange(model, nameNode, call),
      related: [{ range: nodeRange(reading.property), message: 'reusePort is set here' }],
      fixes: [],
    });
  }
  return findings;
}
