import * as os from 'node:os';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { planStop, stopProcess, taskkillArgs } from '../../../src/ports';
import { exited, killAndWait, startNode } from './helpers';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const LISTENER = (extra = '') =>
  `${extra}; const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port));`;

describe('stopping a process safely', { timeout: 60_000 }, () => {
  test('a child that exits on SIGTERM: planned, stopped, the port is free afterwards', async () => {
    const { child, line } = await startNode(LISTENER());
    const port = Number(line);
    try {
      const plan = await planStop(child.pid!, { port });
      assert.equal(plan.refusal, undefined, plan.message);
      assert.equal(plan.pid, child.pid);
      assert.equal(
        plan.user,
        os.userInfo().username,
        'the holder is this test process, so its user is the one running the tests',
      );
      assert.ok(plan.command.startsWith(`${process.execPath} -e`), plan.command);
      assert.ok(plan.startTime! > 0);
      assert.match(plan.message, new RegExp(`Stop process ${child.pid} of root holding port ${port}\\?`));

      const outcome = await stopProcess(plan, 'SIGTERM', { port });
      assert.equal(outcome.result, 'stopped', outcome.message);
      assert.equal(outcome.port?.status, 'free');
      assert.match(outcome.message, new RegExp(`Port ${port} is free now`));
      await exited(child);
      assert.equal(child.signalCode, 'SIGTERM');
    } finally {
      await killAndWait(child);
    }
  });

  test('a child that ignores SIGTERM: still-running, then SIGKILL stops it', async () => {
    const { child, line } = await startNode(LISTENER(`process.on('SIGTERM', () => {})`));
    const port = Number(line);
    try {
      const plan = await planStop(child.pid!, { port });
      const term = await stopProcess(plan, 'SIGTERM', { waitMs: 300 });
      assert.equal(term.result, 'still-running', term.message);
      assert.match(term.message, /SIGKILL/);
      assert.ok(alive(child.pid!));

      const kill = await stopProcess(plan, 'SIGKILL');
      assert.equal(kill.result, 'stopped', kill.message);
      assert.equal(kill.port?.status, 'free');
      await exited(child);
      assert.equal(child.signalCode, 'SIGKILL');
    } finally {
      await killAndWait(child);
    }
  });

  test('pid reuse: a plan whose start time no longer matches sends nothing', async () => {
    const { child } = await startNode(LISTENER());
    try {
      const plan = await planStop(child.pid!);
      assert.equal(plan.refusal, undefined);
      // The pid now names "another" process: the one recorded started 10 s earlier.
      const stale = { ...plan, startTime: plan.startTime! - 10_000 };
      const outcome = await stopProcess(stale, 'SIGTERM');
      assert.equal(outcome.result, 'refused');
      assert.equal(outcome.refusal, 'pid-reused');
      assert.match(outcome.message, /no longer the one/);
      assert.ok(alive(child.pid!), 'the process was not signalled');
    } finally {
      await killAndWait(child);
    }
  });

  test('refusals: pid 0 and 1, this process, its parent, extra editor pids', async () => {
    for (const pid of [0, 1]) {
      const plan = await planStop(pid);
      assert.equal(plan.refusal, 'system-process', `pid ${pid}`);
      const outcome = await stopProcess(plan, 'SIGKILL');
      assert.equal(outcome.result, 'refused');
    }
    assert.equal((await planStop(4, { platform: 'linux' })).refusal === 'system-process', false, 'pid 4 is ordinary on Linux');
    for (const pid of [process.pid, process.ppid]) {
      const plan = await planStop(pid);
      assert.equal(plan.refusal, 'editor-process', `pid ${pid}`);
      assert.match(plan.message, /editor/);
    }
    const { child } = await startNode(LISTENER());
    try {
      const plan = await planStop(child.pid!, { editorPids: [child.pid!] });
      assert.equal(plan.refusal, 'editor-process');
      assert.equal((await stopProcess(plan, 'SIGTERM')).result, 'refused');
      assert.ok(alive(child.pid!));
    } finally {
      await killAndWait(child);
    }
  });

  test("another user's process is refused, with the reason", async () => {
    if (process.getuid?.() !== 0) {
      throw new Error('this test starts a process as nobody and must run as root');
    }
    const { child } = await startNode(LISTENER(), { uid: 65534, gid: 65534, cwd: '/' });
    try {
      const plan = await planStop(child.pid!);
      assert.equal(plan.refusal, 'other-user');
      assert.equal(plan.user, 'nobody');
      assert.match(plan.message, /belongs to user nobody/);
      assert.equal((await stopProcess(plan, 'SIGTERM')).result, 'refused');
      assert.ok(alive(child.pid!));
    } finally {
      await killAndWait(child);
    }
  });

  test('a process that already exited: not-found', async () => {
    const { child } = await startNode(LISTENER());
    const pid = child.pid!;
    const plan = await planStop(pid);
    await killAndWait(child);
    const outcome = await stopProcess(plan, 'SIGTERM');
    assert.equal(outcome.refusal, 'not-found');
    assert.equal((await planStop(pid)).refusal, 'not-found');
  });
});

describe('Windows stop (argument building; taskkill cannot run here)', () => {
  test('taskkill /PID n /T, forced with /F', () => {
    assert.deepEqual(taskkillArgs(1234, 'SIGTERM'), ['/PID', '1234', '/T']);
    assert.deepEqual(taskkillArgs(1234, 'SIGKILL'), ['/PID', '1234', '/T', '/F']);
  });

  test('plan and stop through tasklist and taskkill, pid 4 refused', async () => {
    let running = true;
    const calls: string[][] = [];
    const execFile = async (file: string, args: readonly string[]) => {
      calls.push([file, ...args]);
      if (file === 'tasklist') {
        return running
          ? '"node.exe","14820","Console","1","48,332 K"\r\n'
          : 'INFO: No tasks are running which match the specified criteria.\r\n';
      }
      if (file === 'taskkill') {
        running = false;
        return 'SUCCESS: Sent termination signal to the process with PID 14820.\r\n';
      }
      throw new Error(`unexpected ${file}`);
    };
    assert.equal((await planStop(4, { platform: 'win32', deps: { execFile } })).refusal, 'system-process');
    const plan = await planStop(14820, { platform: 'win32', deps: { execFile } });
    assert.equal(plan.refusal, undefined, plan.message);
    assert.equal(plan.name, 'node.exe');
    const outcome = await stopProcess(plan, 'SIGTERM', { platform: 'win32', deps: { execFile } });
    assert.equal(outcome.result, 'stopped');
    assert.deepEqual(
      calls.find((c) => c[0] === 'taskkill'),
      ['taskkill', '/PID', '14820', '/T'],
    );
    assert.deepEqual(calls[0], ['tasklist', '/FI', 'PID eq 14820', '/FO', 'CSV', '/NH']);
  });
});
