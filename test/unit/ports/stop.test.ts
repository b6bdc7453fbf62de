import * as os from 'node:os';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { planGroupStop, planStop, stopGroup, stopProcess, taskkillArgs } from '../../../src/ports';
import { exited, killAndWait, startNode, startProcess } from './helpers';
import { startExecHolder } from '../../shared/exec-holder';

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

/** Alive and not a zombie (an orphan's zombie stays until init reaps it, and pid 1 here may not). */
const running = (pid: number) => {
  try {
    return !/^\d+ \(.*\) [ZX] /.test(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
};

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** `sh -c 'node -e LISTENER; echo wrapper-done'`: the shell stays as the parent; its node child holds the port and prints "pid port". */
function startWrapper(detached: boolean) {
  // No stdin lifeline: Node closes its end of the wrapper's stdin when the wrapper exits. A timer bounds the child instead.
  const script = `setTimeout(() => process.exit(0), 30_000); process.on('SIGTERM', () => process.exit(0));
    const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(process.pid + ' ' + s.address().port));`;
  return startProcess('/bin/sh', ['-c', '"$0" -e "$1"; echo wrapper-done', process.execPath, script], {
    detached,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

describe('stopping: the holder changes between confirmation and signal', { timeout: 60_000 }, () => {
  test('the holder exec()s another program (same pid and start time, its socket closed): nothing is sent', async () => {
    const holder = await startExecHolder(30);
    const { child, port } = holder;
    try {
      const plan = await planStop(child.pid!, { port });
      assert.equal(plan.refusal, undefined, plan.message);
      assert.equal(plan.inodes?.length, 1, 'the plan records the socket it holds on the port');
      await holder.exec();
      const outcome = await stopProcess(plan, 'SIGTERM', { port });
      assert.equal(outcome.result, 'refused', outcome.message);
      assert.equal(outcome.refusal, 'not-holder');
      assert.match(
        outcome.message,
        new RegExp(
          `^Process ${child.pid} is no longer the holder of port ${port}: it still runs \\(sleep 30\\) but no longer has the socket it held there. Nothing was sent. Port ${port} is free now.$`,
        ),
      );
      assert.ok(alive(child.pid!), 'nothing was signalled');
      assert.equal(child.signalCode, null);
    } finally {
      await killAndWait(child);
    }
  });

  test('the holder exits and another process takes the port: nothing is sent, the new holder is named', async () => {
    const first = await startNode(LISTENER());
    const port = Number(first.line);
    const plan = await planStop(first.child.pid!, { port });
    assert.equal(plan.refusal, undefined, plan.message);
    await killAndWait(first.child);
    const second = await startNode(
      `const s = require('net').createServer().listen(${port}, '127.0.0.1', () => console.log(process.pid));`,
    );
    try {
      const outcome = await stopProcess(plan, 'SIGTERM', { port });
      assert.equal(outcome.result, 'refused', outcome.message);
      assert.equal(outcome.refusal, 'not-found');
      assert.match(
        outcome.message,
        new RegExp(
          `^Process ${first.child.pid} has already exited, so it is no longer the holder of port ${port}; nothing was sent. Port ${port} is still held by node \\(pid ${second.child.pid}\\): `,
        ),
      );
      assert.ok(alive(second.child.pid!), 'the new holder was not signalled');
    } finally {
      await killAndWait(second.child);
    }
  });
});

describe('stopping: a wrapper whose child keeps the port', { timeout: 60_000 }, () => {
  test('stopping the wrapper shell is not "done": the child still holding the port is named and its group offered', async () => {
    // detached: the wrapper leads its own process group, as a terminal job does.
    const { child: sh, line } = await startWrapper(true);
    const [childPid, port] = line.split(' ').map(Number);
    try {
      const plan = await planStop(sh.pid!, { port });
      assert.equal(plan.refusal, undefined, plan.message);
      assert.equal(plan.pgid, sh.pid);
      assert.deepEqual(plan.inodes, [], 'the shell itself holds no socket on the port');
      assert.match(plan.message, new RegExp(`\\(it does not hold port ${port} itself\\)\\?`));

      const outcome = await stopProcess(plan, 'SIGTERM', { port });
      assert.equal(outcome.result, 'port-still-held', outcome.message);
      assert.equal((await exited(sh)).signal, 'SIGTERM');
      assert.match(
        outcome.message,
        new RegExp(
          `^Process ${sh.pid} stopped, but port ${port} is still held by node \\(pid ${childPid}\\): ${process.execPath} -e `,
        ),
      );
      assert.doesNotMatch(outcome.message, /free now/);
      assert.deepEqual(
        outcome.port?.holders.map((h) => h.pid),
        [childPid],
      );
      assert.equal(outcome.group, sh.pid, "the child is in the stopped wrapper's group");
      assert.ok(alive(childPid));

      const group = await planGroupStop(outcome.group!, { port });
      assert.equal(group.refusal, undefined, group.message);
      assert.deepEqual(
        group.members.map((m) => m.pid),
        [childPid],
      );
      assert.match(group.message, new RegExp(`^Stop process group ${sh.pid} \\(1 process\\)\\?\\npid ${childPid} \\(root\\): `));
      const stopped = await stopGroup(group, 'SIGTERM', { port });
      assert.equal(stopped.result, 'stopped', stopped.message);
      assert.equal(stopped.message, `Process group ${sh.pid} stopped. Port ${port} is free now.`);
      assert.ok(!running(childPid), 'the child has exited');
    } finally {
      killGroup(sh.pid!);
    }
  });

  test("a wrapper started without its own group shares this process's group: the group is refused", async () => {
    const { child: sh, line } = await startWrapper(false);
    const [childPid, port] = line.split(' ').map(Number);
    try {
      const outcome = await stopProcess(await planStop(sh.pid!, { port }), 'SIGTERM', { port });
      assert.equal(outcome.result, 'port-still-held', outcome.message);
      assert.equal(typeof outcome.group, 'number', "the child is in the wrapper's group (this process's)");
      const group = await planGroupStop(outcome.group!, { port });
      assert.equal(group.refusal, 'editor-process', group.message);
      assert.match(
        group.message,
        new RegExp(`^Process group ${outcome.group} includes process \\d+ \\(.*\\), this editor's own process`),
      );
      assert.equal((await stopGroup(group, 'SIGTERM')).result, 'refused');
      assert.ok(alive(childPid), 'nothing was sent to the group');
      assert.ok(alive(process.pid));
    } finally {
      try {
        process.kill(childPid, 'SIGKILL');
      } catch {
        // gone
      }
      await killAndWait(sh);
    }
  });

  test('a group that ignores SIGTERM: still-running, and SIGKILL only on the second call', async () => {
    const trap = `process.stdin.resume(); process.on('SIGTERM', () => {});
      const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port));`;
    const { child, line } = await startProcess(process.execPath, ['-e', trap], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const port = Number(line);
    try {
      const group = await planGroupStop(child.pid!, { port });
      assert.equal(group.refusal, undefined, group.message);
      const term = await stopGroup(group, 'SIGTERM', { port, waitMs: 300 });
      assert.equal(term.result, 'still-running', term.message);
      assert.equal(
        term.message,
        `Process group ${child.pid} is still running 0.3 s after SIGTERM: node (pid ${child.pid}). Send SIGKILL to force them?`,
      );
      assert.ok(alive(child.pid!));
      const kill = await stopGroup(group, 'SIGKILL', { port });
      assert.equal(kill.result, 'stopped', kill.message);
      assert.equal((await exited(child)).signal, 'SIGKILL');
    } finally {
      killGroup(child.pid!);
    }
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
