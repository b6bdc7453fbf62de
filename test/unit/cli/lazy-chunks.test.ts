// `ports 8080`, `stop` and `--help` start without compiling the analyzer: dist/cli.js (and
// dist/cli-main.js, which it runs) hold no web-tree-sitter and no rules; `check`, `run` and
// port discovery load theirs from chunks of their own (esbuild.mjs, lazyCliChunks). Checked over
// the built bundle, what users run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listenOnLoopback } from '../../shared/loopback';
import { REPO_ROOT } from '../../shared/repo-paths';

const DIST = path.join(REPO_ROOT, 'dist');
/** web-tree-sitter's own identifiers, and the C model's class: present wherever the analyzer is bundled. */
const ANALYZER_MARKERS = ['LANGUAGE_VERSION', 'class CModel'];

function bundle(name: string): string {
  const file = path.join(DIST, name);
  assert.ok(fs.existsSync(file), `dist/${name} is not built: run \`node esbuild.mjs\` (\`npm test\` does)`);
  return fs.readFileSync(file, 'utf8');
}

test('dist/cli.js and the bundles it runs hold no analyzer code, and the chunks they load on demand do', () => {
  for (const file of ['cli.js', 'cli-main.js', 'cli-ports.js']) {
    for (const marker of ANALYZER_MARKERS)
      assert.ok(!bundle(file).includes(marker), `dist/${file} bundles the analyzer (${marker})`);
  }
  for (const runs of ['cli-main.js', 'cli-ports.js'])
    assert.ok(bundle('cli.js').includes(runs), `dist/cli.js does not run dist/${runs}`);
  const chunks = { 'cli-main.js': ['cli-check.js', 'cli-run.js', 'cli-discovery.js'], 'cli-ports.js': ['cli-discovery.js'] };
  for (const [file, loads] of Object.entries(chunks)) {
    for (const chunk of loads) {
      assert.ok(bundle(file).includes(`require("./${chunk}")`), `dist/${file} does not load ${chunk} on demand`);
      assert.ok(bundle(chunk).includes('LANGUAGE_VERSION'), `${chunk} holds no parser: is it the right chunk?`);
    }
  }
});

test('dist/cli-ports.js, what `ports` compiles, holds neither the other commands nor the whole package.json', () => {
  const ports = bundle('cli-ports.js');
  for (const other of ['function runStopCommand', 'function runCheckCommand', 'function runRunCommand', 'CHECK_USAGE'])
    assert.ok(!ports.includes(other), `dist/cli-ports.js bundles ${other}`);
  assert.ok(ports.includes('function runPortsCommand'), 'dist/cli-ports.js holds no ports command: is it the right bundle?');
  assert.ok(!ports.includes('activationEvents'), 'dist/cli-ports.js bundles all of package.json');
});

/** The built-in modules `node dist/cli.js ...args` loaded beyond what node's own start loads. */
function builtinsLoaded(t: { after(fn: () => void): void }, args: string[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-loaded-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const list = path.join(dir, 'loaded.json');
  const preload = path.join(dir, 'record.js');
  fs.writeFileSync(
    preload,
    `const before = new Set(process.moduleLoadList);
process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m)))));`,
  );
  const r = spawnSync(process.execPath, ['-r', preload, path.join(DIST, 'cli.js'), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.ok(r.status === 0 || r.status === 1, `cli ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return (JSON.parse(fs.readFileSync(list, 'utf8')) as string[]).filter((m) => m.startsWith('NativeModule '));
}

// Each of these (and the streams behind them) costs the start a few ms: the ports path reads
// procfs and writes its answer to the descriptor, needing none of them.
const NOT_ON_THE_PORTS_PATH = ['child_process', 'net', 'stream', 'readline/promises', 'dgram', 'os'];

test('`ports <port>` and `--help` load no child_process, net, streams, readline or os', async (t) => {
  const listener = await listenOnLoopback();
  try {
    for (const args of [['ports', '--format', 'json', String(listener.port)], ['--help']]) {
      const loaded = builtinsLoaded(t, args).map((m) => m.slice('NativeModule '.length));
      const unwanted = loaded.filter((m) => NOT_ON_THE_PORTS_PATH.includes(m));
      assert.deepEqual(unwanted, [], `cli ${args.join(' ')} loaded ${unwanted.join(', ')} (all it loaded: ${loaded.join(', ')})`);
    }
  } finally {
    await listener.close();
  }
});
