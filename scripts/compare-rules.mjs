#!/usr/bin/env node
// `npm run compare-rules -- REV [--rounds N] [folder|dense ...]`: the rules of this working tree
// (B) against those of revision REV (A), on the same files parsed once by each side, in one
// process and in alternating rounds (on a noisy machine a drift moves both sides of a round
// alike). Every file's findings, fixes and hovers must be identical, or it fails. Prints the
// median of the per-round ratios B/A: how a change to the rules moved their cost, which one
// `npm run bench` cannot show (the parse dominates there). `dense` is the bench's socket-dense
// corpus; the default is test/fixtures and `dense`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from './paths.mjs';

function usage(message) {
  console.error(`${message}\nusage: npm run compare-rules -- REV [--rounds N] [folder|dense ...]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let rounds = 15;
const sets = [];
let rev;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--rounds') {
    rounds = Number(args[++i]);
    if (!Number.isInteger(rounds) || rounds < 1) usage('--rounds takes a whole number of rounds');
  } else if (args[i].startsWith('-')) usage(`unknown option ${args[i]}`);
  else if (rev === undefined) rev = args[i];
  else sets.push(args[i]);
}
if (!rev) usage('which revision to compare with?');
if (sets.length === 0) sets.push(path.join(projectRoot, 'test', 'fixtures'), 'dense');
for (const set of sets) if (set !== 'dense' && !fs.existsSync(set)) usage(`no such folder: ${set}`);

const tsc = path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const run = (file, argv, cwd = projectRoot) => execFileSync(file, argv, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

try {
  execFileSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: projectRoot, stdio: 'ignore' });
} catch {
  usage(`not a revision of this repository: ${rev}`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-compare-'));
const base = path.join(tmp, 'base');
try {
  run('git', ['worktree', 'add', '--detach', base, rev]);
  // The packages of this tree, linked, except a copy of web-tree-sitter: each build sets up the
  // module it loads (parser.ts), and one shared module would be set up by whichever came first.
  fs.mkdirSync(path.join(base, 'node_modules'));
  for (const name of fs.readdirSync(path.join(projectRoot, 'node_modules'))) {
    const from = path.join(projectRoot, 'node_modules', name);
    const to = path.join(base, 'node_modules', name);
    if (name === 'web-tree-sitter') fs.cpSync(from, to, { recursive: true });
    else fs.symlinkSync(from, to);
  }
  run(process.execPath, [tsc, '-p', base]);
  run(process.execPath, [tsc, '-p', projectRoot]);
  await compare(base);
} finally {
  try {
    run('git', ['worktree', 'remove', '--force', base]);
  } catch {
    run('git', ['worktree', 'prune']);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

async function compare(baseRoot) {
  const load = (root) => {
    const require = createRequire(path.join(root, 'out', 'index.js'));
    return { analyzer: require('./src/analysis/analyzer'), parser: require('./src/analysis/parser') };
  };
  const sides = [load(baseRoot), load(projectRoot)];
  const own = createRequire(path.join(projectRoot, 'out', 'index.js'));
  const { cCorpus } = own('./bench/corpus');
  // The files a workspace check of those folders analyzes (the check's own walk).
  const { collectWorkspaceFiles } = own('./src/analysis/workspace-files');
  const { grammarForPath } = sides[1].parser;
  const files = [];
  for (const set of sets) {
    if (set === 'dense') cCorpus(150, 1, 43).forEach((text, i) => files.push({ path: `dense${i}.c`, grammar: 'c', text }));
    else
      for (const file of (await collectWorkspaceFiles([path.resolve(set)])).files)
        files.push({ path: file, grammar: grammarForPath(file), text: fs.readFileSync(file, 'utf8') });
  }
  const analyzed = files.filter((f) => sides[1].analyzer.mayHaveFindings(f.grammar, f.text));
  for (const side of sides) {
    side.service = await side.parser.ParserService.create();
    side.trees = [];
    for (const f of analyzed) side.trees.push(await side.service.parse(f.grammar, f.text));
  }
  const pass = (side) => {
    const t0 = performance.now();
    const results = analyzed.map((f, i) => side.analyzer.analyzeTree({ path: f.path, text: f.text }, f.grammar, side.trees[i]));
    return { ms: performance.now() - t0, results };
  };
  const [a, b] = sides.map(pass);
  for (const [i, f] of analyzed.entries()) {
    const [x, y] = [a.results[i], b.results[i]].map((r) => JSON.stringify(r));
    if (x !== y) {
      console.error(`${f.path}: the results differ\n  ${rev}: ${x}\n  this tree: ${y}`);
      process.exitCode = 1;
      return;
    }
  }
  const ratios = [];
  const times = [[], []];
  for (let round = 0; round < rounds; round++) {
    const [x, y] = sides.map((side) => pass(side).ms);
    times[0].push(x);
    times[1].push(y);
    ratios.push(y / x);
  }
  const median = (list) => [...list].sort((p, q) => p - q)[Math.floor(list.length / 2)];
  console.log(
    `${analyzed.length} files (of ${files.length}), results identical; rules ${rev} ${median(times[0]).toFixed(1)} ms, this tree ${median(times[1]).toFixed(1)} ms; B/A median of ${rounds} rounds ${median(ratios).toFixed(3)} [${ratios.map((r) => r.toFixed(2)).join(' ')}]`,
  );
  for (const side of sides) {
    for (const tree of side.trees) tree.delete();
    side.service.dispose();
  }
}
