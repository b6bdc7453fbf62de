// reuseaddr-after-bind: SO_REUSEADDR / SO_REUSEPORT / SO_EXCLUSIVEADDRUSE set only after the bind.
import type { Finding } from '../../types';
import type { ReservedFlagNames } from '../fixes/flag';
import { insertReuseFix } from '../fixes/insert-reuse';
import { moveBeforeFix } from '../fixes/move-statement';
import { messages } from '../messages';
import type { CModel } from '../model';
import { BIND_TIME_OPTIONS } from '../options';
import type { BindFacts } from '../sockets';
import { firstLineRange, keyOf } from '../syntax';
import { problemsOf } from './sockopt-misuse';

export function reuseaddrAfterBind(model: CModel, binds: BindFacts[], flagNames: ReservedFlagNames): Finding[] {
  const findings: Finding[] = [];
  for (const facts of binds) {
    const late = facts.lateReuse;
    // A misused late call is reported as sockopt-misuse first: both fixes would edit the same call.
    if (!late || facts.domain === 'unix' || problemsOf(model, late)) continue;
    // In Windows code the moved call also becomes SO_EXCLUSIVEADDRUSE (windows-reuseaddr then stays quiet).
    const windows = model.isWindowsOnly(late.call);
    const option = model
      .optionNames(late.args[2])
      .filter((n) => BIND_TIME_OPTIONS.has(n))
      .join(' | ');
    const bindRange = firstLineRange(facts.site.callee, facts.site.call, model.file.text);
    // Set in a function the socket is passed to (which may serve other callers): enable reuse
    // before this bind instead of moving the helper's call.
    const fix = facts.lateVia
      ? insertReuseFix(model, facts, flagNames.in(facts.func))
      : moveBeforeFix(
          model,
          facts.func,
          late.call,
          late.args[3],
          facts.site.call,
          `Move ${option} before the bind`,
          windows ? (text) => text.replace(/\bSO_REUSEADDR\b/g, 'SO_EXCLUSIVEADDRUSE') : undefined,
        );
    findings.push({
      rule: 'reuseaddr-after-bind',
      severity: 'warning',
      message: messages.reuseAfterBind(option, facts.key, bindRange.start.line + 1),
      range: firstLineRange(late.callee, late.call, model.file.text),
      related: [
        { range: bindRange, message: messages.boundHere },
        ...(facts.lateVia
          ? [
              {
                range: firstLineRange(facts.lateVia.callee, facts.lateVia.call, model.file.text),
                // `listen_on_fd(fd)` hands the socket over; `s.configure()` sets options on its member.
                message: facts.lateVia.args.some((a) => keyOf(a) === facts.key)
                  ? messages.passedTo(facts.lateVia.name, facts.key)
                  : messages.calledAfter(facts.lateVia.name),
              },
            ]
          : []),
      ],
      fixes: fix ? [fix] : [],
    });
  }
  return findings;
}
