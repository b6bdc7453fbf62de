#!/usr/bin/env node
// `npm run realworld [project...]`: the analyzer judged on real servers nobody here wrote. Fetches
// each pinned project of realworld/corpus.json into .cache/realworld/ (Debian sources with
// `apt-get source`, npm packages with `npm pack`), checks the tarball's sha256, unpacks it, runs
// the bundled CLI on the project's paths and matches the findings to realworld/labels/<name>.json.
// Prints, per project and in total, true positives, false positives, misses and unlabelled
// findings. A report, not a test: the exit status is 0 unless a download or unpack fails.
// Options: `--json FILE` also writes the full result as JSON.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { projectRoot } from './paths.mjs';

const require = createRequire(import.meta.url);
const { matchFindings } = require('./realworld-match.cjs');

const corpusDir = path.join(projectRoot, 'realworld');
const cacheDir = path.join(projectRoot, '.cache', 'realworld');
const cli = path.join(projectRoot, 'dist', 'cli.js');

class FetchError extends Error {}

function parseArgs(argv) {
  const options = { only: [], json: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') options.json = argv[++i];
    else if (argv[i].startsWith('-')) {
      console.error(`unknown option ${argv[i]} (usage: npm run realworld -- [--json FILE] [project...])`);
      process.exit(2);
    } else options.only.push(argv[i]);
  }
  return options;
}

function sha256(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) return { ok: false, output: `${cmd}: ${result.error.message}` };
  return { ok: result.status === 0, status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

/** The project's tarball in the download cache, fetched when missing; its sha256 must match the pin. */
function fetchTarball(project) {
  const dir = path.join(cacheDir, 'downloads', project.name);
  const tarball = path.join(dir, project.tarball);
  if (fs.existsSync(tarball) && sha256(tarball) === project.sha256) return tarball;
  fs.mkdirSync(dir, { recursive: true });
  if (project.kind === 'npm') {
    const packed = run('npm', ['pack', '--silent', `${project.package}@${project.version}`], dir);
    if (!packed.ok) throw new FetchError(`npm pack ${project.package}@${project.version} failed:\n${packed.output.trim()}`);
  } else {
    // The pinned Debian revision first; once the archive has moved on, the current one, whose
    // upstream tarball is the same file as long as the upstream version is (the sha256 says so).
    let log = '';
    for (const spec of [`${project.package}=${project.version}`, project.package]) {
      const got = run('apt-get', ['source', '--download-only', spec], dir);
      log += `$ apt-get source --download-only ${spec}\n${got.output.trim()}\n`;
      if (fs.existsSync(tarball)) break;
    }
    if (!fs.existsSync(tarball)) {
      throw new FetchError(
        `apt-get source did not fetch ${project.tarball}. It needs a deb-src entry: copy the deb entry of ` +
          `/etc/apt/sources.list.d/*.sources (or sources.list) with "Types: deb-src" (or a "deb-src" line), ` +
          `then run apt-get update.\n${log.trim()}`,
      );
    }
  }
  if (!fs.existsSync(tarball)) throw new FetchError(`${project.tarball} not found after fetching ${project.package}`);
  const actual = sha256(tarball);
  if (actual !== project.sha256) throw new FetchError(`${project.tarball}: sha256 ${actual}, pinned ${project.sha256}`);
  return tarball;
}

/** The unpacked tree (its `root` folder), unpacked once per pinned tarball. */
function unpack(project, tarball) {
  const dir = path.join(cacheDir, 'src', `${project.name}-${project.sha256.slice(0, 12)}`);
  const stamp = path.join(dir, '.unpacked');
  if (!fs.existsSync(stamp)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const untar = run('tar', ['-xf', tarball, '-C', dir, '--no-same-owner', '--warning=no-unknown-keyword'], dir);
    if (!untar.ok) throw new FetchError(`tar -xf ${tarball} failed:\n${untar.output.trim()}`);
    fs.writeFileSync(stamp, '');
  }
  const root = path.join(dir, project.root);
  for (const p of project.paths) {
    if (!fs.existsSync(path.join(root, p))) throw new FetchError(`${project.name}: ${p} is not in ${project.tarball}`);
  }
  return root;
}

/** Labels whose `site` no longer matches the line they name: the pinned files are not the labelled ones. */
function staleLabels(root, labels) {
  const files = new Map();
  return labels.filter((label) => {
    if (!files.has(label.file)) files.set(label.file, fs.readFileSync(path.join(root, label.file), 'utf8').split('\n'));
    const line = files.get(label.file)[label.line - 1] ?? '';
    return line.trim().slice(0, 120) !== label.site;
  });
}

function analyze(root, paths) {
  const checked = run(process.execPath, [cli, 'check', '--format', 'json', ...paths], root);
  if (checked.status !== 0 && checked.status !== 1)
    return { error: `the CLI exited with ${checked.status}:\n${checked.output.trim()}` };
  try {
    return { findings: JSON.parse(checked.stdout).findings };
  } catch {
    return { error: `the CLI printed no JSON:\n${checked.output.trim()}` };
  }
}

function where(pair) {
  return `${pair.finding.file}:${pair.finding.line}`;
}

function printProject(project, match, stale) {
  const problems = match.truePositives.length + match.misses.length;
  console.log(
    `${project.name} ${project.version}: ${match.truePositives.length}/${problems} found, ` +
      `${match.falsePositives.length} false positive(s), ${match.misses.length} miss(es), ${match.unlabelled.length} unlabelled`,
  );
  for (const pair of match.falsePositives) {
    const label = pair.label;
    const labelled = label.line === pair.finding.line ? label.rule : `${label.rule} at line ${label.line}`;
    console.log(`  FP  ${where(pair)} ${pair.finding.rule}; labelled ${labelled}: ${label.reason}`);
  }
  for (const label of match.misses) console.log(`  MISS ${label.file}:${label.line} ${label.rule}: ${label.reason}`);
  for (const pair of match.unlabelled)
    console.log(`  UNLABELLED ${where(pair)} ${pair.finding.rule}: ${pair.finding.message ?? ''}`);
  for (const label of stale) console.log(`  STALE LABEL ${label.file}:${label.line}: the line no longer reads "${label.site}"`);
}

const options = parseArgs(process.argv.slice(2));
const corpus = JSON.parse(fs.readFileSync(path.join(corpusDir, 'corpus.json'), 'utf8'));
const projects = corpus.projects.filter((p) => options.only.length === 0 || options.only.includes(p.name));
const unknown = options.only.filter((name) => !corpus.projects.some((p) => p.name === name));
if (unknown.length > 0) {
  console.error(`not in realworld/corpus.json: ${unknown.join(', ')}`);
  process.exit(2);
}

const build = run(process.execPath, [path.join(projectRoot, 'esbuild.mjs')], projectRoot);
if (!build.ok) {
  console.error(`node esbuild.mjs failed:\n${build.output}`);
  process.exit(1);
}

const totals = { labels: 0, problems: 0, truePositives: 0, falsePositives: 0, misses: 0, unlabelled: 0, duplicates: 0 };
const report = [];
const failures = [];
for (const project of projects) {
  let root;
  try {
    root = unpack(project, fetchTarball(project));
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    failures.push(project.name);
    console.log(`${project.name} ${project.version}: NOT FETCHED\n  ${error.message.replace(/\n/g, '\n  ')}`);
    continue;
  }
  const labels = JSON.parse(fs.readFileSync(path.join(corpusDir, 'labels', `${project.name}.json`), 'utf8')).labels;
  const stale = staleLabels(root, labels);
  const analysis = analyze(root, project.paths);
  if (analysis.error) {
    console.log(`${project.name} ${project.version}: ANALYZER ERROR\n  ${analysis.error.replace(/\n/g, '\n  ')}`);
    report.push({ project: project.name, version: project.version, error: analysis.error });
    continue;
  }
  const match = matchFindings(labels, analysis.findings);
  printProject(project, match, stale);
  totals.labels += labels.length;
  totals.problems += labels.filter((l) => l.rule !== 'none').length;
  totals.truePositives += match.truePositives.length;
  totals.falsePositives += match.falsePositives.length;
  totals.misses += match.misses.length;
  totals.unlabelled += match.unlabelled.length;
  totals.duplicates += match.duplicates.length;
  report.push({ project: project.name, version: project.version, ...match, stale });
}

console.log(
  `\nTotal over ${report.length} project(s), ${totals.labels} labelled sites, ${totals.problems} labelled problems: ` +
    `${totals.truePositives} true positives, ${totals.falsePositives} false positives, ${totals.misses} misses, ` +
    `${totals.unlabelled} unlabelled findings` +
    (totals.duplicates > 0 ? ` (and ${totals.duplicates} repeated findings on an already found problem)` : ''),
);
if (failures.length > 0) console.log(`Not fetched: ${failures.join(', ')}`);
if (options.json)
  fs.writeFileSync(options.json, `${JSON.stringify({ totals, projects: report, notFetched: failures }, null, 2)}\n`);
process.exit(failures.length > 0 ? 1 : 0);
