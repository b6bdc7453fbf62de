// dgram-missing-reuseaddr: a multicast receiver created without address reuse. Every other
// receiver of the group on this host (a second instance, the same program restarted while
// the old one drains) needs the port too, and Node's dgram sockets do not share it by default.
import type { Finding } from '../../types';
import { enableOptionEdits } from '../fixes/enable-option';
import { type DatagramSocket, type JsModel, callRange } from '../model';
import { readOption } from '../options';
import { calleeNameNode, nodeRange } from '../syntax';

export function dgramMissingReuseAddr(model: JsModel): Finding[] {
  const findings: Finding[] = [];
  for (const socket of model.datagrams) {
    if (socket.joins.length === 0) continue;
    const finding = check(model, socket);
    if (finding) findings.push(finding);
  }
  return findings;
}

function check(model: JsModel, socket: DatagramSocket): Finding | undefined {
  const call = socket.creation.node;
  const deno = socket.creation.kind === 'deno-datagram';
  const option = deno ? 'reuseAddress' : 'reuseAddr';
  const reading = readOption(model.facts, call, option);
  if (reading.state !== 'off') return undefined;
  const nameNode = calleeNameNode(call);
  if (!nameNode) return undefined;
  const edits = deno && !reading.object ? undefined : enableOptionEdits(call, reading, option, model.lines, model.eol);
  return {
    rule: 'dgram-missing-reuseaddr',
    severity: 'warning',
    message: deno
      ? 'This listener joins a multicast group without reuseAddress: a second receiver gets AddrInUse.'
      : 'This UDP socket joins a multicast group without reuseAddr: a second receiver gets EADDRINUSE.',
    range: callRange(model, nameNode, call),
    related: socket.joins.map((join) => ({ range: nodeRange(join), message: 'joins the multicast group here' })),
    fixes: edits ? [{ title: `Create the socket with \`${option}: true\``, edits, isPreferred: true }] : [],
  };
}
