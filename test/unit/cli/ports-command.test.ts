import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { formatText, runPortsCommand } from '../../../src/cli/ports';
import { createPortReader } from '../../../src/ports';
import { discoverWorkspacePorts } from '../../../src/ports/discovery';
import { freeLoopbackPort, listenOnLoopback } from '../../shared/loopback';

function buffers(cwd = '/work') {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s), cwd };
  return { io, out };
}

async function withListener<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const listener = await listenOnLoopback();
  try {
    return await fn(listener.port);
  } finally {
    await listener.close();
  }
}

describe('address-in-use ports', { timeout: 30_000 }, () => {
  test('--format json: the documented shape, exit 1 for a held port', async () => {
    await withListener(async (port) => {
      const { io, out } = buffers();
      const code = await runPortsCommand(['--format', 'json', String(port)], io);
      assert.equal(code, 1);
      assert.equal(out.stderr, '');
      const json = JSON.parse(out.stdout);
      assert.deepEqual(Object.keys(json), ['ports']);
      const [p] = json.ports;
      assert.deepEqual(Object.keys(p), ['port', 'protocol', 'address', 'state', 'holders', 'timeWait', 'sources']);
      assert.equal(p.port, port);
      assert.equal(p.protocol, 'tcp');
      assert.equal(p.address, '127.0.0.1');
      assert.equal(p.state, 'listening');
      assert.deepEqual(Object.keys(p.holders[0]), ['pid', 'command', 'user', 'startTime']);
      assert.equal(p.holders[0].pid, process.pid);
      assert.equal(
        p.holders[0].user,
        os.userInfo().username,
        'the holder is this test process, so its user is the one running the tests',
      );
      assert.equal(typeof p.holders[0].startTime, 'number');
      assert.equal(p.timeWait, null);
      assert.deepEqual(p.sources, []);
    });
  });

  test('text: a free port, exit 0', async () => {
    const port = await freeLoopbackPort();
    const { io, out } = buffers();
    assert.equal(await runPortsCommand([`${port}/tcp`], io), 0);
    assert.equal(out.stdout, `${`${port}/tcp`.padEnd(10)} free\n`);
  });

  test('text: holder line with pid, user and command line', async () => {
    await withListener(async (port) => {
      const { io, out } = buffers();
      assert.equal(await runPortsCommand([String(port)], io), 1);
      const lines = out.stdout.trimEnd().split('\n');
      assert.match(lines[0], new RegExp(`^${port}/tcp\\s+listening on 127\\.0\\.0\\.1$`));
      assert.match(lines[1], new RegExp(`^  pid ${process.pid} root, started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d: `));
      assert.match(lines[2], /editor/);
    });
  });

  test('bad usage exits 2 with a message', async () => {
    for (const argv of [['--format', 'xml', '80'], ['--bogus'], ['70000'], ['http']]) {
      const { io, out } = buffers();
      assert.equal(await runPortsCommand(argv, io), 2, argv.join(' '));
      assert.match(out.stderr, /^address-in-use ports: /);
      assert.equal(out.stdout, '');
    }
  });

  test('no ports: the workspace ports from discovery, with their sources in JSON', async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'aiu-ports-cli-'));
    try {
      await withListener(async (port) => {
        const server = path.join(project, 'src', 'server.js');
        mkdirSync(path.dirname(server));
        writeFileSync(server, `${'// a comment line\n'.repeat(11)}    app.listen(${port});\n`);
        const { io, out } = buffers(project);
        const seen: string[] = [];
        const discover = (dir: string) => {
          seen.push(dir);
          return discoverWorkspacePorts(dir);
        };
        assert.equal(await runPortsCommand(['--format=json'], io, { discover }), 1);
        assert.deepEqual(seen, [project]);
        const [p] = JSON.parse(out.stdout).ports;
        assert.deepEqual(p.sources, [{ file: server, line: 11, column: 4, kind: 'code', text: `app.listen(${port});` }]);

        const text = buffers(project);
        await runPortsCommand([], text.io, { discover });
        assert.match(text.out.stdout, /\n {2}used at src\/server\.js:12\n$/);
      });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  test('no ports and none known: a clear error, exit 2', async () => {
    const a = buffers();
    assert.equal(await runPortsCommand([], a.io), 2);
    assert.match(a.out.stderr, /give port numbers/);
    const b = buffers('/work/empty');
    assert.equal(await runPortsCommand([], b.io, { discover: async () => [] }), 2);
    assert.match(b.out.stderr, /no ports found in \/work\/empty/);
  });

  test('an unreadable system exits 3', async () => {
    const { io, out } = buffers();
    // A real Linux reader whose procfs root is a regular file: /proc/net/tcp cannot be opened.
    const reader = createPortReader('linux', { procRoot: __filename });
    assert.equal(await runPortsCommand(['80'], io, { reader }), 3);
    assert.match(out.stderr, /^address-in-use ports: could not read the system's sockets: .*ENOTDIR/);
    assert.equal(out.stdout, '');
  });

  test('text: a hidden owner of a listener or of a connection left on the port', () => {
    const socket = (state: 'LISTEN' | 'ESTABLISHED') => ({
      protocol: 'tcp' as const,
      family: 4 as const,
      address: '127.0.0.1',
      port: 3000,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
      state,
      inode: 7,
      uid: 1000,
    });
    const hidden = (state: 'LISTEN' | 'ESTABLISHED') =>
      formatText(
        {
          port: 3000,
          protocol: 'tcp',
          status: 'owner-hidden',
          addresses: ['127.0.0.1'],
          holders: [],
          ownerHidden: true,
          established: 0,
          closeWait: 0,
          sockets: [socket(state)],
        },
        [],
        '/work',
      );
    assert.equal(
      hidden('LISTEN'),
      `${'3000/tcp'.padEnd(10)} listening on 127.0.0.1, by a process hidden from this user (try with more privileges)\n`,
    );
    assert.equal(
      hidden('ESTABLISHED'),
      `${'3000/tcp'.padEnd(10)} bound on 127.0.0.1, by a process hidden from this user (try with more privileges)\n`,
    );
  });
});
