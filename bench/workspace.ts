// `npm run bench` (workspace check half). The CLI's `check` as shipped (dist/cli-check.js and the
// pool's dist/workspace-worker.js: walk, read, parse once, rules, the worker pool, formatting; run
// in this process, so node's own start is left out) against single-thread bare web-tree-sitter
// parsing of the same files in this process, with the texts already in memory and the grammars
// warm. "The same files" are the files the check is given, as in the issue's own figure (2,400
// files, system headers among them, against the bare parse of those 2,400). Target: check <= 1.1x,
// timed alternately with the baseline, on three corpora:
//  1. the generated corpus of the analyzer bench (one file in ten holds socket code),
//  2. a socket-dense one (every file holds socket code, so the pre-filter skips nothing and the
//     rules run on every file: the corpus where the check cannot hide behind the pre-filter),
//  3. a real tree on this machine: Boost.Asio, libevent and Linux UAPI headers, the repository's
//     own C/JS fixtures (real small servers) and ESLint's JavaScript sources.
// Reported beside it, without a target: the check against the bare parse of only the files its
// textual pre-filter lets through, which shows what the rest of the check (reads, gates, rules,
// the pool's start) costs on top of the parses it cannot avoid.
// "Check Workspace" is timed in the same rounds: the analyzeWorkspace call the editor's command
// makes (unsaved buffers asked for, a worker per other core; from tsc's out/, its workers too),
// outside VS Code, with this process's warm parser as the extension host has it. Target <= 1.1x.
// The CLI as its own process (`node dist/cli.js check`, node's start included) is timed too,
// alternately with a fresh process that reads and bare-parses the same files (bench/cold-parse.ts):
// target <= 1.1x as well.
// Every timed check must be right: its findings equal, file by file, those of the reference
// (the analyzer run file by file in this thread with the old two-pass context), and the generated
// corpora have exactly one missing-reuseaddr finding per server written without reuse.
// Peak memory: the CLI's own process reports its peak RSS (workers included).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText, mayHaveFindings } from '../src/analysis/analyzer';
import { ParserService, grammarForPath, type GrammarId } from '../src/analysis/parser';
import { analyzeWorkspace, buildWorkspaceContext, collectWorkspaceFiles, defaultWorkerCount } from '../src/analysis/workspace';
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
/** The CLI as installed (package.json's bin). */
const CLI = path.join(ROOT, 'dist', 'cli.js');
/** The whole-process baseline (tsc's output of bench/cold-parse.ts, beside this file). */
const COLD_PARSE = path.join(__dirname, 'cold-parse.js');
const PROCESS_RUNS = 3;

async function runCheck(roots: string[]): Promise<{ ms: number; report: string }> {
  const { runCheckCommand } = createRequire(__filename)(CHECK_BUNDLE) as {
    runCheckCommand: (argv: readonly string[], io: CliIo) => Promise<number>;
  };
  let out = '';
  const t0 = performance.now();
  await runCheckCommand(['--format', 'json', ...roots], { stdout: (s) => (out += s), stderr: () => {}, cwd: ROOT });
  return { ms: performance.now() - t0, report: out };
}

/** "Check Workspace" without VS Code: the command's analyzeWorkspace call (check-workspace.ts). */
async function runEditorCheck(roots: string[], service: ParserService): Promise<{ ms: number; byFile: Map<string, string[]> }> {
  const byFile = new Map<string, string[]>();
  const t0 = performance.now();
  for await (const r of analyzeWorkspace(roots, { service, readFile: () => undefined, workers: defaultWorkerCount() })) {
    if (r.error) throw new Error(`Check Workspace: ${r.file}: ${r.error}`);
    if (r.findings.length > 0) byFile.set(r.file, r.findings.map((f) => `${f.rule}@${f.range.start.line}`).sort());
  }
  return { ms: performance.now() - t0, byFile };
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
  const peakReporter = path.join(tmp, 'peak-rss.js');
  fs.writeFileSync(
    peakReporter,
    "process.on('exit', () => process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n'));\n",
  );
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

      /** Throws unless `got` (file -> sorted rule@line) holds the reference's findings, file by file, and no others. */
      const expectReference = (what: string, got: Map<string, string[]>) => {
        for (const [file, expected] of reference) {
          const actual = got.get(file) ?? [];
          if (actual.join() !== expected.join())
            throw new Error(
              `${corpus.name}: ${what} disagrees with the reference on ${file}: ${actual.join()} vs ${expected.join()}`,
            );
        }
        const count = [...got.values()].reduce((n, list) => n + list.length, 0);
        if (count !== referenceCount)
          throw new Error(`${corpus.name}: ${what} found ${count} findings, reference ${referenceCount}`);
      };

      parseAll(texts); // warm
      await runCheck(corpus.roots);
      await runEditorCheck(corpus.roots, service);
      const base: number[] = [];
      const editor: number[] = [];
      const editorRatios: number[] = [];
      const basePassing: number[] = [];
      const check: number[] = [];
      const ratios: number[] = [];
      const ratiosPassing: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const b = parseAll(texts);
        // Where the pre-filter lets every file through, both baselines are the same parse.
        const p = parsed.length === texts.length ? b : parseAll(parsed);
        const run = await runCheck(corpus.roots);
        expectReference('check', findingsByFile(run.report));
        const inEditor = await runEditorCheck(corpus.roots, service);
        expectReference('Check Workspace', inEditor.byFile);
        editor.push(inEditor.ms);
        editorRatios.push(inEditor.ms / b);
        base.push(b);
        basePassing.push(p);
        check.push(run.ms);
        ratios.push(run.ms / b);
        ratiosPassing.push(run.ms / p);
      }

      // The CLI as its own process against a fresh process's bare parse, alternately. The CLI's
      // process reports its peak RSS (workers included) as it exits.
      const list = path.join(tmp, 'files.txt');
      fs.writeFileSync(list, files.join('\n'));
      const spawnTimed = (args: string[], what: string) => {
        const t0 = performance.now();
        const child = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 28 });
        const elapsed = performance.now() - t0;
        // The CLI exits with 1 when it reports findings.
        if (child.status === null || child.status > 1) throw new Error(`${corpus.name}: ${what} failed: ${child.stderr}`);
        return { elapsed, stdout: child.stdout, stderr: child.stderr };
      };
      const cliArgs = ['--require', peakReporter, CLI, 'check', '--format', 'json', ...corpus.roots];
      spawnTimed(cliArgs, 'the CLI'); // writes the CLI's code cache, as a user's first run does
      const processBase: number[] = [];
      const processCheck: number[] = [];
      const processRatios: number[] = [];
      let peakKiB = 0;
      for (let i = 0; i < PROCESS_RUNS; i++) {
        const b = spawnTimed([COLD_PARSE, list], 'the cold parse');
        if (Number(b.stdout.trim()) !== files.length)
          throw new Error(`${corpus.name}: the cold parse parsed ${b.stdout.trim()} of ${files.length} files`);
        const cli = spawnTimed(cliArgs, 'the CLI');
        expectReference("the CLI's process", findingsByFile(cli.stdout));
        peakKiB = Math.max(peakKiB, Number(/maxrss (\d+)/.exec(cli.stderr)?.[1] ?? NaN));
        processBase.push(b.elapsed);
        processCheck.push(cli.elapsed);
        processRatios.push(cli.elapsed / b.elapsed);
      }

      console.log(
        `\n${corpus.name}: ${files.length} files, ${(bytes(texts) / 1e6).toFixed(1)} MB; the pre-filter lets ${parsed.length} through (${(bytes(parsed) / 1e6).toFixed(1)} MB); ${referenceCount} findings, as the reference`,
      );
      console.log(
        `   bare parse of the ${files.length} files (baseline) median ${ms(med(base))}; check (CLI in process, ${os.availableParallelism()} cores) median ${ms(med(check))}`,
      );
      console.log(
        `   ratio check/bare parse = ${med(ratios).toFixed(2)}x, median of ${RUNS} alternating rounds (target <= 1.1x)`,
      );
      console.log(
        `   "Check Workspace" (the command's call, in this process) median ${ms(med(editor))}: ratio ${med(editorRatios).toFixed(2)}x (target <= 1.1x)`,
      );
      if (parsed.length < files.length)
        console.log(
          `   reported: against the bare parse of only the ${parsed.length} files the pre-filter lets through (median ${ms(med(basePassing))}) ${med(ratiosPassing).toFixed(2)}x`,
        );
      console.log(
        `   the CLI as its own process median ${ms(med(processCheck))}, a fresh process reading and bare-parsing the ${files.length} files (baseline) ${ms(med(processBase))}: ratio ${med(processRatios).toFixed(2)}x, median of ${PROCESS_RUNS} alternating rounds (target <= 1.1x)`,
      );
      console.log(`   peak RSS of the CLI's process: ${(peakKiB / 1024).toFixed(0)} MiB`);
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
