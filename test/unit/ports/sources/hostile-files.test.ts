// Hostile configuration files on disk: huge, binary, not UTF-8, nested too deeply, a .env of
// 100,000 lines, a port value that is a shell command. Discovery reads them as data, reports only
// real ports, and says for each file what it could not read (a notice: the editor logs it and
// tells the user once, the CLI prints one line on stderr), never throwing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { test } from 'node:test';
import { discoverWorkspace } from '../../../../src/ports/discovery';
import { runCli, tempDir } from '../../cli/support';

async function hostileWorkspace(dir: string): Promise<string> {
  const marker = path.join(dir, 'pwned');
  await fs.mkdir(path.join(dir, '.vscode'));
  await fs.mkdir(path.join(dir, 'huge'));
  await fs.mkdir(path.join(dir, 'deep'));
  await fs.mkdir(path.join(dir, 'binary'));
  await fs.mkdir(path.join(dir, 'broken'));
  const lines = Array.from({ length: 100_000 }, (_, i) => `V${i}=1`);
  lines[50_000] = `PORT=3000; rm -rf / ; touch ${marker}`;
  lines[70_000] = 'API_PORT=8080';
  await fs.writeFile(path.join(dir, '.env'), lines.join('\n'));
  // 2 MB of scripts: above the 1 MB limit.
  await fs.writeFile(
    path.join(dir, 'huge', 'package.json'),
    JSON.stringify({ scripts: { dev: `vite --port 4000 ${'x'.repeat(2 * 1024 * 1024)}` } }),
  );
  await fs.writeFile(path.join(dir, 'deep', 'package.json'), '['.repeat(100_000));
  await fs.writeFile(path.join(dir, 'binary', '.env'), Buffer.from([0x50, 0x4f, 0x52, 0x54, 0x3d, 0x35, 0, 0, 0xff, 0x0a]));
  // "PORT=6000" in Latin-1 beside a byte that is not UTF-8.
  await fs.writeFile(
    path.join(dir, '.vscode', 'launch.json'),
    Buffer.concat([Buffer.from('{"configurations":[{"name":"caf'), Buffer.from([0xe9]), Buffer.from('","port":6000}]}')]),
  );
  await fs.writeFile(path.join(dir, 'broken', 'package.json'), '{"scripts": {"dev": "next dev -p 5000",}');
  // Two published ports that are none; beside them a default, an address with a random host
  // port and a container-only port, which are right and say nothing.
  await fs.writeFile(
    path.join(dir, 'compose.yaml'),
    [
      'services:',
      '  web:',
      '    ports:',
      `      - "3000; touch ${marker}:80"`,
      '      - "70000:80"',
      '      - "${WEB_PORT:-8081}:80"',
      '      - "127.0.0.1::9000"',
      '      - "3000"',
      '',
    ].join('\n'),
  );
  return marker;
}

test('hostile configuration files: only real ports, one notice per file saying why, nothing run', async (t) => {
  const dir = await tempDir(t);
  const marker = await hostileWorkspace(dir);
  const discovery = await discoverWorkspace(dir);
  assert.deepEqual(
    discovery.ports.map((p) => p.port),
    [5000, 8080, 8081],
  );
  const notices = discovery.notices.map((n) => `${path.relative(dir, n.file)} ${n.message}`).sort();
  assert.equal(notices.length, 8, notices.join('\n'));
  const said = (file: string, pattern: RegExp) =>
    assert.ok(
      notices.some((n) => n.startsWith(`${file} `) && pattern.test(n)),
      `no notice for ${file} matching ${pattern}:\n${notices.join('\n')}`,
    );
  said('.env', /^\.env line 50001: PORT=3000; rm -rf \/ ; touch .* is not a port number \(1-65535\): ignored$/);
  said(path.join('huge', 'package.json'), /is 2\.0 MB, above the 1\.0 MB limit: not read for ports/);
  said(path.join('deep', 'package.json'), /is nested too deeply to read: no ports read from it$/);
  said(path.join('binary', '.env'), /holds binary data \(NUL bytes\): not read for ports/);
  said(path.join('.vscode', 'launch.json'), /is not UTF-8 text: not read for ports/);
  said('compose.yaml', /^compose\.yaml line 4: published port "3000; touch .*" is not a port number \(1-65535\): ignored$/);
  said('compose.yaml', /^compose\.yaml line 5: published port "70000" is not a port number \(1-65535\): ignored$/);
  said(path.join('broken', 'package.json'), /is not valid JSON \(\w+ on line 1\): ports read only from the part that parses$/);
  await assert.rejects(fs.stat(marker), { code: 'ENOENT' }, 'something from the workspace was run');
});

test('`address-in-use ports` prints one line per unreadable configuration file on stderr and still reads the rest', async (t) => {
  const dir = await tempDir(t);
  await hostileWorkspace(dir);
  const run = await runCli(['ports'], dir);
  const lines = run.stderr.split('\n').filter((l) => /^address-in-use: /.test(l));
  assert.equal(lines.length, 8, run.stderr);
  assert.ok(lines.includes(`address-in-use: ${path.join('binary', '.env')} holds binary data (NUL bytes): not read for ports`));
  assert.match(run.stdout, /\b8080\b/);
  assert.match(run.stdout, /\b5000\b/);
});
