// Wording of the Unix socket rows (src/vscode/ports/format.ts imports no 'vscode', so it runs here).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Holder } from '../../../../src/ports/model';
import type { UnixSocketReport } from '../../../../src/ports/unix-socket';
import { STALE_SOCKET_EXPLANATION, isShownSocket, socketStateText, type SocketRow } from '../../../../src/vscode/ports/format';

const holder = (pid: number): Holder => ({
  pid,
  name: 'node',
  command: 'node server.js',
  user: 'alice',
  uid: 1000,
  addresses: [],
});

function row(status: UnixSocketReport['status'], extra: Partial<UnixSocketReport> = {}): SocketRow {
  return { path: '/tmp/x.sock', sources: [], report: { path: '/tmp/x.sock', status, holders: [], ownerHidden: false, ...extra } };
}

describe('Unix socket row wording', () => {
  test('stale and listening rows are shown, with their state; missing, not-a-socket and unknown are not', () => {
    assert.equal(socketStateText(row('stale')), 'stale socket file (nobody listening)');
    assert.equal(socketStateText(row('listening', { holders: [holder(4123)] })), 'listening · node·4123');
    assert.equal(socketStateText(row('listening', { ownerHidden: true })), 'listening · owner hidden');
    assert.deepEqual(
      (['stale', 'listening', 'missing', 'not-a-socket', 'unknown'] as const).map((s) => isShownSocket(row(s))),
      [true, true, false, false, false],
    );
    assert.equal(isShownSocket({ path: '/tmp/x.sock', sources: [] }), false, 'not inspected yet');
  });

  test('the explanation says why the next bind fails and what to do', () => {
    assert.match(STALE_SOCKET_EXPLANATION, /EADDRINUSE/);
    assert.match(STALE_SOCKET_EXPLANATION, /unlink the path before it binds/);
    assert.match(STALE_SOCKET_EXPLANATION, /`unix-socket-stale`/);
  });
});
