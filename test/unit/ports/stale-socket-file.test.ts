import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeStaleSocketFile } from '../../../src/ports/stale-socket-file';
import { killAndWait, startNode } from './helpers';

const LISTEN = (p: string) => `require('net').createServer().listen(${JSON.stringify(p)}, () => console.log('ready'));`;

describe('removing a stale Unix socket file', { timeout: 30_000 }, () => {
  test('a listening socket is left alone; after its server is SIGKILLed the stale file is removed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aiu-stale-'));
    const sock = path.join(dir, 'server.sock');
    try {
      const { child } = await startNode(LISTEN(sock));
      try {
        const live = await removeStaleSocketFile(sock);
        assert.equal(live.removed, false);
        assert.equal(live.report.status, 'listening');
        assert.deepEqual(
          live.report.holders.map((h) => h.pid),
          [child.pid],
        );
        assert.ok(existsSync(sock));
      } finally {
        await killAndWait(child); // SIGKILL: the server cannot unlink its file
      }
      assert.ok(existsSync(sock), 'SIGKILL left the socket file behind');
      const removed = await removeStaleSocketFile(sock);
      assert.equal(removed.report.status, 'stale');
      assert.equal(removed.removed, true);
      assert.equal(existsSync(sock), false);
      const again = await removeStaleSocketFile(sock);
      assert.deepEqual([again.removed, again.report.status], [false, 'missing']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a regular file at the path is never deleted', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aiu-stale-'));
    const file = path.join(dir, 'app.sock');
    try {
      writeFileSync(file, 'data');
      const r = await removeStaleSocketFile(file);
      assert.deepEqual([r.removed, r.report.status], [false, 'not-a-socket']);
      assert.ok(existsSync(file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
