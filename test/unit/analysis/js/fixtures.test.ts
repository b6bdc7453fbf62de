// Table-driven: every fixture's findings are exactly its caret markers; every preferred fix
// removes its finding and leaves code that still parses.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixText } from '../../../../src/analysis/fix-all';
import { applyEdits } from '../../../../src/analysis/text';
import { FIXTURES, analyze, expectedFindings, fixtureFiles, key, parsesCleanly } from './harness';

const files = fixtureFiles();

test('the fixture families are all there', () => {
  const families = new Set(files.map((f) => path.relative(FIXTURES, f).split(path.sep)[0]));
  for (const family of [
    'dgram-missing-reuseaddr',
    'deno',
    'unix-socket-stale',
    'servers',
    'reuseport-unsupported',
    'listen-no-error-handler',
    'false-positives',
    'real',
  ])
    assert.ok(families.has(family), family);
  const extensions = new Set(files.map((f) => path.extname(f)));
  for (const ext of ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']) assert.ok(extensions.has(ext), ext);
});

describe('fixtures: findings match the caret markers', () => {
  for (const file of files) {
    const name = path.relative(FIXTURES, file);
    test(name, async () => {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(await parsesCleanly(file, text), `${name} has syntax errors`);
      const result = await analyze(file, text);
      const actual = result.findings
        .map((f) => key({ line: f.range.start.line, column: f.range.start.character, rule: f.rule }))
        .sort();
      const expected = expectedFindings(text).map(key).sort();
      assert.deepEqual(actual, expected);
      if (name.startsWith('neg-') || path.basename(name).startsWith('neg-'))
        assert.equal(actual.length, 0, 'a neg- fixture carries no findings');
    });
  }
});

describe('fixtures: each preferred fix removes its finding and the code still parses', () => {
  for (const file of files) {
    const name = path.relative(FIXTURES, file);
    const text = fs.readFileSync(file, 'utf8');
    if (expectedFindings(text).length === 0) continue;
    test(name, async () => {
      const before = await analyze(file, text);
      for (const finding of before.findings) {
        const preferred = finding.fixes.filter((f) => f.isPreferred);
        if (finding.severity === 'warning') assert.equal(preferred.length, 1, `${finding.rule} has a preferred fix`);
        for (const fix of preferred) {
          const fixed = applyEdits(text, fix.edits);
          assert.notEqual(fixed, text);
          assert.ok(await parsesCleanly(file, fixed), `${finding.rule} fix leaves syntax errors:\n${fixed}`);
          const after = await analyze(file, fixed);
          const count = (r: typeof before, rule: string) => r.findings.filter((f) => f.rule === rule).length;
          assert.equal(
            count(after, finding.rule),
            count(before, finding.rule) - 1,
            `${finding.rule} still reported after its fix:\n${fixed}`,
          );
        }
      }
    });
  }
});

describe('fixtures: fixing everything (the CLI --fix rounds) leaves no fixable finding and code that parses', () => {
  for (const file of files) {
    const name = path.relative(FIXTURES, file);
    const text = fs.readFileSync(file, 'utf8');
    if (expectedFindings(text).length < 2) continue;
    test(name, async () => {
      const outcome = await fixText(text, (await analyze(file, text)).findings, async (t) => (await analyze(file, t)).findings);
      assert.ok(await parsesCleanly(file, outcome.text), outcome.text);
      assert.deepEqual(
        outcome.findings.filter((f) => f.fixes.some((x) => x.isPreferred)).map((f) => f.rule),
        [],
        outcome.text,
      );
      // One fs import at most, however many fixes wanted one.
      assert.ok(
        (outcome.text.match(/^(import .*['"](node:)?fs['"]|const \w+ = require\(['"](node:)?fs['"]\))/gm) ?? []).length <= 1,
        outcome.text,
      );
    });
  }
});
