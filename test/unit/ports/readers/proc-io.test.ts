// The synchronous procfs reads the CLI uses (proc-io.ts) give the same reports as the editor's
// thread-pool reads: a real listener in another process, a free port, and a missing /proc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { LinuxPortReader } from '../../../../src/ports/readers/linux-reader';
import { freeLoopbackPort } from '../../../shared/loopback';
import { killAndWait, startNode } from '../helpers';

test('sync and async procfs reads report a real holder and a free port alike', async () => {
  const { child, line } = await startNode(
    "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port));",
  );
  try {
    const held = Number(line);
    const free = await freeLoopbackPort();
    const [syncReports, asyncReports] = await Promise.all([
      new LinuxPortReader({ syncIo: true }).lookup([held, free]),
      new LinuxPortReader().lookup([held, free]),
    ]);
    assert.equal(syncReports[0].status, 'listening');
    assert.equal(syncReports[0].holders[0]?.pid, child.pid, 'the sync read names the holder');
    assert.equal(syncReports[1].status, 'free');
    assert.deepEqual(syncReports, asyncReports);
  } finally {
    await killAndWait(child);
  }
});

test('sync reads of a /proc that is not there fail like async ones, never "free"', async (t) => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-noproc-'));
  t.after(() => fs.rm(root, { recursive: true, force: true }));
  const port = await freeLoopbackPort();
  const failure = async (syncIo: boolean) => {
    try {
      await new LinuxPortReader({ procRoot: root, syncIo }).lookup([port]);
      return 'no error';
    } catch (error) {
      return (error as Error).message;
    }
  };
  const message = await failure(true);
  assert.match(message, /cannot read the socket table .*is \/proc mounted and readable\?/);
  assert.equal(message, await failure(false));
});
