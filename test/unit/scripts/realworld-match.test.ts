// The counting rules of `npm run realworld` (scripts/realworld-match.cjs): how findings on real
// projects are paired with hand labels. The figures the redesign is judged by come from here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';

interface Label {
  file: string;
  line: number;
  rule: string;
  reason: string;
  alsoAt?: number[];
}
interface Finding {
  file: string;
  line: number;
  rule: string;
}
interface Pair {
  finding: Finding;
  label?: Label;
}
interface Match {
  truePositives: Pair[];
  duplicates: Pair[];
  falsePositives: Pair[];
  misses: Label[];
  unlabelled: Pair[];
}

const load = createRequire(__filename);
const { matchFindings } = load(path.join(__dirname, '..', '..', '..', '..', 'scripts', 'realworld-match.cjs')) as {
  matchFindings: (labels: Label[], findings: Finding[]) => Match;
};

const label = (line: number, rule: string, extra: Partial<Label> = {}): Label => ({
  file: 'a.c',
  line,
  rule,
  reason: 'r',
  ...extra,
});
const finding = (line: number, rule: string, file = 'a.c'): Finding => ({ file, line, rule });
const lines = (pairs: Pair[]) => pairs.map((p) => p.finding.line);

test('a finding of the labelled rule on the labelled line, or within two lines, is a true positive', () => {
  const labels = [label(10, 'missing-reuseaddr'), label(40, 'unix-socket-stale')];
  const m = matchFindings(labels, [finding(10, 'missing-reuseaddr'), finding(42, 'unix-socket-stale')]);
  assert.deepEqual(lines(m.truePositives), [10, 42]);
  assert.deepEqual([m.falsePositives, m.misses, m.unlabelled], [[], [], []]);
});

test('three lines away is too far: the finding is unlabelled and the label a miss', () => {
  const m = matchFindings([label(10, 'missing-reuseaddr')], [finding(13, 'missing-reuseaddr')]);
  assert.deepEqual(lines(m.unlabelled), [13]);
  assert.deepEqual(
    m.misses.map((l) => l.line),
    [10],
  );
});

test('a finding at a site labelled none, or labelled with another rule, is a false positive', () => {
  const labels = [label(10, 'none'), label(20, 'reuseaddr-after-bind')];
  const m = matchFindings(labels, [finding(10, 'missing-reuseaddr'), finding(20, 'missing-reuseaddr')]);
  assert.deepEqual(lines(m.falsePositives), [10, 20]);
  assert.equal(m.falsePositives[1].label?.rule, 'reuseaddr-after-bind');
  assert.deepEqual(
    m.misses.map((l) => l.line),
    [20],
  );
});

test('among labels in reach, one of the finding’s rule wins over a nearer none', () => {
  const labels = [label(10, 'none'), label(11, 'none'), label(12, 'missing-reuseaddr')];
  const m = matchFindings(labels, [finding(10, 'missing-reuseaddr')]);
  assert.deepEqual(lines(m.truePositives), [10]);
  assert.equal(m.truePositives[0].label?.line, 12);
  assert.deepEqual(m.falsePositives, []);
});

test('without a label of its rule, the nearest label judges the finding', () => {
  const labels = [label(8, 'none'), label(11, 'none', { reason: 'nearest' })];
  const m = matchFindings(labels, [finding(10, 'missing-reuseaddr')]);
  assert.equal(m.falsePositives[0].label?.reason, 'nearest');
});

test('alsoAt: a problem labelled at the caller is found by a finding at the helper', () => {
  const labels = [label(693, 'none'), label(2421, 'unix-socket-stale', { alsoAt: [693] })];
  const m = matchFindings(labels, [finding(693, 'unix-socket-stale')]);
  assert.equal(m.truePositives[0].label?.line, 2421);
  assert.deepEqual([m.falsePositives, m.misses], [[], []]);
});

test('a second finding on an already found problem is a duplicate, not a second true positive', () => {
  const m = matchFindings([label(10, 'missing-reuseaddr')], [finding(10, 'missing-reuseaddr'), finding(11, 'missing-reuseaddr')]);
  assert.equal(m.truePositives.length, 1);
  assert.equal(m.duplicates.length, 1);
});

test('labels only match findings of their own file', () => {
  const m = matchFindings([label(10, 'missing-reuseaddr')], [finding(10, 'missing-reuseaddr', 'b.c')]);
  assert.deepEqual(lines(m.unlabelled), [10]);
  assert.equal(m.misses.length, 1);
});
