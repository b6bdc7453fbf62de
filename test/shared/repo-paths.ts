// Where the repository is, found from the compiled test file (out/test/...) or its source: tests
// read fixtures from the source tree (they are not compiled), whatever folder the test lives in.
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'fixtures'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root (package.json beside test/fixtures) above ${start}`);
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);

/** A path under test/fixtures/ of the source tree. */
export function fixturePath(...parts: string[]): string {
  return path.join(REPO_ROOT, 'test', 'fixtures', ...parts);
}
