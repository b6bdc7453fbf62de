// Hover text on every POSIX bind: is address reuse on for that socket, and where was it set?
import type { HoverInfo } from '../types';
import type { CModel } from './model';
import { type BindFacts, lacksReuse } from './sockets';
import { firstLineRange } from './syntax';

function where(facts: BindFacts, line: number, funcName?: string): string {
  return funcName && funcName !== facts.func?.name ? `line ${line} (in \`${funcName}()\`)` : `line ${line}`;
}

function markdownFor(facts: BindFacts): string {
  const k = `\`${facts.key}\``;
  if (facts.domain === 'unix') {
    return `Address reuse does not apply to ${k} (AF_UNIX): a socket file left by a previous run makes bind fail with EADDRINUSE, so unlink the path first.`;
  }
  if (facts.reuse) {
    const site = facts.reuse.site;
    return `Address reuse: **on** for ${k} — ${facts.reuse.how} set on ${where(facts, site.call.startPosition.row + 1, site.func?.name)}.`;
  }
  if (facts.lateReuse) {
    const late = facts.lateReuse;
    const via = facts.lateVia
      ? ` (in \`${late.func?.name ?? ''}()\`, reached from line ${facts.lateVia.call.startPosition.row + 1})`
      : '';
    return `Address reuse: **off** for ${k} at this bind — it is set on line ${late.call.startPosition.row + 1}${via}, after the bind, which is too late.`;
  }
  if (facts.optOut) {
    return `Address reuse: **off** for ${k} on this branch, on purpose — the other branch enables it with ${facts.optOut.name}() on line ${facts.optOut.call.startPosition.row + 1}.`;
  }
  if (facts.fromParameter && facts.callersEnable) {
    return `Address reuse: **on** for ${k} — every caller in this file enables it before passing the socket in.`;
  }
  if (facts.windowsOnly) {
    return `Address reuse: **off** for ${k} — fine on Windows, where TIME_WAIT does not block a bind; prefer SO_EXCLUSIVEADDRUSE there.`;
  }
  if (facts.portZero) return `Address reuse: not needed for ${k} — port 0 picks a free ephemeral port.`;
  // Where it was looked for, which the finding's message (shown above this hover) does not say.
  const off = `Address reuse: **off** for ${k} — no \`setsockopt(SO_REUSEADDR)\` before this bind on any path, here or in a helper it calls.`;
  if (lacksReuse(facts)) return off;
  if (facts.connected) return `${off} Not flagged: this socket connects (a client choosing its source address).`;
  return `${off} Not flagged: no listen (or multicast join) shows this is a server socket.`;
}

export function bindHovers(model: CModel, binds: BindFacts[]): HoverInfo[] {
  return binds.map((facts) => ({
    range: firstLineRange(facts.site.callee, facts.site.call, model.file.text),
    markdown: markdownFor(facts),
  }));
}
