// Entry point of the integration suite inside a real VS Code extension host. VS Code loads this
// module (the `extensionTestsPath`) and awaits `run()`: the contract is the same under
// code-server (scripts/run-integration.mjs, part of `npm test`) and desktop VS Code
// (scripts/test-electron.mjs), so one suite serves both hosts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * Printed last; scripts/run-integration.mjs reads it to report the counts. Keep in sync with
 * RESULT_MARKER there.
 */
const RESULT_MARKER = '[address-in-use:integration-result]';

/** Suites that run in a host of their own (scripts/run-integration.mjs SUITES), not in this one. */
const OWN_HOST = new Set(['activation', 'trust']);

/** Every compiled `*.test.js` below this folder, sorted so runs are reproducible. */
function testFiles(dir: string, top = true): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(top && OWN_HOST.has(entry.name))) found.push(...testFiles(full, false));
    } else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function run(): Promise<void> {
  return runSuite(__dirname);
}

/** Runs every test file below `dir` with mocha and prints the result line the runner reads. */
export async function runSuite(dir: string): Promise<void> {
  // console.log, not process.stdout: the extension host forwards console output to the
  // workbench's console, which the runner mirrors to its own stdout.
  console.log(
    `Integration suite running in VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`,
  );

  // forbidOnly: a stray `.only` must fail the run, not silently run one test.
  // INTEGRATION_GREP narrows a local run to matching tests (e.g. "terminal command"); the runner
  // reports the filter so a narrowed run is never mistaken for the whole suite.
  const grep = process.env.INTEGRATION_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', forbidOnly: true, grep });
  if (grep) console.log(`only tests matching ${JSON.stringify(grep)} (INTEGRATION_GREP)`);
  const files = testFiles(dir);
  for (const file of files) mocha.addFile(file);
  if (files.length === 0) throw new Error(`no *.test.js files under ${dir}: was the suite compiled (tsc -p .)?`);

  await mocha.loadFilesAsync();
  // Named again in the closing line, so the end of a long CI log says which test failed.
  const failures: string[] = [];
  const stats = await new Promise<Mocha.Stats | undefined>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
    runner.on('fail', (test: Mocha.Runnable, error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${test.fullTitle()}: ${message.split('\n')[0].slice(0, 300)}`);
    });
  });
  // The project's rule: a missing prerequisite fails a test, it never skips it.
  const skipped = stats?.pending ?? 0;
  if (skipped > 0)
    console.error(
      `${skipped} test${skipped === 1 ? ' was' : 's were'} skipped: tests must fail with a message, not skip (counted as failed)`,
    );
  const passed = stats?.passes ?? 0;
  // A suite whose files define no test proves nothing: count it as a failure.
  const failed = (stats?.failures ?? 0) + skipped + (passed + (stats?.failures ?? 0) === 0 ? 1 : 0);
  if (passed + (stats?.failures ?? 0) === 0) console.error(`no test ran under ${dir} (counted as failed)`);
  console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed, failures, vscodeVersion: vscode.version })}`);
  if (failed > 0) throw new Error(`${failed} integration test${failed === 1 ? '' : 's'} failed`);
}
