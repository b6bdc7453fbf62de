// `npm run bench` (analyzer half). Each target is reported as a ratio against a baseline
// measured in the same process and run, never as an absolute time:
//  1. throughput: the analyzer (pre-filter, parse when needed, rules) over a corpus of many C
//     files, on one thread, against a bare tree-sitter parse of the files the pre-filter lets
//     through (what the analyzer must parse: like with like), on the usual corpus (one file in ten
//     with sockets) and a socket-dense one: what the rules cost on top of the parse. Reported,
//     with no target: the targets on throughput are the workspace check's (bench/workspace.ts),
//     which runs this analyzer on every core. The parse of every file is printed beside it.
//  2. edit-to-diagnostics latency on a 10,000-line C file after a one-character edit, through the
//     editor's own path (src/analysis/incremental-analysis.ts: tree.edit + incremental reparse +
//     the rules, or the last result carried over when the edit cannot change it). Target: median
//     under 15 ms, and printed as a ratio to the full parse of the same file; for an edit in an
//     ordinary function and one in a socket function (whose component is analyzed again); then
//     again while one spinning thread per core keeps every core busy (same target).
// Both check their results: the findings of every timed run are counted against the corpus.
import { loadavg } from 'node:os';
import { Bench } from 'tinybench';
import { analyzeText, mayHaveFindings } from '../src/analysis/analyzer';
import { DocumentAnalysis } from '../src/analysis/incremental-analysis';
import { ParserService } from '../src/analysis/parser';
import { lineStarts, positionAt } from '../src/analysis/text';
import { bigCFile, cCorpus } from './corpus';
import { loadEveryCore } from './cpu-load';

/** Median latency of a finished task; a task that threw makes the whole benchmark fail loudly. */
function median(task: { name: string; result: object }): number {
  const result = task.result as { latency?: { p50: number }; error?: unknown };
  if (!result.latency)
    throw new Error(
      `benchmark task "${task.name}" did not complete: ${result.error instanceof Error ? result.error.message : 'no result'}`,
    );
  return result.latency.p50;
}

/** Rounds of the throughput comparison. */
const THROUGHPUT_ROUNDS = 15;

function middle(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function ms(n: number): string {
  return `${n.toFixed(2)} ms`;
}

export async function main(): Promise<void> {
  const service = await ParserService.create();
  await service.language('c');

  for (const [label, corpus, expected] of [
    ['one file in ten with sockets', cCorpus(150), 15],
    ['socket-dense (every file)', cCorpus(150, 1, 43), 150],
  ] as const) {
    const passing = corpus.filter((text) => mayHaveFindings('c', text));
    const size = (list: readonly string[]) => list.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const parsePassing = () => {
      const t0 = performance.now();
      for (const text of passing) service.parseLoaded('c', text).delete();
      return performance.now() - t0;
    };
    const parseEvery = () => {
      const t0 = performance.now();
      for (const text of corpus) service.parseLoaded('c', text).delete();
      return performance.now() - t0;
    };
    const analyzeEvery = async () => {
      const t0 = performance.now();
      let missing = 0;
      for (const text of corpus)
        missing += (await analyzeText(service, { path: 'bench.c', text }, 'c')).findings.filter(
          (f) => f.rule === 'missing-reuseaddr',
        ).length;
      const elapsed = performance.now() - t0;
      // One server in each socket file lacks SO_REUSEADDR: exactly one finding each.
      if (missing !== expected) throw new Error(`${label}: ${missing} missing-reuseaddr findings, expected ${expected}`);
      return elapsed;
    };
    // Baseline and analyzer timed alternately, one ratio per round: a machine whose speed drifts
    // (another process, a frequency change) moves both sides of a round alike.
    parsePassing();
    await analyzeEvery();
    const base: number[] = [];
    const all: number[] = [];
    const analyzed: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      const b = parsePassing();
      const a = await analyzeEvery();
      base.push(b);
      analyzed.push(a);
      ratios.push(a / b);
      if (round < 3) all.push(parseEvery());
    }
    const parseMedian = middle(base);
    const analyzeMedian = middle(analyzed);
    console.log(
      `analyzer throughput, ${label}: ${corpus.length} C files (${(size(corpus) / 1024).toFixed(0)} KiB), the pre-filter lets ${passing.length} through (${(size(passing) / 1024).toFixed(0)} KiB); ${expected} missing-reuseaddr findings, as expected:`,
    );
    console.log(
      `  bare parse of those ${passing.length} (baseline) median ${ms(parseMedian)}; analyzer median ${ms(analyzeMedian)}; bare parse of all ${corpus.length} ${ms(middle(all))}`,
    );
    console.log(
      `  ratio analyzer/parse = ${middle(ratios).toFixed(3)}x, median of ${THROUGHPUT_ROUNDS} alternating rounds (reported: the rules' cost beyond the parse)`,
    );
  }

  // Edit-to-diagnostics on a big file: alternately insert and delete one space mid-file, in an
  // ordinary function and in a socket function (`serve_N`).
  const text = bigCFile();
  const lineCount = text.split('\n').length;
  const bigFindings = (await analyzeText(service, { path: 'big.c', text }, 'c')).findings.length;
  const serverAt = text.indexOf('bind(fd', Math.floor(text.length / 2));
  const edits = [
    ['in an ordinary function', text.indexOf('count += strlen(buf)', Math.floor(text.length / 2))],
    ['in a socket function', serverAt],
  ] as const;
  const docs = edits.map(() => DocumentAnalysis.openLoaded(service, 'c', text));
  const runs = edits.map(() => ({ 'carried over': 0, 'component analyzed': 0, analyzed: 0 }));
  const latency = new Bench({ time: 0, iterations: 60, warmupIterations: 5 });
  const loaded = new Bench({ time: 0, iterations: 60, warmupIterations: 5 });
  latency.add('full parse of the file (baseline)', () => {
    service.parseLoaded('c', text).delete();
  });
  edits.forEach(([label, offset], i) => {
    const doc = docs[i];
    doc.analyze({ path: 'big.c', text });
    let current = text;
    let inserted = false;
    // VS Code hands the change's position over with it: found once, not timed (inserting or
    // deleting one space at `offset` never moves `offset` itself).
    const at = positionAt(lineStarts(text), offset);
    const edit = () => {
      const change = inserted
        ? {
            rangeOffset: offset,
            rangeLength: 1,
            range: { start: at, end: { line: at.line, character: at.character + 1 } },
            text: '',
          }
        : { rangeOffset: offset, rangeLength: 0, range: { start: at, end: at }, text: ' ' };
      current = inserted
        ? current.slice(0, offset) + current.slice(offset + 1)
        : current.slice(0, offset) + ' ' + current.slice(offset);
      inserted = !inserted;
      doc.update(current, [change]);
      // A space before a call changes no finding.
      const { findings } = doc.analyze({ path: 'big.c', text: current });
      if (findings.length !== bigFindings) throw new Error(`edit ${label}: ${findings.length} findings, expected ${bigFindings}`);
      if (doc.lastRun) runs[i][doc.lastRun]++;
    };
    latency.add(`one-character edit ${label} -> diagnostics`, edit);
    loaded.add(`one-character edit ${label} -> diagnostics, every core busy`, edit);
  });
  await latency.run();
  const load = await loadEveryCore();
  try {
    await loaded.run();
  } finally {
    await load.stop();
  }
  const [full, ordinary, socket] = latency.tasks;
  console.log(`edit-to-diagnostics on a ${lineCount}-line C file (${bigFindings} findings each time):`);
  const how = (r: (typeof runs)[number]) =>
    Object.entries(r)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
  console.log(`  full parse (baseline) median ${ms(median(full))}`);
  console.log(
    `  one-character edit in an ordinary function median ${ms(median(ordinary))} (target < 15 ms): ratio to the full parse ${(median(ordinary) / median(full)).toFixed(3)}x; ${how(runs[0])}`,
  );
  console.log(
    `  one-character edit in a socket function median ${ms(median(socket))} (target < 15 ms): ratio to the full parse ${(median(socket) / median(full)).toFixed(3)}x; ${how(runs[1])}`,
  );
  const [ordinaryLoaded, socketLoaded] = loaded.tasks;
  console.log(
    `  while ${load.threads} spinning threads keep every core busy: ordinary function median ${ms(median(ordinaryLoaded))}, socket function median ${ms(median(socketLoaded))} (target < 15 ms)`,
  );
  console.log(`  load average ${loadavg()[0].toFixed(2)}`);
  for (const doc of docs) doc.dispose();
  service.dispose();
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
