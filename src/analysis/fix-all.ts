// Fix all: each finding's preferred fix, never two that clash. The editor's "Fix all" code action
// applies one selection; the CLI's `--fix` applies, re-analyzes and repeats while that makes
// progress (a fix skipped for overlapping another is retried on the next round), a few rounds at most.
import { applyEdits } from './text';
import type { Finding, Position, TextEdit } from './types';

const MAX_FIX_ROUNDS = 4;

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function same(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function isInsertion(edit: TextEdit): boolean {
  return same(edit.range.start, edit.range.end);
}

/**
 * Overlapping ranges, or an edit that starts where another replaces text (which goes first would
 * be arbitrary). Two insertions at one spot do not conflict: fixes are computed to apply together
 * (distinct flag names), so their statements stack in the findings' order, and an identical one
 * (the same `#include` or fs import) goes in once.
 */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (isInsertion(a) && isInsertion(b)) return false;
  return (before(a.range.start, b.range.end) && before(b.range.start, a.range.end)) || same(a.range.start, b.range.start);
}

function sameInsertion(a: TextEdit, b: TextEdit): boolean {
  return isInsertion(a) && isInsertion(b) && same(a.range.start, b.range.start) && a.newText === b.newText;
}

/**
 * The preferred fixes of `findings` whose edits do not conflict with each other's, in the
 * findings' order (applyEdits keeps that order for insertions at one spot).
 */
export function selectPreferredEdits(findings: readonly Finding[]): { edits: TextEdit[]; applied: number } {
  const edits: TextEdit[] = [];
  let applied = 0;
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.isPreferred);
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some((edit) => edits.some((taken) => conflicts(edit, taken)))) continue;
    edits.push(...fix.edits.filter((edit) => !edits.some((taken) => sameInsertion(edit, taken))));
    applied++;
  }
  return { edits, applied };
}

function fixableCount(findings: readonly Finding[]): number {
  return findings.filter((f) => f.fixes.some((fix) => fix.isPreferred && fix.edits.length > 0)).length;
}

export interface FixOutcome {
  text: string;
  findings: Finding[];
  /** Preferred fixes applied in all rounds. */
  applied: number;
}

/**
 * Fixes one file. `analyze` re-analyzes a text of that file. Stops when nothing fixable is left,
 * when a round does not reduce the number of fixable findings (a fix that does not cure its
 * finding is applied once, not again and again), or after MAX_FIX_ROUNDS rounds.
 */
export async function fixText(
  text: string,
  findings: Finding[],
  analyze: (text: string) => Promise<Finding[]>,
): Promise<FixOutcome> {
  let applied = 0;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const fixableBefore = fixableCount(findings);
    if (fixableBefore === 0) break;
    const selection = selectPreferredEdits(findings);
    if (selection.applied === 0) break;
    const next = applyEdits(text, selection.edits);
    if (next === text) break;
    text = next;
    applied += selection.applied;
    findings = await analyze(text);
    if (fixableCount(findings) >= fixableBefore) break;
  }
  return { text, findings, applied };
}
