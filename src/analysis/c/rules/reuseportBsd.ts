// reuseport-bsd-semantics (information): SO_REUSEPORT balances on Linux but hands the port to the
// last binder on BSD/macOS; code not fenced to Linux should know.
import type { Finding } from '../../types';
import { messages } from '../messages';
import type { CModel } from '../model';
import { optionNames } from '../options';
import { firstLineRange } from '../syntax';

export function reuseportBsdSemantics(model: CModel): Finding[] {
  const findings: Finding[] = [];
  for (const site of model.posixCalls('setsockopt')) {
    if (!optionNames(site.args[2]).includes('SO_REUSEPORT') || model.isLinuxOnly(site.call) || model.isWindowsOnly(site.call)) continue;
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
