import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPortReader } from '../../../../src/ports';
import type { PortReader, PortReport } from '../../../../src/ports/model';
import { waitUntilFree } from '../../../../src/ports/restart/wait-for-port';
import { listenOnLoopback } from '../../../shared/loopback';

describe('waiting until a port is free', () => {
  test('a real listener: the wait ends when it closes, when the time is up, or when cancelled', async () => {
    const reader = createPortReader();
    const held = await listenOnLoopback();
    const timeout = await waitUntilFree(reader, held.port, { timeoutMs: 300, pollMs: 50 });
    assert.equal(timeout.result, 'timeout');
    assert.equal(timeout.report?.status, 'listening');

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    const cancelled = await waitUntilFree(reader, held.port, { timeoutMs: 10_000, pollMs: 1000, signal: controller.signal });
    assert.equal(cancelled.result, 'cancelled');
    assert.ok(Date.now() - started < 1000, 'the abort ends the sleep between look-ups');

    setTimeout(() => void held.close(), 200);
    const free = await waitUntilFree(reader, held.port, { timeoutMs: 10_000, pollMs: 50 });
    assert.equal(free.result, 'free');
  });

  test('Windows TIME_WAIT (a restart binds across it) needs no wait', async () => {
    const report = {
      port: 3000,
      protocol: 'tcp',
      status: 'time-wait',
      addresses: [],
      holders: [],
      ownerHidden: false,
      timeWait: { count: 2, remainingSeconds: 120, estimated: true, bindsAcross: true },
      established: 0,
      closeWait: 0,
      sockets: [],
    } satisfies PortReport;
    // netstat cannot run here: a reader that answers what the Windows reader answers for such a port.
    const windows: PortReader = { platform: 'win32', lookup: () => Promise.resolve([report]), clearCache: () => undefined };
    assert.equal((await waitUntilFree(windows, 3000, { timeoutMs: 1000 })).result, 'free');
  });
});
