// "Fix all" and `--fix` apply every preferred fix at once, so preferred fixes must not overlap.
// In well-formed code they never do; in half-typed code error recovery can nest one call inside
// another. The later of two overlapping fixes stays available but is no longer preferred.
import { rangesOverlap } from '../../text';
import type { Finding, Range } from '../../types';

export function keepPreferredFixesApart(findings: Finding[]): Finding[] {
  const taken: Range[] = [];
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      if (!fix.isPreferred) continue;
      if (fix.edits.some((e) => taken.some((t) => rangesOverlap(t, e.range)))) {
        delete fix.isPreferred;
        continue;
      }
      taken.push(...fix.edits.map((e) => e.range));
    }
  }
  return findings;
}
