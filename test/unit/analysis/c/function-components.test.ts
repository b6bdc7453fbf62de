// The editor's function index (c/function-components.ts) is kept across edits by applyEdit
// instead of being built again: after an edit inside a function's body it must hold what a fresh
// build from the edited text holds, on every C and C++ fixture and on a template's function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionIndex, planFunctionEdit } from '../../../../src/analysis/c/function-components';
import { isCFamily, ParserService, type GrammarId } from '../../../../src/analysis/parser';
import { textChange } from '../../../shared/text-change';
import { allFixtures } from '../fuzz-inputs';

const service = ParserService.create();

const TEMPLATE = `#include <sys/socket.h>

template <typename T>
T twice(T v) {
    return v + v;
}

int serve(int fd) {
    listen(fd, 16);
    return fd;
}
`;

/**
 * Every function's body edited in turn (`inserted` after its opening brace): the kept index
 * against a fresh one, where the edited function still parses whole (the editor keeps the index
 * only then: incremental-analysis.ts).
 */
async function checkEdits(grammar: GrammarId, rel: string, text: string, inserted: string): Promise<number> {
  const svc = await service;
  await svc.language(grammar);
  const tree = svc.parseLoaded(grammar, text);
  let edited = 0;
  try {
    const count = FunctionIndex.build(tree, text).entries.length;
    for (let i = 0; i < count; i++) {
      const index = FunctionIndex.build(tree, text);
      const entry = index.entries[i];
      if (entry.hasError) continue;
      const at = entry.bodyStart + 1;
      const plan = planFunctionEdit(index, text, [textChange(text, at, 0, inserted)]);
      if (!plan) continue;
      index.applyEdit(plan.entry, plan.newSource, plan.newEnd);
      const newText = text.slice(0, at) + inserted + text.slice(at);
      const newTree = svc.parseLoaded(grammar, newText);
      try {
        const fresh = FunctionIndex.build(newTree, newText).entries;
        if (fresh.length !== count || fresh[i].hasError) continue;
        assert.deepEqual(index.entries, fresh, `${rel}: ${JSON.stringify(inserted)} in function ${i}`);
        edited++;
      } finally {
        newTree.delete();
      }
    }
  } finally {
    tree.delete();
  }
  return edited;
}

test("after an edit in a template's function, the kept index still has it not local, as a fresh build does", async () => {
  const edited = await checkEdits('cpp', 'template.cpp', TEMPLATE, ' ');
  assert.equal(edited, 2);
  const svc = await service;
  const tree = svc.parseLoaded('cpp', TEMPLATE);
  try {
    const [twice, serve] = FunctionIndex.build(tree, TEMPLATE).entries;
    assert.deepEqual([twice.inTemplate, twice.local, serve.local], [true, false, true]);
  } finally {
    tree.delete();
  }
});

test('after an edit in any function of the C and C++ fixtures, the kept index equals a fresh build', async () => {
  let edited = 0;
  for (const fixture of allFixtures().filter((f) => isCFamily(f.grammar)))
    for (const inserted of [' ', ' fd ', ' using ', '\n#define X 1\n'])
      edited += await checkEdits(fixture.grammar, fixture.rel, fixture.text, inserted);
  assert.ok(edited > 100, `only ${edited} edits were planned`);
});
