// The analyzer runs on every keystroke, so half-typed code must never make it throw, and every
// range it returns must lie inside the text. Mutations of the fixtures stand in for typing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyEdits, lineStarts } from '../../../../src/analysis/text';
import type { Range } from '../../../../src/analysis/types';
import { FIXTURES, analyzeFixtureText, fixtureFiles } from './harness';

const sources = fixtureFiles().map((rel) => ({ rel, text: fs.readFileSync(path.join(FIXTURES, rel), 'utf8') }));
const EMPTY = { reuseHelpers: new Map<string, number>() };

function assertInside(range: Range, text: string, what: string): void {
  const starts = lineStarts(text);
  for (const pos of [range.start, range.end]) {
    assert.ok(pos.line >= 0 && pos.line < starts.length, `${what}: line ${pos.line} outside the text`);
    const lineLength = (pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length) - starts[pos.line];
    assert.ok(pos.character >= 0 && pos.character <= lineLength, `${what}: column ${pos.character} outside line ${pos.line}`);
  }
}

test('cut or inserted text never makes the analysis throw; ranges stay inside the text; preferred fixes never overlap', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...sources),
      fc.nat(),
      fc.nat({ max: 40 }),
      fc.constantFrom(
        '',
        '(',
        ')',
        '{',
        '}',
        ';',
        ':',
        '"',
        '/*',
        '#ifdef _WIN32\n',
        'bind(',
        'setsockopt(fd, ',
        '#else\n',
        '->',
        '::',
        '&',
        'case 1:',
        'char ',
        '#define OPT SO_REUSEADDR\n',
      ),
      async (source, at, length, insert) => {
        const start = at % (source.text.length + 1);
        const text = source.text.slice(0, start) + insert + source.text.slice(Math.min(source.text.length, start + length));
        const result = await analyzeFixtureText(source.rel, text, EMPTY);
        for (const finding of result.findings) {
          assertInside(finding.range, text, finding.rule);
          for (const related of finding.related ?? []) assertInside(related.range, text, `${finding.rule} related`);
          for (const fix of finding.fixes) for (const edit of fix.edits) assertInside(edit.range, text, `${finding.rule} fix`);
        }
        for (const hover of result.hovers) assertInside(hover.range, text, 'hover');
        // "Fix all" applies every preferred fix at once: they must never overlap.
        applyEdits(
          text,
          result.findings.flatMap((f) => f.fixes.find((x) => x.isPreferred)?.edits ?? []),
        );
      },
    ),
    { numRuns: 300 },
  );
});
