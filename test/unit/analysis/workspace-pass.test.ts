// One file of the workspace pass: the call names (as hashes) kept for a C file that was not parsed, which
// the helper rounds test instead of reading the file again (workspace.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { callNameHash, callNameHashes } from '../../../src/analysis/workspace-pass';
import { fuzzSeed } from './fuzz-inputs';

/** What the model's call scan (`\bname\s*\(`) can find in `text`, by the regex itself. */
function byRegex(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*\(/g))
    if (!['if', 'for', 'while', 'switch', 'return', 'sizeof', 'defined', '__attribute__', 'alignof', 'typeof'].includes(m[1]))
      names.add(m[1]);
  return [...names].sort();
}

/** The hashes of `names`, as callNameHashes gives them. */
const hashesOf = (names: string[]) => Int32Array.from(new Set(names.map(callNameHash))).sort();

test('call names: the hash of every name the call scan can find, and of nothing else', () => {
  const text = 'int f(int fd) { if (x) make_reusable (fd); return sizeof(a) + g\n(1) + 9h(2) + 0x1f(3) + _u(4); }';
  assert.deepEqual(callNameHashes(text), hashesOf(['_u', 'f', 'g', 'make_reusable']));
  assert.ok(!callNameHashes(text).includes(callNameHash('set_reuse')));
  // C-ish text of names, digits, blanks and brackets: the scan backwards from each `(` agrees with the regex.
  const piece = fc.constantFrom('a', 'b_1', '9', '0x', 'if', 'sizeof', ' ', '\t', '\n', '(', ')', '{', ';', '.', '->', 'é');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      assert.deepEqual(callNameHashes(text), hashesOf(byRegex(text)));
    }),
    { seed: fuzzSeed(), numRuns: 2000 },
  );
});
