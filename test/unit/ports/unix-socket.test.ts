import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspectUnixSocket } from '../../../src/ports';
import { parseProcNetUnix } from '../../../src/ports/unix-socket';
import { portFixture, killAndWait, startNode } from './helpers';

const LISTEN = (p: string) => `const s = require('net').createServer().listen(${JSON.stringify(p)}, () => console.log('ready'));`;

describe('Unix-domain socket files', { timeout: 30_000 }, () => {
  test('/proc/net/unix sample: listening rows only, abstract sockets skipped, spaces kept', () => {
    const rows = parseProcNetUnix(readFileSync(portFixture('proc-net', 'unix'), 'utf8'));
    assert.deepEqual(rows, [
      { inode: 164964, path: '/tmp/aiu-fixture.sock' },
      { inode: 170002, path: 'run/app.sock' },
      { inode: 170003, path: '/tmp/my dir/s.sock' },
      { inode: 170004, path: '/run/systemd/notify' },
    ]);
  });

  test('listening (absolute path), then stale after the holder is killed, missing, not a socket', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aiu-unix-'));
    const sock = path.join(dir, 'server.sock');
    try {
      const { child } = await startNode(LISTEN(sock));
      try {
        const live = await inspectUnixSocket(sock);
        assert.equal(live.status, 'listening');
        assert.deepEqual(
          live.holders.map((h) => [h.pid, h.name]),
          [[child.pid, 'node']],
        );
        assert.equal(live.ownerHidden, false);
      } finally {
        await killAndWait(child); // SIGKILL: no chance to unlink the file
      }
      assert.ok(existsSync(sock));
      const stale = await inspectUnixSocket(sock);
      assert.equal(stale.status, 'stale');
      assert.deepEqual(stale.holders, []);

      rmSync(sock);
      assert.equal((await inspectUnixSocket(sock)).status, 'missing');
      writeFileSync(sock, 'not a socket');
      assert.equal((await inspectUnixSocket(sock)).status, 'not-a-socket');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a socket bound by a relative path is matched through its holder's cwd", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aiu-unix-rel-'));
    try {
      const { child } = await startNode(LISTEN('rel.sock'), { cwd: dir });
      try {
        const r = await inspectUnixSocket(path.join(dir, 'rel.sock'));
        assert.equal(r.status, 'listening');
        assert.deepEqual(
          r.holders.map((h) => h.pid),
          [child.pid],
        );
      } finally {
        await killAndWait(child);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
