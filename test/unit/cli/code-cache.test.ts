// dist/cli.js runs the CLI's bundle through V8's code cache (src/cli/code-cache.ts): real runs
// of a copy of the built files, with the cache folder in a temporary XDG_CACHE_HOME.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDir, cacheFile } from '../../../src/cli/code-cache';
import { REPO_ROOT } from '../../shared/repo-paths';

const DIST = path.join(REPO_ROOT, 'dist');

/** dist/cli.js and dist/cli-main.js copied to a folder of their own, and an empty cache home. */
function copyCli(t: { after(fn: () => void): void }) {
  for (const f of ['cli.js', 'cli-main.js']) {
    assert.ok(fs.existsSync(path.join(DIST, f)), `dist/${f} is not built: run \`node esbuild.mjs\` (\`npm test\` does)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-code-cache-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const f of ['cli.js', 'cli-main.js']) fs.copyFileSync(path.join(DIST, f), path.join(bin, f));
  const home = path.join(dir, 'cache');
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [path.join(bin, 'cli.js'), ...args], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, XDG_CACHE_HOME: home, ADDRESS_IN_USE_CODE_CACHE: '', ...env },
    });
    assert.equal(r.status, 0, `cli ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  };
  return { run, main: path.join(bin, 'cli-main.js'), cache: path.join(home, 'address-in-use', 'code-cache', 'cli-help.bin') };
}

const PAST = new Date('2001-01-01T00:00:00Z');
const mtimeOf = (file: string) => fs.statSync(file).mtime.getTime();

test('the first run writes the command’s cache; the next one uses it as it is, with the same output', (t) => {
  const cli = copyCli(t);
  const first = cli.run(['--help']);
  assert.match(first, /^Usage:/);
  assert.ok(fs.existsSync(cli.cache), `no cache file at ${cli.cache}`);
  fs.utimesSync(cli.cache, PAST, PAST);
  assert.equal(cli.run(['--help']), first);
  assert.equal(mtimeOf(cli.cache), PAST.getTime(), 'a valid cache is not written again');
});

test('a damaged cache is not used but replaced; a rebuilt bundle gets a new cache', (t) => {
  const cli = copyCli(t);
  const first = cli.run(['--help']);
  fs.writeFileSync(cli.cache, 'not a code cache');
  assert.equal(cli.run(['--help']), first);
  assert.match(fs.readFileSync(cli.cache, 'latin1'), /^address-in-use code cache /, 'the damaged file was replaced');

  fs.utimesSync(cli.cache, PAST, PAST);
  // Same length: V8 compares only that, so the bundle's mtime in the file's header is what tells.
  const bundle = fs.readFileSync(cli.main, 'utf8');
  assert.ok(bundle.includes('// src/'), 'the bundle has esbuild’s file comments');
  fs.writeFileSync(cli.main, bundle.replace('// src/', '// srx/'));
  assert.equal(cli.run(['--help']), first);
  assert.notEqual(mtimeOf(cli.cache), PAST.getTime(), 'the cache of the old bundle was replaced');
});

test('ADDRESS_IN_USE_CODE_CACHE=0 runs without writing a cache', (t) => {
  const cli = copyCli(t);
  assert.match(cli.run(['--help'], { ADDRESS_IN_USE_CODE_CACHE: '0' }), /^Usage:/);
  assert.ok(!fs.existsSync(path.dirname(cli.cache)), 'a cache folder was created');
});

test('the cache folder follows XDG_CACHE_HOME, then HOME, LOCALAPPDATA on Windows; none without one', () => {
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' }, 'linux'), path.join('/x', 'address-in-use', 'code-cache'));
  assert.equal(cacheDir({ HOME: '/h' }, 'darwin'), path.join('/h', '.cache', 'address-in-use', 'code-cache'));
  assert.equal(cacheDir({}, 'linux'), undefined);
  assert.equal(cacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux'), undefined, 'a relative folder is ignored');
  assert.equal(cacheDir({ HOME: '/h', ADDRESS_IN_USE_CODE_CACHE: '0' }, 'linux'), undefined);
  assert.equal(cacheDir({ HOME: 'C:\\Users\\u' }, 'win32'), undefined);
  assert.equal(path.basename(cacheFile('/c', ['ports', '8080'])), 'cli-ports.bin');
  assert.equal(path.basename(cacheFile('/c', [])), 'cli-help.bin');
  assert.equal(path.basename(cacheFile('/c', ['--version'])), 'cli-other.bin');
});
