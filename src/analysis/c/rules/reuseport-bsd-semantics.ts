// reuseport-bsd-semantics (information): SO_REUSEPORT balances on Linux but hands the port to the
// last binder on BSD/macOS; code not fenced to Linux should know. Code that also sets SO_REUSEADDR
// on the socket (nginx, most servers with a `reuseport` knob) uses SO_REUSEPORT on purpose for
// balancing, not as its restart fix: nothing to say there.
import type { Finding } from '../../types';
import { messages } from '../messages';
import type { CModel, CallSite } from '../model';
import { isOredOptions } from '../options';
import { socketKey, socketLife } from '../sockets';
import { firstLineRange, keyBase } from '../syntax';
import { declaredInFunction, isVisiblyZero } from '../values';

/**
 * A separate `setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, ...)` on the same socket, before or after
 * this one: in the same socket's life, or anywhere in the file for a member or global (muduo's
 * setReuseAddr / setReusePort).
 */
function alsoSetsReuseAddr(model: CModel, site: CallSite): boolean {
  const life = socketLife(model, site);
  if (!life) return false;
  // Locals: the socket's own life, in any order of the options; members and globals: the whole file.
  const local = !site.func || declaredInFunction(model, site.func, keyBase(life.key));
  return model
    .posixCalls('setsockopt')
    .some(
      (c) =>
        c !== site &&
        (!local || (c.func === site.func && c.start > life.from && c.start < life.to)) &&
        !isOredOptions(c.args[2]) &&
        model.optionNames(c.args[2]).includes('SO_REUSEADDR') &&
        socketKey(model, c) === life.key &&
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
