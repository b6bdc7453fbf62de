// The polling back-off: quiet polls double the wait up to MAX_BACKOFF intervals; a change seen,
// or reset() (focus, a save, a task or debug session), brings the interval back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BACKOFF, PollBackoff, portStateKey } from '../../../src/ports/poll-backoff';
import type { PortReport } from '../../../src/ports/model';

function report(status: PortReport['status'], pids: number[] = [], remainingSeconds = 0): PortReport {
  return {
    port: 8080,
    protocol: 'tcp',
    status,
    addresses: pids.length ? ['127.0.0.1'] : [],
    holders: pids.map((pid) => ({ pid, command: 'server' }) as PortReport['holders'][number]),
    ownerHidden: false,
    timeWait: remainingSeconds ? { count: 3, remainingSeconds } : undefined,
    established: 0,
    closeWait: 0,
    sockets: [],
  };
}

test('quiet polls back off to MAX_BACKOFF intervals; a change goes back to the interval', () => {
  const backoff = new PollBackoff();
  const free = portStateKey([report('free')]);
  const waits = Array.from({ length: 7 }, () => backoff.next(3000, free));
  assert.deepEqual(waits, [3000, 6000, 12000, 24000, 48000, 48000, 48000]);
  assert.equal(MAX_BACKOFF, 16);
  assert.equal(backoff.next(3000, portStateKey([report('listening', [42])])), 3000);
  assert.equal(backoff.next(3000, portStateKey([report('listening', [42])])), 6000);
  assert.equal(backoff.next(3000, portStateKey([report('listening', [43])])), 3000, 'another holder is a change');
  backoff.next(3000, portStateKey([report('listening', [43])]));
  backoff.reset();
  assert.equal(backoff.multiple, 1);
});

test('a TIME_WAIT countdown is not a change; its end is', () => {
  assert.equal(portStateKey([report('time-wait', [], 50)]), portStateKey([report('time-wait', [], 47)]));
  assert.notEqual(portStateKey([report('time-wait', [], 1)]), portStateKey([report('free')]));
  assert.notEqual(portStateKey([undefined]), portStateKey([report('free')]));
});
