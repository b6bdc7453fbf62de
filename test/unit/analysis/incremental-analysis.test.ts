// The editor's incremental analysis: a result carried over an edit (c/inert-edits.ts) or made by
// analyzing the edited function's component alone (c/component-analysis.ts) must equal what a
// full analysis of the edited text gives, on every C and C++ fixture, files made of several
// fixtures, and a large generated file, under random typing; and the edits each path exists for
// take it. Seeded: FUZZ_SEED=<seed> replays a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeTree } from '../../../src/analysis/analyzer';
import { DocumentAnalysis } from '../../../src/analysis/incremental-analysis';
import type { TextChange } from '../../../src/analysis/incremental';
import { type GrammarId, ParserService, isCFamily } from '../../../src/analysis/parser';
import { textChange } from '../../shared/text-change';
import { bigCFile } from '../../../bench/corpus';
import { allFixtures, fuzzSeed } from './fuzz-inputs';

const SEED = fuzzSeed();
// A generous parse budget: the suite checks results, not speed, on a machine that may be loaded.
const service = ParserService.create({ parseTimeoutMs: 120_000 });

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

type Runs = Record<NonNullable<DocumentAnalysis['lastRun']>, number>;

/** `maxComponentShare` 1: every edit in the socket code goes through the component analysis, however large. */
async function typeAndCompare(
  grammar: GrammarId,
  path: string,
  start: string,
  steps: Step[],
  maxComponentShare?: number,
): Promise<Runs> {
  const svc = await service;
  await svc.language(grammar);
  const doc = DocumentAnalysis.openLoaded(svc, grammar, start, { maxComponentShare });
  let text = start;
  const runs: Runs = { analyzed: 0, 'component analyzed': 0, 'carried over': 0 };
  try {
    doc.analyze({ path, text });
    for (const [i, step] of steps.entries()) {
      const offset = Math.floor((step.at / 1_000_000) * text.length);
      const c = textChange(text, offset, Math.min(step.deleted, text.length - offset), step.inserted);
      text = apply(text, c);
      doc.update(text, [c]);
      const got = doc.analyze({ path, text });
      runs[doc.lastRun!]++;
      assert.deepEqual(
        got,
        await fullAnalysis(grammar, path, text),
        `${path}: after step ${i} (${JSON.stringify(step.inserted)} at ${offset}, ${c.rangeLength} deleted; ${doc.lastRun})`,
      );
    }
  } finally {
    doc.dispose();
  }
  return runs;
}

const C_FIXTURES = allFixtures().filter((f) => isCFamily(f.grammar));

test(`a carried-over or partly analyzed result equals a full analysis, on ${C_FIXTURES.length} C and C++ fixtures under random typing (seed ${SEED})`, async () => {
  assert.ok(C_FIXTURES.length >= 30, `only ${C_FIXTURES.length} C/C++ fixtures found`);
  const total: Runs = { analyzed: 0, 'component analyzed': 0, 'carried over': 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...C_FIXTURES),
      fc.array(stepArb, { minLength: 1, maxLength: 6 }),
      async (fixture, steps) => {
        const runs = await typeAndCompare(fixture.grammar, fixture.rel, fixture.text, steps, 1);
        for (const k of Object.keys(total) as (keyof Runs)[]) total[k] += runs[k];
      },
    ),
    { seed: SEED, numRuns: 150, endOnFailure: true },
  );
  assert.ok(total['component analyzed'] > 0, `no edit was analyzed by component: ${JSON.stringify(total)}`);
});

test("an edit leaving a socket name undeclared: another function's parameter of that name is not that socket, analyzed by component or in full", async () => {
  // Seed 950778254 found it: `int fd` typed into `int xfd` left open_listener_inline's `fd`
  // undeclared, and the full analysis took bind_with_reuse's parameter `fd` for it.
  const fixture = C_FIXTURES.find((f) => f.rel === 'c/false-positives/reuse_opt_out_branch.c');
  assert.ok(fixture, 'fixture c/false-positives/reuse_opt_out_branch.c is missing');
  const at = fixture.text.indexOf('int fd = socket', fixture.text.indexOf('open_listener_inline')) + 'int '.length;
  const step = { at: Math.ceil((at * 1_000_000) / fixture.text.length), deleted: 0, inserted: 'x' };
  const runs = await typeAndCompare(fixture.grammar, fixture.rel, fixture.text, [step], 1);
  assert.equal(runs['component analyzed'], 1, JSON.stringify(runs));
});

// A socket declared in a header (a class's member, an `extern` global) links the functions that
// use it, though no file-scope name of this file does: an edit undoing the reuse in one must
// bring the finding back in the other, as a full analysis does.
for (const [grammar, rel, text] of [
  [
    'cpp',
    'server.cpp',
    `#include "server.h"
#include <sys/socket.h>
#include <netinet/in.h>

void Server::setup() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
}

void Server::start() {
    struct sockaddr_in addr = {};
    addr.sin_port = htons(8080);
    bind(fd_, (struct sockaddr *)&addr, sizeof addr);
    listen(fd_, 16);
}
`,
  ],
  [
    'c',
    'server.c',
    `#include "globals.h" /* extern int g_listen_fd; */
#include <sys/socket.h>
#include <netinet/in.h>

void open_listener(void) {
    int on = 1;
    g_listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(g_listen_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
}

void start_listening(void) {
    struct sockaddr_in addr = {0};
    addr.sin_port = htons(8080);
    bind(g_listen_fd, (struct sockaddr *)&addr, sizeof addr);
    listen(g_listen_fd, 16);
}
`,
  ],
] as const) {
  test(`a socket declared in a header connects the functions using it (${rel}): undoing the reuse in one brings back the finding in the other`, async () => {
    const at = text.indexOf('SO_REUSEADDR') + 'SO_REUSEADD'.length;
    const step = { at: Math.ceil((at * 1_000_000) / text.length), deleted: 1, inserted: 'X' };
    const runs = await typeAndCompare(grammar, rel, text, [step], 1);
    assert.equal(runs['component analyzed'], 1, JSON.stringify(runs));
    const after = await fullAnalysis(grammar, rel, text.slice(0, at) + 'X' + text.slice(at + 1));
    assert.deepEqual(
      after.findings.map((f) => f.rule),
      ['missing-reuseaddr'],
    );
  });
}

/** Files made of a few fixtures of one language end to end: many components, as in a real file. */
function joinedFixtures(grammar: GrammarId): fc.Arbitrary<string> {
  const pool = C_FIXTURES.filter((f) => f.grammar === grammar);
  return fc.array(fc.constantFrom(...pool), { minLength: 3, maxLength: 6 }).map((list) => list.map((f) => f.text).join('\n'));
}

for (const grammar of ['c', 'cpp'] as const) {
  test(`a partly analyzed result equals a full analysis, on ${grammar} files joined from fixtures under random typing (seed ${SEED})`, async () => {
    const total: Runs = { analyzed: 0, 'component analyzed': 0, 'carried over': 0 };
    await fc.assert(
      fc.asyncProperty(joinedFixtures(grammar), fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (text, steps) => {
        const runs = await typeAndCompare(grammar, `joined.${grammar}`, text, steps, 1);
        for (const k of Object.keys(total) as (keyof Runs)[]) total[k] += runs[k];
      }),
      { seed: SEED, numRuns: 60, endOnFailure: true },
    );
    assert.ok(total['component analyzed'] > 0, `no edit was analyzed by component: ${JSON.stringify(total)}`);
  });
}

test(`a carried-over or partly analyzed result equals a full analysis on a generated 2,000-line C file (seed ${SEED})`, async () => {
  const text = bigCFile(2_000);
  const total: Runs = { analyzed: 0, 'component analyzed': 0, 'carried over': 0 };
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: 3, maxLength: 10 }), async (steps) => {
      const runs = await typeAndCompare('c', 'big.c', text, steps);
      for (const k of Object.keys(total) as (keyof Runs)[]) total[k] += runs[k];
    }),
    { seed: SEED, numRuns: 12, endOnFailure: true },
  );
  // Else the property above compared nothing but full analyses. (Random typing soon leaves a
  // parse error, after which every edit is analyzed in full: the joined fixtures above and the
  // cases below are where components are analyzed.)
  assert.ok(total['carried over'] > 0, `no edit of the run was carried over: ${JSON.stringify(total)}`);
});

test('an edit inside a function unconnected to the socket code is carried over; one in or into the socket code has its component analyzed; one outside functions, the file', async () => {
  const svc = await service;
  await svc.language('c');
  const text = bigCFile(1_000);
  const doc = DocumentAnalysis.openLoaded(svc, 'c', text);
  try {
    const before = doc.analyze({ path: 'big.c', text });
    assert.ok(before.findings.length > 0, 'the generated file has findings');
    const ordinary = text.indexOf('count += strlen(buf)');
    // serve_8 binds without reuse (every 16th server has it).
    const unfixed = text.indexOf('if (bind(fd', text.indexOf('serve_8(void)'));
    const between = text.indexOf('\nstatic', text.indexOf('serve_8(void)')) + 1;
    assert.ok(ordinary > 0 && unfixed > 0 && between > 0);
    const reuse = 'int one = 1; setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one); ';
    const cases: [string, number, string, NonNullable<DocumentAnalysis['lastRun']>][] = [
      ['a space in an ordinary function', ordinary, ' ', 'carried over'],
      ['a letter', ordinary, 'x', 'carried over'],
      ['a newline', ordinary, '\n', 'carried over'],
      // Whole statements, so the file still parses: each makes the function part of the socket
      // code. The ordinary functions share `struct node`: one component, most of the file.
      ['a call of a socket function', ordinary, 'serve_0(); ', 'analyzed'],
      [
        'a server',
        ordinary,
        '{ int s = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {0}; bind(s, (struct sockaddr *)&a, sizeof a); listen(s, 1); } ',
        'analyzed',
      ],
      ['a suppression comment', ordinary, '/* address-in-use-ignore-next-line */ ', 'analyzed'],
      // Each server is a component of its own.
      ['a space in a socket function', unfixed, ' ', 'component analyzed'],
      ['reuse enabled before a bind', unfixed, reuse, 'component analyzed'],
      ['a call joining two servers', unfixed, 'serve_0(); ', 'component analyzed'],
      ['a suppression comment in a socket function', unfixed, '/* address-in-use-ignore-next-line */\n  ', 'component analyzed'],
      ['a global between functions', between, 'int g_counter;\n', 'analyzed'],
    ];
    const current = text;
    for (const [what, offset, inserted, expected] of cases) {
      const c = textChange(current, offset, 0, inserted);
      const next = apply(current, c);
      doc.update(next, [c]);
      const got = doc.analyze({ path: 'big.c', text: next });
      assert.equal(doc.lastRun, expected, what);
      assert.deepEqual(got, await fullAnalysis('c', 'big.c', next), what);
      if (inserted === reuse) assert.equal(got.findings.length, before.findings.length - 1, 'the reuse fixed one finding');
      // Undo, so each case starts from the same text.
      const undo = textChange(next, offset, inserted.length, '');
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

test('an edit that opens a comment the rest of its function does not close is analyzed with what follows', async () => {
  const svc = await service;
  await svc.language('c');
  const text = bigCFile(2_000);
  // `count ^= 0x17/*156075;` is a division alone, and a comment running into a later function in
  // the file: find a hex constant with no `*/` after it in its function, but one later on.
  let offset = -1;
  for (let at = text.indexOf('count ^= 0x'); at >= 0; at = text.indexOf('count ^= 0x', at + 1)) {
    const end = text.indexOf('\n}\n', at);
    if (!text.slice(at, end).includes('*/') && text.indexOf('*/', end) > 0) {
      offset = at + 'count ^= 0x'.length + 2;
      break;
    }
  }
  assert.ok(offset > 0, 'the generated file has such a constant');
  const doc = DocumentAnalysis.openLoaded(svc, 'c', text);
  try {
    doc.analyze({ path: 'big.c', text });
    const c = textChange(text, offset, 0, '/*');
    const next = apply(text, c);
    doc.update(next, [c]);
    const got = doc.analyze({ path: 'big.c', text: next });
    assert.deepEqual(got, await fullAnalysis('c', 'big.c', next));
    assert.equal(doc.lastRun, 'analyzed');
  } finally {
    doc.dispose();
  }
});
