// The analyzer under bad input: mutations of every fixture of every language, and generated
// extremes for every grammar. It returns findings or a clear reason, never throws, and its
// parse budget ends a pathological parse instead of hanging the editor. Seeded: a failure prints
// the seed, and FUZZ_SEED=<seed> replays it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type FileAnalysis, analyzeText } from '../../../src/analysis/analyzer';
import { type GrammarId, ParseTimeoutError, ParserService, isCFamily } from '../../../src/analysis/parser';
import { lineStarts } from '../../../src/analysis/text';
import type { Range } from '../../../src/analysis/types';
import { allFixtures, allGrammars, fuzzSeed, mutationArb } from './fuzz-inputs';

const FIXTURES = allFixtures();
const GRAMMARS = allGrammars();
const SEED = fuzzSeed();

let servicePromise: Promise<ParserService> | undefined;
const service = (): Promise<ParserService> => (servicePromise ??= ParserService.create());

function assertInside(range: Range, starts: readonly number[], text: string, what: string): void {
  for (const pos of [range.start, range.end]) {
    assert.ok(pos.line >= 0 && pos.line < starts.length, `${what}: line ${pos.line} outside the text`);
    const lineLength = (pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length) - starts[pos.line];
    assert.ok(pos.character >= 0 && pos.character <= lineLength, `${what}: column ${pos.character} outside line ${pos.line}`);
  }
}

type Outcome = { kind: 'analyzed'; result: FileAnalysis; ms: number } | { kind: 'over-budget'; ms: number };

/** Runs the analyzer's front door; the only failure it may report is its own parse budget running out. */
async function analyze(
  svc: ParserService,
  path: string,
  grammar: GrammarId,
  text: string,
  maxFileSize?: number,
): Promise<Outcome> {
  const started = performance.now();
  try {
    const result = await analyzeText(svc, { path, text }, grammar, { maxFileSize });
    const starts = lineStarts(text);
    for (const f of result.findings) {
      assertInside(f.range, starts, text, f.rule);
      for (const r of f.related ?? []) assertInside(r.range, starts, text, `${f.rule} related`);
      for (const fix of f.fixes) for (const e of fix.edits) assertInside(e.range, starts, text, `${f.rule} fix`);
    }
    for (const h of result.hovers) assertInside(h.range, starts, text, 'hover');
    if (result.skipped !== undefined) assert.match(result.skipped, /^not analyzed: .{10,}/, 'a skip says why');
    return { kind: 'analyzed', result, ms: performance.now() - started };
  } catch (error) {
    if (error instanceof ParseTimeoutError) return { kind: 'over-budget', ms: performance.now() - started };
    throw error;
  }
}

test(`fixtures exist for the fuzz (${FIXTURES.length} files, grammars ${GRAMMARS.map((g) => g.grammar).join(', ')})`, () => {
  assert.ok(FIXTURES.length >= 50, `only ${FIXTURES.length} fixtures found under test/fixtures/`);
  assert.ok(GRAMMARS.length >= 2, 'the parser knows fewer than two grammars');
  for (const { grammar } of GRAMMARS) {
    assert.ok(
      FIXTURES.some((f) => f.grammar === grammar),
      `no fixture under test/fixtures/ uses grammar ${grammar}: add one so the fuzz covers it`,
    );
  }
});

test(`mutated fixtures never make the analyzer throw (seed ${SEED}; FUZZ_SEED=${SEED} replays)`, async (t) => {
  const svc = await service();
  let slowest = { ms: 0, what: '' };
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...FIXTURES),
      fc.array(mutationArb(), { minLength: 1, maxLength: 3 }),
      async (fixture, mutations) => {
        const text = mutations.reduce((acc, m) => m.apply(acc), fixture.text);
        const outcome = await analyze(svc, fixture.rel, fixture.grammar, text);
        if (outcome.ms > slowest.ms)
          slowest = { ms: outcome.ms, what: `${fixture.rel} (${mutations.map((m) => m.name).join(', ')})` };
      },
    ),
    { seed: SEED, numRuns: 600, endOnFailure: false },
  );
  t.diagnostic(`slowest case ${slowest.ms.toFixed(0)} ms: ${slowest.what}`);
});

/** The grammar's first fixture with socket code: generated files start with it so the pre-filter lets them through. */
function seedText(grammar: GrammarId): string {
  return FIXTURES.find((f) => f.grammar === grammar && /bind|listen|createSocket/.test(f.text))?.text ?? '';
}

/** About `bytes` of the grammar's fixtures repeated. */
function repeated(grammar: GrammarId, bytes: number): string {
  const parts = FIXTURES.filter((f) => f.grammar === grammar).map((f) => f.text);
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += parts[i % parts.length] + '\n';
  return out;
}

/** A file with `count` findings: a socket bound without address reuse per function (C family) or per statement (others). */
function denseFindings(grammar: GrammarId, count: number): { text: string; perCopy: number } {
  if (isCFamily(grammar)) {
    let text = '#include <sys/socket.h>\n';
    for (let i = 0; i < count; i++) {
      text += `int f${i}(struct sockaddr *a){int s=socket(AF_INET,SOCK_STREAM,0);bind(s,a,16);return listen(s,1);}\n`;
    }
    return { text, perCopy: 1 };
  }
  if (grammar === 'javascript' || grammar === 'typescript' || grammar === 'tsx') {
    // One line, as a minified bundle: every socket joins a multicast group without reuseAddr.
    let text = 'const d=require("dgram");';
    for (let i = 0; i < count; i++) text += `var s${i}=d.createSocket("udp4");s${i}.bind(5353);s${i}.addMembership("239.1.1.1");`;
    return { text, perCopy: 1 };
  }
  // A grammar without a generator here: its fixtures, repeated to a couple of megabytes.
  return { text: repeated(grammar, 2_000_000), perCopy: 0 };
}

for (const { grammar, extension } of GRAMMARS) {
  test(`${grammar}: generated extremes give findings or a reason, never an exception`, async (t) => {
    const svc = await service();
    const file = `extreme${extension}`;
    const report = (what: string, o: Outcome): void =>
      t.diagnostic(
        `${what}: ${o.kind === 'analyzed' ? `${o.result.skipped ?? `${o.result.findings.length} findings`}` : 'parse budget ran out'} in ${o.ms.toFixed(0)} ms`,
      );

    const huge = repeated(grammar, 20_000_000);
    const capped = await analyze(svc, file, grammar, huge);
    assert.equal(capped.kind, 'analyzed');
    assert.match(capped.kind === 'analyzed' ? (capped.result.skipped ?? '') : '', /larger than 2000000 bytes/);
    report('20 MB, default size cap', capped);

    // No size cap: the parse budget is what ends it (a tiny budget, so the test does not depend on the machine's speed).
    const tight = await ParserService.create({ parseTimeoutMs: 50 });
    const budgeted = await analyze(tight, file, grammar, huge, 0);
    assert.equal(budgeted.kind, 'over-budget', '20 MB parsed within 50 ms?');
    report('20 MB, no size cap, 50 ms parse budget', budgeted);
    tight.dispose();

    const oneLine = seedText(grammar).replace(/\r?\n/g, ' ') + repeated(grammar, 5_000_000).replace(/\r?\n/g, ' ');
    report('5 MB on one line', await analyze(svc, file, grammar, oneLine, 0));

    for (const [open, close] of [
      ['(', ')'],
      ['{', '}'],
      ['[', ']'],
    ]) {
      const deep = seedText(grammar) + '\n' + open.repeat(50_000) + close.repeat(50_000) + '\n';
      report(`50,000-deep ${open}${close}`, await analyze(svc, file, grammar, deep, 0));
      const unclosed = seedText(grammar) + '\n' + open.repeat(50_000) + '\n';
      report(`50,000 unclosed ${open}`, await analyze(svc, file, grammar, unclosed, 0));
    }
  });
}

// One per analyzer family is enough for the dense case (each costs seconds); the others are
// covered by the same code. A grammar outside both families gets its own.
const DENSE = GRAMMARS.filter(
  ({ grammar }) =>
    grammar === 'c' || grammar === 'javascript' || !(isCFamily(grammar) || grammar === 'typescript' || grammar === 'tsx'),
);
for (const { grammar, extension } of DENSE) {
  test(`${grammar}: a file with 20,000 findings is analyzed in full`, async (t) => {
    // A generous budget: this measures the rules, not the parse budget.
    const svc = await ParserService.create({ parseTimeoutMs: 120_000 });
    const { text, perCopy } = denseFindings(grammar, 20_000);
    const outcome = await analyze(svc, `dense${extension}`, grammar, text, 0);
    assert.equal(outcome.kind, 'analyzed');
    if (outcome.kind === 'analyzed') {
      assert.equal(outcome.result.skipped, undefined);
      if (perCopy > 0) assert.equal(outcome.result.findings.length, 20_000 * perCopy);
      t.diagnostic(
        `${(text.length / 1e6).toFixed(1)} MB, ${outcome.result.findings.length} findings in ${outcome.ms.toFixed(0)} ms`,
      );
    }
    svc.dispose();
  });
}
