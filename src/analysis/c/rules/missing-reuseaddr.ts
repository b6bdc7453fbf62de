// missing-reuseaddr for POSIX sockets: a server socket bound without address reuse.
import type { Finding } from '../../types';
import type { ReservedFlagNames } from '../fixes/flag';
import { insertReuseFix } from '../fixes/insert-reuse';
import { messages } from '../messages';
import type { CModel } from '../model';
import { type BindFacts, lacksReuse } from '../sockets';
import { firstLineRange } from '../syntax';

export function missingReuseaddr(model: CModel, binds: BindFacts[], flagNames: ReservedFlagNames): Finding[] {
  const findings: Finding[] = [];
  for (const facts of binds) {
    if (!lacksReuse(facts)) continue;
    const fix = insertReuseFix(model, facts, flagNames.in(facts.func));
    findings.push({
      rule: 'missing-reuseaddr',
      severity: 'warning',
      message: facts.kind === 'dgram' ? messages.missingReuseMulticast(facts.key) : messages.missingReuse(facts.key),
      range: firstLineRange(facts.site.callee, facts.site.call, model.file.text),
      related: facts.create
        ? [
            {
              range: firstLineRange(facts.create.callee, facts.create.call, model.file.text),
              message: messages.socketCreated(facts.key),
            },
          ]
        : undefined,
      fixes: fix ? [fix] : [],
    });
  }
  return findings;
}
