// `npm run bench` (workspace check half). The CLI's `check` as shipped (dist/cli-check.js and the
// pool's dist/workspace-worker.js: walk, read, parse once, rules, the worker pool, formatting; run
// in this process, so node's own start is left out)
// against single-thread bare web-tree-sitter parsing of the same files in this process, with the
// texts already in memory and the grammars warm. "The same files": the files the analyzer must
// parse, those its textual pre-filter lets through (a file it skips costs a read and a regex);
// the parse of every file is printed beside it. Target: check <= 1.1x, on three corpora:
//  1. the generated corpus of the analyzer bench (one file in ten holds socket code),
//  2. a socket-dense one (every file holds socket code),
//  3. a real tree on this machine: Boost.Asio, libevent and Linux UAPI headers, the repository's
//     own C/JS fixtures (real small servers) and ESLint's JavaScript sources.
// Every timed check must be right: its findings equal, file by file, those of the reference
// (the analyzer run file by file in this thread with the old two-pass context), and the generated
// corpora have exactly one missing-reuseaddr finding per server written without reuse.
// Peak memory: the CLI run once more as its own process, which reports its peak RSS (workers included).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText, mayHaveFindings } from '../src/analysis/analyzer';
import { ParserService, grammarForPath, type GrammarId } from '../src/analysis/parser';
import { buildWorkspaceContext, collectWorkspaceFiles } from '../src/analysis/workspace';
import type { CliIo } from '../src/cli/io';
import { cCorpus } from './corpus';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = 5;

interface Corpus {
  name: string;
  roots: string[];
  /** Expected missing-reuseaddr findings, when the corpus is generated. */
  expectedMissing?: number;
}

function writeCorpus(dir: string, files: string[]): void {
  fs.rmSync(dir, { recursive: true, force: true });
  // Folders of 50 files, as a real tree has.
  files.forEach((text, i) => {
    const sub = path.join(dir, `mod${Math.floor(i / 50)}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `file${i}.c`), text);
  });
}

const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (n: number) => `${n.toFixed(0)} ms`;

interface JsonReport {
  findings: { file: string; line: number; rule: string }[];
}

/** The bundle `address-in-use check` runs; its workers load dist/workspace-worker.js beside it. */
const CHECK_BUNDLE = path.join(ROOT, 'dist', 'cli-check.js');

async function runCheck(roots: string[]): Promise<{ ms: number; report: string }> {
  const { runCheckCommand } = createRequire(__filename)(CHECK_BUNDLE) as {
    runCheckCommand: (argv: readonly string[], io: CliIo) => Promise<number>;
  };
  let out = '';
  const t0 = performance.now();
  await runCheckCommand(['--format', 'json', ...roots], { stdout: (s) => (out += s), stderr: () => {}, cwd: ROOT });
  return { ms: performance.now() - t0, report: out };
}

/** Per file, the sorted `rule@line` list: what two runs must agree on. */
function findingsByFile(json: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const f of (JSON.parse(json) as JsonReport).findings) {
    const file = path.resolve(ROOT, f.file);
    byFile.set(file, [...(byFile.get(file) ?? []), `${f.rule}@${f.line - 1}`]);
  }
  for (const list of byFile.values()) list.sort();
  return byFile;
}

export async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-bench-'));
  const current = cCorpus(150);
  const dense = cCorpus(400, 1, 43);
  writeCorpus(path.join(tmp, 'current'), current);
  writeCorpus(path.join(tmp, 'dense'), dense);
  const corpora: Corpus[] = [
    { name: 'generated, 1 file in 10 with sockets', roots: [path.join(tmp, 'current')], expectedMissing: 15 },
    { name: 'socket-dense, every file with sockets', roots: [path.join(tmp, 'dense')], expectedMissing: 400 },
    {
      name: 'real tree (Asio, libevent, Linux headers, fixtures, ESLint JS)',
      roots: [
        '/usr/include/boost/asio',
        '/usr/include/event2',
        '/usr/include/linux',
        path.join(ROOT, 'test', 'fixtures'),
        path.join(ROOT, 'node_modules', 'eslint', 'lib'),
      ],
    },
  ];
  if (!fs.existsSync(CHECK_BUNDLE)) throw new Error(`${CHECK_BUNDLE} is missing: build it with node esbuild.mjs`);
  for (const root of corpora.flatMap((c) => c.roots))
    if (!fs.existsSync(root))
      throw new Error(`bench corpus missing: ${root} (apt-get install libboost-dev libevent-dev linux-libc-dev)`);

  const service = await ParserService.create();
  const grammars: GrammarId[] = ['c', 'cpp', 'javascript', 'typescript', 'tsx'];
  for (const g of grammars) await service.language(g);
  console.log(
    `cores: ${os.availableParallelism()}; load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  try {
    for (const corpus of corpora) {
      const { files } = await collectWorkspaceFiles(corpus.roots);
      const texts = files.map((file) => ({ file, grammar: grammarForPath(file)!, text: fs.readFileSync(file, 'utf8') }));
      const parsed = texts.filter((t) => mayHaveFindings(t.grammar, t.text));
      const bytes = (list: typeof texts) => list.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
      const parseAll = (list: typeof texts) => {
        const t0 = performance.now();
        for (const t of list) service.parseLoaded(t.grammar, t.text).delete();
        return performance.now() - t0;
      };

      // The reference: file by file in this thread, the context built by its own pass first.
      const context = await buildWorkspaceContext(corpus.roots, files, { service });
      const reference = new Map<string, string[]>();
      let referenceCount = 0;
      let missing = 0;
      for (const t of texts) {
        const result = await analyzeText(service, { path: t.file, text: t.text }, t.grammar, { context });
        referenceCount += result.findings.length;
        missing += result.findings.filter((f) => f.rule === 'missing-reuseaddr').length;
        reference.set(t.file, result.findings.map((x) => `${x.rule}@${x.range.start.line}`).sort());
      }
      if (corpus.expectedMissing !== undefined && missing !== corpus.expectedMissing)
        throw new Error(`${corpus.name}: reference found ${missing} missing-reuseaddr, expected ${corpus.expectedMissing}`);

      parseAll(parsed); // warm
      await runCheck(corpus.roots);
      const base: number[] = [];
      const baseAll: number[] = [];
      const check: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const b = parseAll(parsed);
        const run = await runCheck(corpus.roots);
        const got = findingsByFile(run.report);
        let count = 0;
        for (const [file, expected] of reference) {
          const actual = got.get(file) ?? [];
          count += actual.length;
          if (actual.join() !== expected.join())
            throw new Error(
              `${corpus.name}: check disagrees with the reference on ${file}: ${actual.join()} vs ${expected.join()}`,
            );
        }
        if (count !== referenceCount) throw new Error(`${corpus.name}: ${count} findings, reference ${referenceCount}`);
        base.push(b);
        check.push(run.ms);
        ratios.push(run.ms / b);
        if (i < 2) baseAll.push(parseAll(texts));
      }

      const child = spawnSync(
        process.execPath,
        [
          '-e',
          `require(${JSON.stringify(CHECK_BUNDLE)}).runCheckCommand(process.argv.slice(1), {stdout(){}, stderr(){}, cwd: process.cwd()}).then(() => console.log(process.resourceUsage().maxRSS))`,
          ...corpus.roots,
        ],
        { encoding: 'utf8' },
      );
      const peakKiB = Number(child.stdout.trim());

      console.log(
        `\n${corpus.name}: ${files.length} files, ${(bytes(texts) / 1e6).toFixed(1)} MB; the pre-filter lets ${parsed.length} through (${(bytes(parsed) / 1e6).toFixed(1)} MB); ${referenceCount} findings, as the reference`,
      );
      console.log(
        `   bare parse of those ${parsed.length} (baseline) median ${ms(med(base))}; of all ${files.length} ${ms(med(baseAll))}`,
      );
      console.log(`   check (CLI in process, ${os.availableParallelism()} cores) median ${ms(med(check))}`);
      console.log(
        `   ratio check/bare parse = ${med(ratios).toFixed(2)}x (target <= 1.1x); against parsing every file ${(med(check) / med(baseAll)).toFixed(2)}x`,
      );
      console.log(`   peak RSS of the CLI as its own process: ${(peakKiB / 1024).toFixed(0)} MiB`);
    }
  } finally {
    service.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log(
      `\nload average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
