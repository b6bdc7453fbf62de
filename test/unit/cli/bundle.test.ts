// The bundled CLI (dist/cli.js, what `npx address-in-use` runs) as a real child process: it
// must find its wasm files next to itself and agree with main() run from the sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, PROJECT_ROOT, runCli, tempDir } from './support';

const BUNDLE = path.join(PROJECT_ROOT, 'dist', 'cli.js');

function runBundle(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BUNDLE, ...argv], { cwd, env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(new Error(error.message));
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

test('dist/cli.js checks a project like main() does, with the same exit status', async (t) => {
  assert.ok(fs.existsSync(BUNDLE), `${BUNDLE} is missing: build it with \`npm run build\` (node esbuild.mjs); \`npm test\` does`);
  const dir = await copyFixture(t, 'project');
  const bundled = await runBundle(['check', '--format', 'json'], dir);
  const direct = await runCli(['check', '--format', 'json'], dir);
  assert.equal(bundled.code, 1, bundled.stderr);
  assert.deepEqual(JSON.parse(bundled.stdout), JSON.parse(direct.stdout));
  assert.equal((JSON.parse(bundled.stdout) as { findings: unknown[] }).findings.length, 1);

  const fixed = await runBundle(['check', '--fix'], dir);
  assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
  assert.equal(fixed.stdout, 'Fixed 1 problem in 1 file.\nNo problems found in 4 files.\n');

  const usage = await runBundle(['check', '--format', 'xml'], dir);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown --format 'xml'/);
  const version = await runBundle(['--version'], dir);
  assert.match(version.stdout, /^address-in-use \d+\.\d+\.\d+\n$/);
});

// The bundles run through vm.Script (the code cache), where an import() has no loader to call:
// discovery's on-demand imports must work there, with or without a cache file.
test('dist/cli.js `ports` without a port finds the folder’s ports like main() does', async (t) => {
  const dir = await tempDir(t);
  await fs.promises.writeFile(path.join(dir, '.env'), 'PORT=47311\n');
  const env = { ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache'), ADDRESS_IN_USE_CODE_CACHE: '' };
  const direct = await runCli(['ports', '--format', 'json'], dir);
  for (const run of ['no cache file yet', 'with the cache file']) {
    const bundled = await runBundle(['ports', '--format', 'json'], dir, env);
    assert.equal(bundled.stderr, '', run);
    assert.deepEqual(JSON.parse(bundled.stdout), JSON.parse(direct.stdout), run);
    const [port] = (JSON.parse(bundled.stdout) as { ports: { port: number; sources: { file: string }[] }[] }).ports;
    assert.equal(port.port, 47311, run);
    assert.equal(path.basename(port.sources[0].file), '.env', run);
  }
});
