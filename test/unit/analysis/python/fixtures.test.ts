// Table-driven: every Python fixture's findings are exactly its caret markers; every preferred
// fix removes its finding and leaves a file that `python3 -m py_compile` accepts; fixing
// everything (the CLI's --fix rounds) compiles too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixText } from '../../../../src/analysis/fix-all';
import { applyEdits } from '../../../../src/analysis/text';
import { FIXTURES, analyze, expectedFindings, fixtureFiles, key, pyCompile } from './harness';

const files = fixtureFiles();

/** Each family's minimum number of expected findings, and of `neg-` fixtures. */
const FAMILIES: Record<string, { findings: number; negatives: number }> = {
  'missing-reuseaddr': { findings: 13, negatives: 6 },
  'reuseaddr-after-bind': { findings: 5, negatives: 1 },
  'sockopt-misuse': { findings: 2, negatives: 1 },
  'windows-reuseaddr': { findings: 5, negatives: 1 },
  'unix-socket-stale': { findings: 4, negatives: 1 },
  'false-positives': { findings: 0, negatives: 3 },
};

test('the fixture families are all there, with enough cases each', () => {
  for (const [family, min] of Object.entries(FAMILIES)) {
    const members = files.filter((f) => path.relative(FIXTURES, f).split(path.sep)[0] === family);
    const findings = members.reduce((n, f) => n + expectedFindings(fs.readFileSync(f, 'utf8')).length, 0);
    const negatives = members.filter((f) => path.basename(f).startsWith('neg-')).length;
    assert.ok(findings >= min.findings, `${family}: ${findings} expected findings, want at least ${min.findings}`);
    assert.ok(negatives >= min.negatives, `${family}: ${negatives} neg- fixtures, want at least ${min.negatives}`);
    if (family !== 'false-positives') {
      const rules = new Set(members.flatMap((f) => expectedFindings(fs.readFileSync(f, 'utf8')).map((m) => m.rule)));
      assert.ok(rules.has(family), `${family} has markers of its own rule`);
    }
  }
});

describe('python fixtures: findings match the caret markers', () => {
  for (const file of files) {
    const name = path.relative(FIXTURES, file);
    test(name, async () => {
      const text = fs.readFileSync(file, 'utf8');
      assert.equal(pyCompile(text), '', `${name} does not compile`);
      const result = await analyze(file, text);
      const actual = result.findings
        .map((f) => key({ line: f.range.start.line, column: f.range.start.character, rule: f.rule }))
        .sort();
      assert.deepEqual(actual, expectedFindings(text).map(key).sort());
      if (path.basename(name).startsWith('neg-')) assert.equal(actual.length, 0, 'a neg- fixture carries no findings');
    });
  }
});

describe('python fixtures: each preferred fix removes its finding and the file still compiles', () => {
  for (const file of files) {
    const name = path.relative(FIXTURES, file);
    const text = fs.readFileSync(file, 'utf8');
    if (expectedFindings(text).length === 0) continue;
    test(name, async () => {
      const before = await analyze(file, text);
      for (const finding of before.findings) {
        const preferred = finding.fixes.filter((f) => f.isPreferred);
        assert.equal(preferred.length, 1, `${finding.rule} at line ${finding.range.start.line + 1} has one preferred fix`);
        const fixed = applyEdits(text, preferred[0].edits);
        assert.notEqual(fixed, text);
        assert.equal(pyCompile(fixed), '', `${finding.rule} fix does not compile:\n${fixed}`);
        const after = await analyze(file, fixed);
        const count = (r: typeof before) => r.findings.filter((f) => f.rule === finding.rule).length;
        assert.equal(count(after), count(before) - 1, `${finding.rule} still reported after its fix:\n${fixed}`);
        assert.equal(after.findings.length, before.findings.length - 1, `the fix brought another finding:\n${fixed}`);
      }
    });
  }
});

describe('python fixtures: fixing everything leaves no finding and code that compiles', () => {
  for (const file of files) {
    const name = path.relative(FIXTURES, file);
    const text = fs.readFileSync(file, 'utf8');
    if (expectedFindings(text).length === 0) continue;
    test(name, async () => {
      const outcome = await fixText(text, (await analyze(file, text)).findings, async (t) => (await analyze(file, t)).findings);
      assert.equal(pyCompile(outcome.text), '', outcome.text);
      assert.deepEqual(
        outcome.findings.map((f) => f.rule),
        [],
        outcome.text,
      );
    });
  }
});
