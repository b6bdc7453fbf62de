// Matches the analyzer's findings on one real-world project to its hand labels (realworld/labels/).
// Pure (no I/O), so a unit test can pin the counting rules; CommonJS so that the compiled
// TypeScript tests can require it.
'use strict';

/** A finding may sit a couple of lines away from the label: the same statement spread over lines. */
const WINDOW = 2;

/**
 * @typedef {{ file: string, line: number, rule: string, reason: string, hard?: boolean, note?: string, alsoAt?: number[] }} Label
 * @typedef {{ file: string, line: number, rule: string, message?: string }} Finding
 * @typedef {{ finding: Finding, label?: Label }} Pair
 * @typedef {{ truePositives: Pair[], duplicates: Pair[], falsePositives: Pair[], misses: Label[], unlabelled: Pair[] }} Match
 */

/** Lines at which a finding counts for the label: its own, and for a problem the `alsoAt` lines. */
function labelLines(label) {
  return label.rule === 'none' ? [label.line] : [label.line, ...(label.alsoAt ?? [])];
}

function distance(label, finding) {
  return Math.min(...labelLines(label).map((line) => Math.abs(line - finding.line)));
}

/**
 * Each finding is paired with the nearest label of the same file within WINDOW lines, preferring a
 * label of the finding's own rule. Paired with a label of its rule: a true positive (the first
 * one per label; more findings on it are duplicates). Paired with a `none` label or another rule's:
 * a false positive. No label near it: unlabelled. A problem label no finding reached: a miss.
 * @param {Label[]} labels
 * @param {Finding[]} findings
 * @returns {Match}
 */
function matchFindings(labels, findings) {
  /** @type {Match} */
  const result = { truePositives: [], duplicates: [], falsePositives: [], misses: [], unlabelled: [] };
  const found = new Set();
  const sorted = [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  for (const finding of sorted) {
    const near = labels
      .filter((label) => label.file === finding.file && distance(label, finding) <= WINDOW)
      .sort((a, b) => distance(a, finding) - distance(b, finding) || a.line - b.line);
    const sameRule = near.find((label) => label.rule === finding.rule);
    if (sameRule) {
      if (found.has(sameRule)) result.duplicates.push({ finding, label: sameRule });
      else {
        found.add(sameRule);
        result.truePositives.push({ finding, label: sameRule });
      }
    } else if (near.length > 0) result.falsePositives.push({ finding, label: near[0] });
    else result.unlabelled.push({ finding });
  }
  for (const label of labels) if (label.rule !== 'none' && !found.has(label)) result.misses.push(label);
  return result;
}

module.exports = { matchFindings, WINDOW };
