// `npm test`: every suite, in order, stopping at the first stage that fails.
//   system packages (scripts/prerequisites.mjs) -> dependencies -> lint (eslint, prettier) -> bundle (esbuild) -> compile (tsc) -> unit (node:test)
//   -> grammars (vscode-tmgrammar-test) -> integration (real VS Code: code-server + Chromium) -> web (browser build, web worker host)
//   -> smoke (the packaged .vsix, installed)
//   -> end-to-end (node:test)
// Each stage prints a header and its duration; the run ends with a summary whose last lines
// read `<stage>: N passed, N failed` and `total: N passed, N failed`.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundle, compile, lint } from './build.mjs';
import { checkPrerequisites, ensureCodeServer, isCodeServerInstalled } from './code-server.mjs';
import { ensureDependencies } from './ensure-deps.mjs';
import { outDir, projectRoot } from './paths.mjs';
import { requirePrerequisites } from './prerequisites.mjs';
import tapFailures from './tap-failures.cjs';

// First, before `npm ci`: a fresh machine gets its Debian packages or one sentence saying how.
requirePrerequisites('test');

/** @typedef {{ name: string, ms: number, ok: boolean, passed?: number, failed?: number, note?: string, failures?: string[] }} StageResult */
/** @type {StageResult[]} */
const results = [];

function formatDuration(ms) {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${((ms % 60_000) / 1000).toFixed(0)} s`;
}

/**
 * Runs one stage. `body` returns counts for test stages, or nothing for build stages, and
 * throws (or returns failed > 0) when the stage fails.
 */
async function stage(name, body) {
  console.log(`\n━━━ ${name} ━━━`);
  const started = Date.now();
  let outcome;
  try {
    outcome = (await body()) ?? {};
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) };
  }
  const ms = Date.now() - started;
  const ok = !outcome.error && !(outcome.failed > 0) && (outcome.exitCode ?? 0) === 0;
  results.push({ name, ms, ok, passed: outcome.passed, failed: outcome.failed, note: outcome.note, failures: outcome.failures });
  if (outcome.error) console.error(`\n${name}: ${outcome.error}`);
  console.log(`━━━ ${name}: ${ok ? 'ok' : 'FAILED'} in ${formatDuration(ms)} ━━━`);
  if (!ok) finish(1);
}

/**
 * A test file (node --test applies the limit to each file as a whole) that runs longer than this
 * fails: a hang must not stall CI for 90 minutes, while the fuzz and C fixture files need minutes
 * on a loaded 2-core machine.
 */
const PER_TEST_TIMEOUT_MS = 300_000;
/** A whole node:test stage that runs longer is stopped: e.g. a handle a test left open. */
const NODE_TEST_STAGE_TIMEOUT_MS = Number(process.env.TEST_STAGE_TIMEOUT_MS) || 10 * 60_000;

/**
 * Runs `node --test DIR` with the spec reporter on the console and a TAP copy in a file, from
 * which the counts are read (the spec output is for people).
 */
function nodeTest(dir, label) {
  const tapFile = path.join(outDir, `${label}.tap`);
  fs.rmSync(tapFile, { force: true });
  const args = [
    '--test',
    `--test-timeout=${PER_TEST_TIMEOUT_MS}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    dir,
  ];
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout or Ctrl+C ends the test files' processes too.
    const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: 'inherit', detached: true });
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const onSignal = () => {
      killGroup();
      process.exit(130);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let timedOut = false;
    const watchdog = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, NODE_TEST_STAGE_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      killGroup(); // processes a test started and left behind
      const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
      const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
      const passed = count('pass');
      // The project's rule: a missing prerequisite fails a test, it never skips it.
      const skipped = count('skipped') + count('todo');
      const failed = count('fail') + count('cancelled') + skipped;
      if (skipped > 0)
        console.error(
          `${skipped} test${skipped === 1 ? ' was' : 's were'} skipped or marked todo: tests must fail with a message, not skip (counted as failed)`,
        );
      if (timedOut) {
        const minutes = NODE_TEST_STAGE_TIMEOUT_MS / 60_000;
        return resolve({
          passed,
          failed: failed || 1,
          error: `node --test ${dir} did not finish within ${minutes} min and was stopped: a test hangs or leaves a handle open (the last test printed above is the place to look; TEST_STAGE_TIMEOUT_MS raises the limit)`,
        });
      }
      if (code !== 0 && failed === 0)
        return resolve({ passed, failed: 1, error: `node --test ${dir} exited with ${signal ?? code}` });
      if (passed + failed === 0) return resolve({ passed, failed: 1, error: `no tests found under ${dir}` });
      resolve({ passed, failed, exitCode: code ?? 1, failures: tapFailures(tap) });
    });
  });
}

/** A stage's name without its parenthesis: "unit", "integration: trust". */
function label(name) {
  return name.replace(/\s*\(.*\)$/, '');
}

let finished = false;
function finish(exitCode) {
  if (finished) return;
  finished = true;
  console.log('\n━━━ summary ━━━');
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    const counts = r.passed !== undefined ? `  ${r.passed} passed, ${r.failed ?? 0} failed` : '';
    console.log(
      `${r.ok ? 'ok    ' : 'FAILED'} ${r.name.padEnd(40)} ${formatDuration(r.ms).padStart(10)}${counts}${r.note ? `  (${r.note})` : ''}`,
    );
    passed += r.passed ?? 0;
    // A stage that broke without counting tests (a build, a crash) still counts as a failure.
    failed += r.failed ?? (r.ok ? 0 : 1);
  }
  console.log(`total time ${formatDuration(Date.now() - startedAt)}`);
  // Named here as well as above, so the end of a long log says which tests failed.
  for (const r of results) for (const failure of r.failures ?? []) console.log(`failed in ${label(r.name)}: ${failure}`);
  for (const r of results)
    if (r.passed !== undefined) console.log(`${label(r.name)}: ${r.passed} passed, ${r.failed ?? 0} failed`);
  console.log(`total: ${passed} passed, ${failed} failed`);
  process.exit(exitCode);
}

const startedAt = Date.now();

await stage('dependencies', () => {
  ensureDependencies();
  // Fail now, not after the build, when the real-host stage cannot run on this machine.
  checkPrerequisites({ needInstall: !isCodeServerInstalled() });
});
await stage('lint (eslint, prettier --check)', () => lint());
await stage('bundle (esbuild)', () => bundle());
await stage('compile (tsc -p .)', () => compile());
await stage('unit (node --test out/test/unit/)', () => nodeTest(path.join('out', 'test', 'unit'), 'unit'));
await stage('code-server install', async () => {
  const ms = await ensureCodeServer();
  return { note: ms ? 'installed' : 'cached in .vscode-test/' };
});
await stage('grammars (vscode-tmgrammar-test)', async () => {
  const { testGrammars } = await import('./test-grammars.mjs');
  return testGrammars();
});
await stage('integration: activation (fresh code-server)', async () => {
  const { runIntegration } = await import('./run-integration.mjs');
  return runIntegration({ build: false, suite: 'activation' });
});
await stage('integration: trust (Restricted Mode, fresh code-server)', async () => {
  const { runIntegration } = await import('./run-integration.mjs');
  return runIntegration({ build: false, suite: 'trust' });
});
await stage('integration (VS Code in code-server)', async () => {
  const { runIntegration } = await import('./run-integration.mjs');
  const result = await runIntegration({ build: false });
  console.log(`integration: ran in VS Code ${result.vscodeVersion ?? '(unknown: the suite never started)'}`);
  console.log(`integration: ${result.passed} passed, ${result.failed} failed`);
  return { ...result, note: result.vscodeVersion ? `VS Code ${result.vscodeVersion}` : undefined };
});
await stage('web (the browser build in the web worker host)', async () => {
  const { runIntegration } = await import('./run-integration.mjs');
  const result = await runIntegration({ build: false, suite: 'web' });
  console.log(`web: ${result.passed} passed, ${result.failed} failed`);
  return result;
});
await stage('smoke (the .vsix installed in code-server)', async () => {
  const { runIntegration } = await import('./run-integration.mjs');
  const result = await runIntegration({ build: false, suite: 'smoke' });
  console.log(`smoke: ${result.passed} passed, ${result.failed} failed`);
  return { ...result, note: result.activation ? `activation ${result.activation}` : undefined };
});
// No existence check: a missing e2e folder fails the stage ("no tests found"), it is not skipped.
await stage('e2e (node --test out/test/e2e/)', () => nodeTest(path.join('out', 'test', 'e2e'), 'e2e'));
finish(0);
