// Runs every compiled `*.test.js` of one folder with mocha inside the real VS Code extension
// host, for the suites' entry points (test/integration/index.ts, test/smoke/index.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * Printed last; scripts/run-integration.mjs reads it to report the counts. Keep in sync with
 * RESULT_MARKER there.
 */
const RESULT_MARKER = '[address-in-use:integration-result]';

/** Every compiled `*.test.js` below this folder, sorted so runs are reproducible. */
function testFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export async function runMochaSuite(dir: string, name: string): Promise<void> {
  // console.log, not process.stdout: the extension host forwards console output to the
  // workbench's console, which the runner mirrors to its own stdout.
  console.log(
    `${name} suite running in VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`,
  );

  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const files = testFiles(dir);
  for (const file of files) mocha.addFile(file);
  if (files.length === 0) throw new Error(`no *.test.js files under ${dir}: was the suite compiled (tsc -p .)?`);

  await mocha.loadFilesAsync();
  const stats = await new Promise<Mocha.Stats | undefined>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  // The project's rule: a missing prerequisite fails a test, it never skips it.
  const skipped = stats?.pending ?? 0;
  if (skipped > 0)
    console.error(
      `${skipped} test${skipped === 1 ? ' was' : 's were'} skipped: tests must fail with a message, not skip (counted as failed)`,
    );
  const passed = stats?.passes ?? 0;
  const failed = (stats?.failures ?? 0) + skipped;
  console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed, vscodeVersion: vscode.version })}`);
  if (failed > 0) throw new Error(`${failed} ${name.toLowerCase()} test${failed === 1 ? '' : 's'} failed`);
}
