// The editor's incremental analysis: a result carried over an edit (c/inert-edits.ts) must equal
// what a full analysis of the edited text gives, on every C and C++ fixture and a large generated
// file, under random typing; and the edits it exists for (inside a function unconnected to the
// socket code) are the ones carried over. Seeded: FUZZ_SEED=<seed> replays a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeTree } from '../../../src/analysis/analyzer';
import { DocumentAnalysis } from '../../../src/analysis/incremental-analysis';
import type { TextChange } from '../../../src/analysis/incremental';
import { type GrammarId, ParserService, isCFamily } from '../../../src/analysis/parser';
import { lineStarts, positionAt } from '../../../src/analysis/text';
import { bigCFile } from '../../../bench/corpus';
import { allFixtures, fuzzSeed } from './fuzz-inputs';

const SEED = fuzzSeed();
// A generous parse budget: the suite checks results, not speed, on a machine that may be loaded.
const service = ParserService.create({ parseTimeoutMs: 120_000 });

function change(text: string, offset: number, deleted: number, inserted: string): TextChange {
  const starts = lineStarts(text);
  return {
    rangeOffset: offset,
    rangeLength: deleted,
    range: { start: positionAt(starts, offset), end: positionAt(starts, offset + deleted) },
    text: inserted,
  };
}

function apply(text: string, c: TextChange): string {
  return text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
}

async function fullAnalysis(grammar: GrammarId, path: string, text: string) {
  const svc = await service;
  const tree = svc.parseLoaded(grammar, text);
  try {
    return analyzeTree({ path, text }, grammar, tree);
  } finally {
    tree.delete();
  }
}

/** What typing does: spaces, letters, newlines, words the rules read, braces, comments, strings. */
const INSERTS = [' ', 'x', 'count', '\n', ';', '\n  ', 'bind', 'setsockopt(', 'g_1(', '{', '}', '#', '/*', '"', 'serve_0', 'fd'];

interface Step {
  at: number;
  deleted: number;
  inserted: string;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  // Unbiased: fast-check favours small values, which would put most edits at the file's start.
  at: fc.noBias(fc.integer({ min: 0, max: 999_999 })),
  deleted: fc.constantFrom(0, 0, 0, 1, 2, 5),
  inserted: fc.constantFrom(...INSERTS, ''),
});

async function typeAndCompare(grammar: GrammarId, path: string, start: string, steps: Step[]): Promise<number> {
  const svc = await service;
  await svc.language(grammar);
  const doc = DocumentAnalysis.openLoaded(svc, grammar, start);
  let text = start;
  let carried = 0;
  try {
    doc.analyze({ path, text });
    for (const [i, step] of steps.entries()) {
      const offset = Math.floor((step.at / 1_000_000) * text.length);
      const c = change(text, offset, Math.min(step.deleted, text.length - offset), step.inserted);
      text = apply(text, c);
      doc.update(text, [c]);
      const got = doc.analyze({ path, text });
      if (doc.lastRun === 'carried over') carried++;
      assert.deepEqual(
        got,
        await fullAnalysis(grammar, path, text),
        `${path}: after step ${i} (${JSON.stringify(step.inserted)} at ${offset}, ${c.rangeLength} deleted; ${doc.lastRun})`,
      );
    }
  } finally {
    doc.dispose();
  }
  return carried;
}

const C_FIXTURES = allFixtures().filter((f) => isCFamily(f.grammar));

test(`a carried-over result equals a full analysis, on ${C_FIXTURES.length} C and C++ fixtures under random typing (seed ${SEED})`, async () => {
  assert.ok(C_FIXTURES.length >= 30, `only ${C_FIXTURES.length} C/C++ fixtures found`);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...C_FIXTURES),
      fc.array(stepArb, { minLength: 1, maxLength: 6 }),
      async (fixture, steps) => {
        await typeAndCompare(fixture.grammar, fixture.rel, fixture.text, steps);
      },
    ),
    { seed: SEED, numRuns: 150, endOnFailure: true },
  );
});

test(`a carried-over result equals a full analysis on a generated 2,000-line C file (seed ${SEED})`, async () => {
  const text = bigCFile(2_000);
  let carried = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: 3, maxLength: 10 }), async (steps) => {
      carried += await typeAndCompare('c', 'big.c', text, steps);
    }),
    { seed: SEED, numRuns: 12, endOnFailure: true },
  );
  assert.ok(carried > 0, 'no edit of the run was carried over: the property above compared nothing but full analyses');
});

test('an edit inside a function unconnected to the socket code is carried over; one that connects it is analyzed', async () => {
  const svc = await service;
  await svc.language('c');
  const text = bigCFile(1_000);
  const doc = DocumentAnalysis.openLoaded(svc, 'c', text);
  try {
    const before = doc.analyze({ path: 'big.c', text });
    assert.ok(before.findings.length > 0, 'the generated file has findings');
    const offset = text.indexOf('count += strlen(buf)');
    assert.ok(offset > 0);
    const cases: [string, string, 'carried over' | 'analyzed'][] = [
      ['a space in an ordinary function', ' ', 'carried over'],
      ['a letter', 'x', 'carried over'],
      ['a newline', '\n', 'carried over'],
      // Whole statements, so the file still parses: each makes the function part of the socket code.
      ['a call of a socket function', 'serve_0(); ', 'analyzed'],
      [
        'a server',
        '{ int s = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {0}; bind(s, (struct sockaddr *)&a, sizeof a); listen(s, 1); } ',
        'analyzed',
      ],
      ['a suppression comment', '/* address-in-use-ignore-next-line */ ', 'analyzed'],
    ];
    const current = text;
    for (const [what, inserted, expected] of cases) {
      const c = change(current, offset, 0, inserted);
      const next = apply(current, c);
      doc.update(next, [c]);
      const got = doc.analyze({ path: 'big.c', text: next });
      assert.equal(doc.lastRun, expected, what);
      assert.deepEqual(got, await fullAnalysis('c', 'big.c', next), what);
      // Undo, so each case starts from the same text.
      const undo = change(next, offset, inserted.length, '');
      doc.update(current, [undo]);
      doc.analyze({ path: 'big.c', text: current });
    }
    // Other options are another analysis.
    doc.analyze({ path: 'big.c', text: current }, { severities: { 'missing-reuseaddr': 'error' } });
    assert.equal(doc.lastRun, 'analyzed', 'a severity setting changed');
  } finally {
    doc.dispose();
  }
});
