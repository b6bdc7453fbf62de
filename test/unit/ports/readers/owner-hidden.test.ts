// "Owner hidden", never "free": the reader drops privileges (a child running as an unprivileged
// uid) and looks at sockets of other users. Tests run as root, which is needed to switch uids.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'net';
import * as path from 'path';
import { createPortReader, PortReport } from '../../../../src/ports';
import { killAndWait, run, startNode } from '../helpers';

const NOBODY = 65534;
/** An unprivileged uid other than nobody's, for the reader. */
const READER_UID = 4242;
const indexJs = path.join(__dirname, '../../../../src/ports/index.js');

function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('this test switches users and must run as root (e.g. in the CI container: sudo npm test)');
  }
}

/** Runs the reader in a child process as `uid`, returns its reports. */
async function lookupAs(uid: number, port: number): Promise<PortReport[]> {
  const script = `require(${JSON.stringify(indexJs)}).createPortReader().lookup([${port}])
    .then(r => console.log(JSON.stringify(r)), e => { console.error(e); process.exit(3); })`;
  const out = await run(process.execPath, ['-e', script], { uid, gid: uid, cwd: '/' });
  return JSON.parse(out) as PortReport[];
}

describe('owner hidden', { timeout: 60_000 }, () => {
  test('a listener of user nobody, read by another unprivileged user: owner-hidden, not free', async () => {
    requireRoot();
    const { child, line } = await startNode(
      `const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port));`,
      { uid: NOBODY, gid: NOBODY, cwd: '/' },
    );
    try {
      const port = Number(line);
      const [hidden] = await lookupAs(READER_UID, port);
      assert.equal(hidden.status, 'owner-hidden');
      assert.equal(hidden.ownerHidden, true);
      assert.deepEqual(hidden.holders, []);
      assert.deepEqual(hidden.addresses, ['127.0.0.1']);
      assert.equal(hidden.sockets[0].uid, NOBODY, 'the kernel still tells the socket uid');

      // The same socket read with privilege: the holder is nobody's node.
      const [seen] = await createPortReader('linux').lookup([port]);
      assert.equal(seen.status, 'listening');
      assert.deepEqual(
        seen.holders.map((h) => [h.pid, h.user, h.uid]),
        [[child.pid, 'nobody', NOBODY]],
      );
    } finally {
      await killAndWait(child);
    }
  });

  test("root's listener read by nobody: owner-hidden", async () => {
    requireRoot();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const [r] = await lookupAs(NOBODY, port);
      assert.equal(r.status, 'owner-hidden');
      assert.equal(r.ownerHidden, true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a free port stays free for the unprivileged reader', async () => {
    requireRoot();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const [r] = await lookupAs(NOBODY, port);
    assert.equal(r.status, 'free');
  });
});
