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

test('the fixture table is not empty', () => {
  assert.ok(files.length >= 40, `only ${files.length} fixtures found under ${FIXTURES}`);
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
