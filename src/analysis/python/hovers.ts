// Hovers on `bind(` of a modeled socket and on server constructors: whether address reuse is on
// for that socket when it binds, and why, in one or two lines.
import type { HoverInfo } from '../types';
import type { PyModel } from './model';
import { serverBindings, socketFacts } from './queries';
import { calleeName, methodOf, nodeRange } from './syntax';

export function collectHovers(model: PyModel): HoverInfo[] {
  const hovers: HoverInfo[] = [];
  for (const socket of model.sockets) {
    if (socket.originKind === 'create_server') {
      const name = calleeName(socket.origin);
      if (name)
        hovers.push({
          range: nodeRange(name),
          markdown:
            'Address reuse: **on** — `socket.create_server()` sets SO_REUSEADDR before binding on POSIX (not on Windows, where TIME_WAIT does not block a bind).',
        });
      continue;
    }
    const facts = socketFacts(socket);
    for (const e of socket.events) {
      if (e.kind !== 'bind') continue;
      const name = methodOf(e.call)?.nameNode;
      if (!name) continue;
      let markdown: string;
      if (facts.unix)
        markdown =
          'AF_UNIX socket: address reuse does not apply; a socket file left by a previous run must be unlinked before binding.';
      else if (facts.reuseBefore)
        markdown = `Address reuse: **on** — \`${facts.reuseBefore.args.positional[1]?.text ?? 'SO_REUSEADDR'}\` set on line ${facts.reuseBefore.call.startPosition.row + 1}.`;
      else if (facts.reuseAfter)
        markdown = `Address reuse: **off** at this bind — it is set only afterwards, on line ${facts.reuseAfter.call.startPosition.row + 1}.`;
      else
        markdown =
          'Address reuse: **off** — no SO_REUSEADDR before this bind; a restart within 60 s of a close fails with "Address already in use".';
      hovers.push({ range: nodeRange(name), markdown });
    }
  }
  for (const server of model.servers) {
    for (const b of serverBindings(server)) {
      const at = b.construct ?? b.at;
      const name = at.kind === 'construct' ? calleeName(at.node) : methodOf(at.node)?.nameNode;
      if (!name) continue;
      const cls = `\`${server.name}\``;
      const markdown =
        server.kind === 'unix-stream' || server.kind === 'unix-dgram'
          ? `${cls} binds a Unix socket file: address reuse does not apply; unlink a stale file before constructing it.`
          : b.reuse === 'on'
            ? `Address reuse: **on** — ${cls} has \`allow_reuse_address\` (or \`allow_reuse_port\`) true when \`server_bind()\` runs.`
            : b.reuse === 'off'
              ? `Address reuse: **off** — ${cls} binds with \`allow_reuse_address = False\`${b.late ? ` (it is set only afterwards, line ${b.late.node.startPosition.row + 1})` : ''}.`
              : `Address reuse: **as configured** — ${cls} decides in code this file does not show.`;
      hovers.push({ range: nodeRange(name), markdown });
    }
  }
  return hovers;
}
