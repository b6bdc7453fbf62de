// `ports 8080`, `stop` and `--help` start without compiling the analyzer: dist/cli.js holds no
// web-tree-sitter and no rules; `check`, `run` and port discovery load theirs from chunks of
// their own (esbuild.mjs, lazyCliChunks). Checked over the built bundle, what users run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../shared/repo-paths';

const DIST = path.join(REPO_ROOT, 'dist');
/** web-tree-sitter's own identifiers, and the C model's class: present wherever the analyzer is bundled. */
const ANALYZER_MARKERS = ['LANGUAGE_VERSION', 'class CModel'];

function bundle(name: string): string {
  const file = path.join(DIST, name);
  assert.ok(fs.existsSync(file), `dist/${name} is not built: run \`node esbuild.mjs\` (\`npm test\` does)`);
  return fs.readFileSync(file, 'utf8');
}

test('dist/cli.js holds no analyzer code, and the chunks it loads on demand do', () => {
  const cli = bundle('cli.js');
  for (const marker of ANALYZER_MARKERS) assert.ok(!cli.includes(marker), `dist/cli.js bundles the analyzer (${marker})`);
  for (const chunk of ['cli-check.js', 'cli-run.js', 'cli-discovery.js']) {
    assert.ok(cli.includes(`require("./${chunk}")`), `dist/cli.js does not load ${chunk} on demand`);
    assert.ok(bundle(chunk).includes('LANGUAGE_VERSION'), `${chunk} holds no parser: is it the right chunk?`);
  }
});
