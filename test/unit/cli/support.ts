// Shared by the CLI tests: fixture paths, temporary copies of the fixture project, and a
// `main()` run that captures what the CLI prints.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, fixturePath } from '../../shared/repo-paths';

/** Fixtures are read from the source tree (this file runs from out/test/unit/cli/). */
export const FIXTURES = fixturePath('cli');
export const PROJECT_ROOT = REPO_ROOT;

export { type CliRun, runCli } from '../../shared/run-cli';

export async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-cli-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh copy of `fixtures/cli/<name>` inside a temporary folder; returns the copy's path. */
export async function copyFixture(t: { after(fn: () => Promise<void>): void }, name: string): Promise<string> {
  const dir = path.join(await tempDir(t), name);
  await fs.cp(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** The 1-based line of the first line of `file` matching `pattern`. */
export async function lineOf(file: string, pattern: RegExp): Promise<number> {
  const index = (await fs.readFile(file, 'utf8')).split('\n').findIndex((l) => pattern.test(l));
  if (index < 0) throw new Error(`${pattern} not found in ${file}`);
  return index + 1;
}
