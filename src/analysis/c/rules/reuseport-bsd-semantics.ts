// reuseport-bsd-semantics (information): SO_REUSEPORT balances on Linux but hands the port to the
// last binder on BSD/macOS; code not fenced to Linux should know. Code that also sets SO_REUSEADDR
// on the socket (nginx, most servers with a `reuseport` knob) uses SO_REUSEPORT on purpose for
// balancing, not as its restart fix: nothing to say there.
import type { Finding } from '../../types';
import { messages } from '../messages';
import type { CModel, CallSite } from '../model';
import { isOredOptions } from '../options';
import { socketKey } from '../sockets';
import { firstLineRange, keyBase } from '../syntax';
import { declaredInFunction, isVisiblyZero } from '../values';

/**
 * A separate `setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, ...)` on the same socket: in the same
 * function, or anywhere in the file for a member or global (muduo's setReuseAddr / setReusePort).
 */
function alsoSetsReuseAddr(model: CModel, site: CallSite): boolean {
  const key = socketKey(model, site);
  if (!key || !site.func) return false;
  const local = declaredInFunction(model, site.func, keyBase(key));
  const calls = local ? site.func.calls : model.posixCalls('setsockopt');
  return calls.some(
    (c) =>
      c !== site &&
      c.name === 'setsockopt' &&
      !c.scope &&
      !c.receiver &&
      !isOredOptions(c.args[2]) &&
      model.optionNames(c.args[2]).includes('SO_REUSEADDR') &&
      socketKey(model, c) === key &&
      !isVisiblyZero(model, c.func, c.args[3], c.start),
  );
}

export function reuseportBsdSemantics(model: CModel): Finding[] {
  const findings: Finding[] = [];
  for (const site of model.posixCalls('setsockopt')) {
    if (
      !model.optionNames(site.args[2]).includes('SO_REUSEPORT') ||
      model.isLinuxOnly(site.call) ||
      model.isWindowsOnly(site.call)
    )
      continue;
    if (alsoSetsReuseAddr(model, site)) continue;
    findings.push({
      rule: 'reuseport-bsd-semantics',
      severity: 'information',
      message: messages.reuseportBsd(),
      range: firstLineRange(site.callee, site.call, model.file.text),
      fixes: [],
    });
  }
  return findings;
}
