import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ANALYZED_EXTENSIONS } from '../../../src/analysis/parser';
import type { PortsCommandOptions } from '../../../src/cli/ports';
import { DiscoveryCache, discoverWorkspacePorts, mergePorts, watchGlobs } from '../../../src/ports/discovery';
import { classifyFile, walkWorkspace } from '../../../src/ports/sources/workspace-walk';
import { sourceLabel } from '../../../src/vscode/ports/format';
import { WORKSPACE } from './sources/fixture';

describe('discoverWorkspacePorts', () => {
  test('every source kind of the fixture workspace, merged by port, with exact places', async () => {
    const ports = await discoverWorkspacePorts(WORKSPACE, { settingPorts: [6000, 3000, 6500, 0, 70000] });
    const table = Object.fromEntries(
      ports.map((p) => [
        `${p.port}${p.protocol ? '/' + p.protocol : ''}`,
        p.sources.map((s) => `${s.kind} ${sourceLabel(s, [WORKSPACE])}`),
      ]),
    );
    assert.deepEqual(table, {
      '53/udp': ['docker-compose docker-compose.yml:14'],
      '1901/udp': ['docker-compose docker-compose.yml:19'],
      // A setting and several files, one of which says tcp: the protocol stays open.
      '3000': ['setting .vscode/settings.json:5', 'env .env:2', 'env .env.example:1', 'code web/server.js:5'],
      '3002': ['package-json package.json:6'],
      '4000/tcp': ['code api/index.ts:9'],
      '4001': ['package-json package.json:5'],
      '4100/tcp': ['code api/index.ts:11'],
      '5173': ['package-json package.json:4'],
      '5353/udp': ['code web/server.js:8'],
      '5432': ['env .env:3'],
      '5433/tcp': ['docker-compose docker-compose.yml:6'],
      '6000': ['setting .vscode/settings.json:4'],
      '6001/tcp': ['docker-compose docker-compose.yml:25'],
      '6379': ['env .env:4'],
      '6500': ['setting setting addressInUse.ports'],
      '7000': ['launch-json .vscode/launch.json:11'],
      '7001': ['launch-json .vscode/launch.json:14'],
      '7002': ['launch-json .vscode/launch.json:21'],
      '8000': ['package-json package.json:7'],
      '8080/tcp': ['docker-compose docker-compose.yml:5', 'code c/server.c:12'],
      '8081/tcp': ['code api/index.ts:7'],
      '8082': ['env api/.env.local:1'],
      '8088': ['package-json package.json:8'],
      '8443/tcp': ['docker-compose docker-compose.yml:9'],
      '9034/udp': ['code c/gai_server.cpp:10'],
      '9090/tcp': ['docker-compose docker-compose.yml:8'],
      '9091/tcp': ['docker-compose docker-compose.yml:8'],
      '9100/tcp': ['code api/index.ts:10'],
      '9154/tcp': ['docker-compose docker-compose.yml:16'],
      '15432/tcp': ['docker-compose docker-compose.yml:25'],
      '45000/tcp': ['code c/server.c:17'],
    });
    // Sorted by port, sources absolute.
    assert.deepEqual(
      ports.map((p) => p.port),
      [...ports.map((p) => p.port)].sort((a, b) => a - b),
    );
    assert.ok(ports.every((p) => p.sources.every((s) => s.file === '' || path.isAbsolute(s.file))));
  });

  test('dependencies and build outputs are not walked', async () => {
    // The fixture has node_modules/dep/index.js (listen 9999) and build/server.js (listen 9998).
    assert.ok(
      fs.existsSync(path.join(WORKSPACE, 'node_modules/dep/index.js')),
      'fixture node_modules/dep/index.js is missing (it is force-added to git)',
    );
    const files = (await walkWorkspace(WORKSPACE)).map((f) => path.relative(WORKSPACE, f.file));
    assert.ok(files.includes('web/server.js'));
    assert.ok(!files.some((f) => f.startsWith('node_modules') || f.startsWith('build')), files.join(', '));
  });

  test('the walk is bounded by file count and depth, and can be aborted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-discovery-'));
    try {
      let deep = dir;
      for (let i = 0; i < 5; i++) {
        fs.writeFileSync(path.join(deep, '.env'), `PORT=${5000 + i}\n`);
        deep = path.join(deep, `d${i}`);
        fs.mkdirSync(deep);
      }
      assert.deepEqual(
        (await discoverWorkspacePorts(dir)).map((p) => p.port),
        [5000, 5001, 5002, 5003, 5004],
      );
      assert.deepEqual(
        (await discoverWorkspacePorts(dir, { limits: { maxDepth: 2 } })).map((p) => p.port),
        [5000, 5001, 5002],
      );
      assert.deepEqual(
        (await discoverWorkspacePorts(dir, { limits: { maxFiles: 1 } })).map((p) => p.port),
        [5000],
      );
      fs.writeFileSync(path.join(dir, 'big.env'), `PORT=4444\n${'#'.repeat(2000)}\n`);
      assert.ok(
        !(await discoverWorkspacePorts(dir, { maxFileSize: 1000 })).some((p) => p.port === 4444),
        'files over the size cap are not read',
      );
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(discoverWorkspacePorts(dir, { signal: controller.signal }), { name: 'AbortError' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("serves as the CLI's `discover` option", async () => {
    const discover: NonNullable<PortsCommandOptions['discover']> = discoverWorkspacePorts;
    const ports = await discover(WORKSPACE);
    assert.ok(ports.some((p) => p.port === 45000 && p.sources[0].line === 16));
  });

  test('a cache returns the same ports, re-reads a changed file and forgets a deleted one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-discovery-cache-'));
    try {
      fs.writeFileSync(path.join(dir, '.env'), 'PORT=5100\n');
      fs.writeFileSync(path.join(dir, 'server.js'), 'app.listen(5101);\n');
      const cache = new DiscoveryCache();
      const first = await discoverWorkspacePorts(dir, { cache });
      assert.deepEqual(
        first.map((p) => p.port),
        [5100, 5101],
      );
      assert.equal(cache.size, 2);
      assert.deepEqual(await discoverWorkspacePorts(dir, { cache }), first);
      fs.writeFileSync(path.join(dir, '.env'), 'PORT=5200\nAPI_PORT=5201\n'); // another size: seen as changed
      assert.deepEqual(
        (await discoverWorkspacePorts(dir, { cache })).map((p) => p.port),
        [5101, 5200, 5201],
      );
      fs.rmSync(path.join(dir, 'server.js'));
      assert.deepEqual(
        (await discoverWorkspacePorts(dir, { cache })).map((p) => p.port),
        [5200, 5201],
      );
      assert.equal(cache.size, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing folder has no ports', async () => {
    assert.deepEqual(await discoverWorkspacePorts(path.join(os.tmpdir(), 'aiu-does-not-exist-' + process.pid)), []);
  });

  test('mergePorts keeps one source per place and drops a protocol the sources disagree on', () => {
    const src = (line: number) => ({ file: '/a', line, column: 0, kind: 'code' as const, text: '' });
    const merged = mergePorts([
      { port: 1, protocol: 'udp', source: src(0) },
      { port: 1, protocol: 'tcp', source: src(1) },
      { port: 2, protocol: 'udp', source: src(2) },
      { port: 2, protocol: 'udp', source: src(2) },
    ]);
    assert.deepEqual(merged, [
      { port: 1, sources: [src(0), src(1)] },
      { port: 2, protocol: 'udp', sources: [src(2)] },
    ]);
  });

  test('watchGlobs cover every file kind discovery reads', () => {
    const codeGlob = watchGlobs.find((g) => g.includes('{c,'));
    assert.ok(codeGlob, 'a glob for code files');
    const exts = codeGlob
      .slice(codeGlob.indexOf('{') + 1, codeGlob.indexOf('}'))
      .split(',')
      .map((e) => '.' + e);
    assert.deepEqual([...exts].sort(), [...ANALYZED_EXTENSIONS].sort());
    for (const [file, glob] of [
      ['.env', '**/.env'],
      ['x/.env.local', '**/.env.*'],
      ['x/prod.env', '**/*.env'],
      ['a/package.json', '**/package.json'],
      ['.vscode/launch.json', '**/.vscode/launch.json'],
      ['docker-compose.override.yml', '**/{docker-compose,compose}*.{yml,yaml}'],
      ['compose.yaml', '**/{docker-compose,compose}*.{yml,yaml}'],
    ]) {
      assert.ok(classifyFile(file), file);
      assert.ok(watchGlobs.includes(glob), glob);
    }
    assert.equal(classifyFile('README.md'), undefined);
    assert.equal(classifyFile('launch.json'), undefined);
  });
});
