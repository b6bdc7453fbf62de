// unix-socket-stale for Python: an AF_UNIX bind, or a UnixStreamServer / UnixDatagramServer
// construction, on a file path that nothing removes first (os.unlink, os.remove, Path.unlink;
// inside an `if` or a try/except counts). Not: abstract names ('\0...'), paths from a
// parameter or that the evaluator cannot see, asyncio's create_unix_server / start_unix_server
// (they remove a stale socket file themselves: Lib/asyncio/unix_events.py).
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix } from '../../types';
import { insertBefore, lineStatement, osName, pyString, unit } from '../fixes/edits';
import { messages } from '../messages';
import type { PyModel } from '../model';
import { allServerBindings, socketFacts } from '../queries';
import { callRange } from '../syntax';
import type { Value } from '../values';

export interface UnixBind {
  node: Node;
  seq: number;
  path: string;
  pathNode?: Node;
}

/** Every AF_UNIX bind and Unix*Server construction on a visible file path (Port Holders reads them too). */
export function unixBinds(model: PyModel): UnixBind[] {
  const binds: UnixBind[] = [];
  for (const socket of model.sockets) {
    const facts = socketFacts(socket);
    if (!facts.unix || !facts.bind) continue;
    const path = stalePath(facts.bind.values[0]);
    if (path !== undefined)
      binds.push({ node: facts.bind.call, seq: facts.bind.seq, path, pathNode: facts.bind.args.positional[0] });
  }
  for (const b of allServerBindings(model)) {
    if (b.server.kind !== 'unix-stream' && b.server.kind !== 'unix-dgram') continue;
    const path = stalePath(b.address);
    const at = b.construct ?? b.at;
    if (path !== undefined) binds.push({ node: at.node, seq: b.at.seq, path, pathNode: at.addressNode });
  }
  return binds;
}

export function unixSocketStale(model: PyModel): Finding[] {
  const findings: Finding[] = [];
  for (const bind of unixBinds(model)) {
    const removed = model.unlinks.some(
      (u) =>
        u.seq < bind.seq &&
        ((u.path.kind === 'str' && u.path.value === bind.path) || (bind.pathNode && u.argText === bind.pathNode.text)),
    );
    if (removed) continue;
    findings.push({
      rule: 'unix-socket-stale',
      severity: 'warning',
      message: messages.unixStale(bind.path),
      range: callRange(bind.node),
      fixes: [unlinkFix(model, bind)],
    });
  }
  return findings;
}

/** A filesystem path worth reporting: a visible string, not in the abstract namespace. */
function stalePath(v: Value | undefined): string | undefined {
  if (v?.kind !== 'str' || v.value === '' || v.value.startsWith('\0')) return undefined;
  return v.value;
}

function unlinkFix(model: PyModel, bind: UnixBind): Fix {
  const unlink = osName(model, 'unlink');
  const simple =
    bind.pathNode && /^(?:identifier|attribute|string)$/.test(bind.pathNode.type) ? bind.pathNode.text : pyString(bind.path);
  const u = unit(model);
  const stmt = lineStatement(model, bind.node);
  return {
    title: `Remove a stale ${bind.path} before binding`,
    isPreferred: true,
    edits: [
      insertBefore(model, stmt, ['try:', `${u}${unlink.text}(${simple})`, 'except FileNotFoundError:', `${u}pass`]),
      ...unlink.edits,
    ],
  };
}
