// "Fix all": every finding's preferred fix, skipping any whose edits would overlap one already
// taken (applying both would corrupt the text; a second pass picks the rest up).
import { rangesOverlap } from './text';
import type { Finding, TextEdit } from './types';

export function preferredFixEdits(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.isPreferred);
    if (!fix) continue;
    const clashes = fix.edits.some((e) => taken.some((t) => rangesOverlap(e.range, t.range) || samePoint(e, t)));
    if (!clashes) taken.push(...fix.edits);
  }
  return taken;
}

/** Two insertions at one point would interleave in an order nobody chose. */
function samePoint(a: TextEdit, b: TextEdit): boolean {
  const point = (e: TextEdit) => e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character;
  return point(a) && point(b) && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}
