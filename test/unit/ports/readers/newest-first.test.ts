// The owner walk looks at processes newest first, across a wrap of the pid counter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'fs';
import { ProcFs } from '../../../../src/ports/readers/procfs';
import { newestFirst } from '../../../../src/ports/readers/socket-owners';

test('pids given out after the wrap (at or below the last one) come first, each part newest first', () => {
  assert.deepEqual(newestFirst([1, 5, 300, 31000, 32000], 300), [300, 5, 1, 32000, 31000]);
  assert.deepEqual(newestFirst([1, 5, 300], 299), [5, 1, 300]);
  assert.deepEqual(newestFirst([1, 5, 300], undefined), [300, 5, 1], 'no last pid: descending');
});

test('the last pid is read from /proc/loadavg, and is a pid this machine can give out', async () => {
  const last = await new ProcFs().lastPid();
  const max = Number(readFileSync('/proc/sys/kernel/pid_max', 'latin1'));
  assert.ok(Number.isInteger(last) && last! >= 1 && last! <= max, `last pid ${last} (pid_max ${max})`);
  assert.equal(await new ProcFs('/nonexistent').lastPid(), undefined);
});
