// missing-reuseaddr for Python: a TCP server socket (socket.socket() defaults to AF_INET,
// SOCK_STREAM and sets no option) or a multicast receiver bound without SO_REUSEADDR /
// SO_REUSEPORT before the bind on some path; and a socketserver TCPServer-family construction
// whose allow_reuse_address / allow_reuse_port are not true by the time server_bind() runs.
// Not: HTTPServer and the other stdlib servers that set it, socket.create_server() and asyncio
// (they set it on POSIX: Lib/socket.py create_server, Lib/asyncio/base_events.py), UDPServer,
// port 0, clients (connect), AF_UNIX (unix-socket-stale), Windows-only code.
import type { Finding } from '../../types';
import { serverReuseFix } from '../fixes/server-reuse';
import { insertSetsockoptFix } from '../fixes/insert-setsockopt';
import { messages } from '../messages';
import type { PyModel } from '../model';
import { allServerBindings, lacksReuse, noFixedPort, socketFacts } from '../queries';
import { callRange, calleeName, nodeRange } from '../syntax';

export function missingReuseaddr(model: PyModel): Finding[] {
  const findings: Finding[] = [];
  for (const socket of model.sockets) {
    const facts = socketFacts(socket);
    if (!lacksReuse(facts) || !facts.bind) continue;
    const receiver = facts.bind.call.childForFieldName('function')?.childForFieldName('object')?.text ?? 'the socket';
    const fix = insertSetsockoptFix(model, facts.bind.call);
    findings.push({
      rule: 'missing-reuseaddr',
      severity: 'warning',
      message: facts.role === 'udp-multicast' ? messages.missingReuseMulticast(receiver) : messages.missingReuse(receiver),
      range: callRange(facts.bind.call),
      related: [{ range: nodeRange(calleeName(socket.origin) ?? socket.origin), message: messages.createdHere }],
      fixes: fix ? [fix] : [],
    });
  }
  for (const binding of allServerBindings(model)) {
    if (binding.reuse !== 'off' || binding.late || binding.windowsOnly) continue;
    if (binding.server.kind !== 'tcp' || noFixedPort(binding.address)) continue;
    const at = binding.construct ?? binding.at;
    const fix = serverReuseFix(model, binding);
    findings.push({
      rule: 'missing-reuseaddr',
      severity: 'warning',
      message: messages.missingServerReuse(binding.server.name),
      range: callRange(at.node),
      fixes: fix ? [fix] : [],
    });
  }
  return findings;
}
