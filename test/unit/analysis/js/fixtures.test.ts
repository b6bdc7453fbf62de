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

/** Each family's floor: a folder that loses its fixtures fails here instead of passing emptier. */
const MIN_PER_FAMILY: Record<string, number> = {
  'dgram-missing-reuseaddr': 20,
  deno: 2,
  'unix-socket-stale': 8,
  servers: 8,
  'reuseport-unsupported': 3,
  'listen-no-error-handler': 4,
  'false-positives': 3,
  real: 2,
};

test('every fixture family is there with at least its floor of fixtures', () => {
  const perFamily = new Map<string, number>();
  for (const f of files) {
    const family = path.relative(FIXTURES, f).split(path.sep)[0];
    perFamily.set(family, (perFamily.get(family) ?? 0) + 1);
  }
  for (const family of perFamily.keys()) assert.ok(family in MIN_PER_FAMILY, `family ${family} has no floor in MIN_PER_FAMILY`);
  for (const [family, min] of Object.entries(MIN_PER_FAMILY))
    assert.ok((perFamily.get(family) ?? 0) >= min, `${family}: ${perFamily.get(family) ?? 0} fixtures, at least ${min} expected`);
  const extensions = new Set(files.map((f) => path.extname(f)));
  for (const ext of ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']) assert.ok(extensions.has(ext), ext);
});

/** Rules whose findings carry a preferred fix; the other rules are information with advice only. */
const FIXABLE_RULES = new Set(['dgram-missing-reuseaddr', 'unix-socket-stale', 'listen-no-error-handler']);

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
    const fixable = expectedFindings(text).filter((m) => FIXABLE_RULES.has(m.rule)).length;
    if (fixable === 0) continue;
    test(name, async () => {
      const before = await analyze(file, text);
      let applied = 0;
      for (const finding of before.findings) {
        const preferred = finding.fixes.filter((f) => f.isPreferred);
        assert.equal(preferred.length, FIXABLE_RULES.has(finding.rule) ? 1 : 0, `${finding.rule}: one preferred fix, or none`);
        for (const fix of preferred) {
          applied++;
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
      assert.equal(applied, fixable, 'every fixable finding had its preferred fix applied');
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
