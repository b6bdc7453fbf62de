// Table-driven suite over test/fixtures/c/**: the findings of each fixture are exactly its caret
// markers; every fixture compiles; every preferred fix, applied, still compiles and leaves no
// warning or error behind.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../../../src/analysis/text';
import type { TextEdit } from '../../../../src/analysis/types';
import { FIXTURES, analyzeFixtureText, fixtureFiles, hasSyntaxErrorOnPurpose, markers, syntaxCheck } from './harness';

const files = fixtureFiles();

/** Each family's floor: a folder that loses its fixtures fails here instead of passing emptier. */
const MIN_PER_FAMILY: Record<string, number> = {
  'missing-reuseaddr': 30,
  'reuseaddr-after-bind': 2,
  'sockopt-misuse': 6,
  'windows-reuseaddr': 6,
  'unix-socket-stale': 7,
  asio: 8,
  cpp: 4,
  libevent: 4,
  'workspace-helper': 2,
  'workspace-wrapper': 3,
  'workspace-chain': 4,
  'false-positives': 10,
};

test('every fixture family is there with at least its floor of fixtures', () => {
  const perFamily = new Map<string, number>();
  for (const rel of files) perFamily.set(rel.split(path.sep)[0], (perFamily.get(rel.split(path.sep)[0]) ?? 0) + 1);
  for (const family of perFamily.keys()) assert.ok(family in MIN_PER_FAMILY, `family ${family} has no floor in MIN_PER_FAMILY`);
  for (const [family, min] of Object.entries(MIN_PER_FAMILY))
    assert.ok((perFamily.get(family) ?? 0) >= min, `${family}: ${perFamily.get(family) ?? 0} fixtures, at least ${min} expected`);
});

for (const rel of files) {
  describe(rel, () => {
    const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');

    test('findings match the caret markers exactly', async () => {
      const result = await analyzeFixtureText(rel, text);
      const found = result.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character} ${f.rule}`).sort();
      const expected = markers(text)
        .map((m) => `${m.line + 1}:${m.column} ${m.rule}`)
        .sort();
      assert.deepEqual(found, expected);
    });

    if (!hasSyntaxErrorOnPurpose(rel)) {
      test('compiles as written', () => {
        assert.equal(syntaxCheck(rel, text), '', 'fixture does not compile');
      });
    }

    if (markers(text).some((m) => m.rule !== 'reuseport-bsd-semantics')) {
      test('preferred fixes apply, compile, and leave no warning or error', async () => {
        const result = await analyzeFixtureText(rel, text);
        const edits: TextEdit[] = [];
        for (const finding of result.findings) {
          if (finding.severity === 'information') continue;
          const preferred = finding.fixes.filter((f) => f.isPreferred);
          assert.equal(
            preferred.length,
            1,
            `${finding.rule} at line ${finding.range.start.line + 1} has ${preferred.length} preferred fixes`,
          );
          edits.push(...preferred[0].edits);
        }
        const fixed = applyEdits(text, edits);
        assert.notEqual(fixed, text);
        if (!hasSyntaxErrorOnPurpose(rel)) assert.equal(syntaxCheck(rel, fixed), '', `fixed file does not compile:\n${fixed}`);
        const again = await analyzeFixtureText(rel, fixed);
        const left = again.findings
          .filter((f) => f.severity !== 'information')
          .map((f) => `${f.range.start.line + 1}: ${f.rule}`);
        assert.deepEqual(left, [], `after the fix:\n${fixed}`);
      });
    }
  });
}
