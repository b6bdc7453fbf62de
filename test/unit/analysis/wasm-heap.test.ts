// The analyzer frees every tree, query and cursor it makes: wasm memory only grows, so a leak
// shows as growth once the heap has reached its working size. The same inputs (every fixture of
// every language, plain and mutated, and parse budgets running out) are analyzed again and again
// after a warm-up; the heap must not grow by a byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText } from '../../../src/analysis/analyzer';
import { IncrementalDocument } from '../../../src/analysis/incremental';
import { ParseTimeoutError, ParserService, wasmHeapBytes } from '../../../src/analysis/parser';
import { allFixtures, fuzzSeed, mutationArb } from './fuzz-inputs';

const SEED = fuzzSeed();

test(`analyzing the same inputs again leaves the wasm heap where it was (seed ${SEED})`, async (t) => {
  const svc = await ParserService.create();
  const tight = await ParserService.create({ parseTimeoutMs: 1 });
  const fixtures = allFixtures();
  const mutations = fc.sample(mutationArb(), { seed: SEED, numRuns: fixtures.length });
  const inputs = fixtures.flatMap((f, i) => [f, { ...f, text: mutations[i].apply(f.text) }]);
  const big = fixtures.map((f) => f.text).join('\n');

  const round = async (): Promise<void> => {
    for (const input of inputs) {
      await analyzeText(svc, { path: input.rel, text: input.text }, input.grammar);
      // The editor's path: a kept tree, edited and reparsed, then disposed.
      await svc.language(input.grammar);
      const doc = IncrementalDocument.openLoaded(svc, input.grammar, input.text);
      const zero = { line: 0, character: 0 };
      doc.update('\n' + input.text, [{ rangeOffset: 0, rangeLength: 0, range: { start: zero, end: zero }, text: '\n' }]);
      doc.dispose();
    }
    for (const grammar of new Set(fixtures.map((f) => f.grammar))) {
      // An abandoned parse must free what it had built.
      await assert.rejects(
        analyzeText(tight, { path: 'big', text: big + big + big }, grammar, { maxFileSize: 0 }),
        ParseTimeoutError,
      );
    }
  };

  await round();
  await round();
  const baseline = wasmHeapBytes();
  assert.ok(baseline > 0, 'cannot read the wasm heap size (web-tree-sitter Module.HEAP8)');
  for (let i = 0; i < 4; i++) await round();
  t.diagnostic(`${inputs.length} inputs a round; heap ${baseline} bytes before 4 more rounds, ${wasmHeapBytes()} after`);
  assert.equal(wasmHeapBytes(), baseline, 'the wasm heap grew: a tree, query or cursor is not deleted');
  tight.dispose();
});
