// The analyzer's options, over every fixture of every language: `hovers: false` (what the
// workspace check and the CLI ask for) leaves the findings exactly as they are and drops only the
// hover texts.
import assert from 'node:assert/strict';
import test from 'node:test';
import { analyzeText } from '../../../src/analysis/analyzer';
import { ParserService, type GrammarId } from '../../../src/analysis/parser';
import { fixturePath } from '../../shared/repo-paths';
import { allFixtures } from './fuzz-inputs';

test('hovers: false gives the same findings, fixes included, and no hovers', async () => {
  const service = await ParserService.create();
  const withHovers = new Map<GrammarId, number>();
  try {
    for (const { rel, grammar, text } of allFixtures()) {
      const file = fixturePath(rel);
      const full = await analyzeText(service, { path: file, text }, grammar);
      const lean = await analyzeText(service, { path: file, text }, grammar, { hovers: false });
      assert.deepEqual(lean.findings, full.findings, file);
      assert.deepEqual(lean.hovers, [], file);
      if (full.hovers.length > 0) withHovers.set(grammar, (withHovers.get(grammar) ?? 0) + 1);
    }
  } finally {
    service.dispose();
  }
  // Otherwise the comparison above would hold for an analyzer that never made a hover.
  for (const grammar of ['c', 'cpp', 'javascript', 'python'] as const)
    assert.ok((withHovers.get(grammar) ?? 0) > 0, `no ${grammar} fixture has a hover by default`);
});
