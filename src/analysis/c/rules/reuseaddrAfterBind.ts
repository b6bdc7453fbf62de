// reuseaddr-after-bind: SO_REUSEADDR / SO_REUSEPORT / SO_EXCLUSIVEADDRUSE set only after the bind.
import type { Finding } from '../../types';
import { moveBeforeFix } from '../fixes/moveStatement';
import { messages } from '../messages';
import type { CModel } from '../model';
import { BIND_TIME_OPTIONS, optionNames } from '../options';
import type { BindFacts } from '../sockets';
import { firstLineRange } from '../syntax';

export function reuseaddrAfterBind(model: CModel, binds: BindFacts[]): Finding[] {
  const findings: Finding[] = [];
  for (const facts of binds) {
    const late = facts.lateReuse;
    if (!late || facts.domain === 'unix') continue;
    const option = optionNames(late.args[2]).filter((n) => BIND_TIME_OPTIONS.has(n)).join(' | ');
    const bindRange = firstLineRange(facts.site.callee, facts.site.call, model.file.text);
    const fix = moveBeforeFix(model, facts.func, late.call, late.args[3], facts.site.call, `Move ${option} before the bind`);
    findings.push({
      rule: 'reuseaddr-after-bind',
      severity: 'warning',
      message: messages.reuseAfterBind(option, facts.key, bindRange.start.line + 1),
      range: firstLineRange(late.callee, late.call, model.file.text),
      related: [{ range: bindRange, message: messages.boundHere }],
      fixes: fix ? [fix] : [],
    });
  }
  return findings;
}
