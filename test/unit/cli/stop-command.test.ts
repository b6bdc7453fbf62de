import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { runStopCommand } from '../../../src/cli/stop';
import { exited, killAndWait, startProcess } from '../../shared/children';
import { freeLoopbackPort, listenOnLoopback, portInTimeWait } from '../../shared/loopback';
import { REPO_ROOT } from '../../shared/repo-paths';
import { startHolder } from './restart-support';
import { startHandoffHolder } from '../../shared/handoff-holder';
import { startExecHolder } from '../../shared/exec-holder';
import { runCli } from './support';

const CLI = path.join(REPO_ROOT, 'out', 'src', 'cli.js');

async function stop(argv: string[], ask?: (q: string) => Promise<boolean>, waitMs = 400) {
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const code = await runStopCommand(
    argv,
    { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: REPO_ROOT },
    { waitMs, ask: ask && ((q) => (questions.push(q), ask(q))) },
  );
  return { code, stdout, stderr, questions };
}

describe('address-in-use stop', () => {
  test('a holder that ignores SIGTERM: SIGTERM, then the offered SIGKILL; exit 0 and the port is free', async () => {
    const holder = await startHolder({ ignoreSigterm: true });
    const gone = exited(holder.child);
    try {
      const r = await stop([String(holder.port)], () => Promise.resolve(true));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.questions.length, 2, 'asked to stop, then to SIGKILL');
      assert.match(r.questions[0], new RegExp(`Stop process ${holder.child.pid} of root holding port ${holder.port}\\?`));
      assert.match(r.questions[1], new RegExp(`Send SIGKILL to process ${holder.child.pid}`));
      assert.match(r.stdout, /still running 0.4 s after SIGTERM/);
      assert.match(r.stdout, new RegExp(`Process ${holder.child.pid} stopped. Port ${holder.port} is free now.`));
      assert.deepEqual(await gone, { code: null, signal: 'SIGKILL' });
    } finally {
      await killAndWait(holder.child);
    }
  });

  test('--yes answers both questions', async () => {
    const holder = await startHolder({ ignoreSigterm: true });
    const r = await stop([`${holder.port}/tcp`, '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await exited(holder.child)).signal, 'SIGKILL');
  });

  test('declining leaves it running: exit 1', async () => {
    const holder = await startHolder();
    try {
      const r = await stop([String(holder.port)], () => Promise.resolve(false));
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`Process ${holder.child.pid} left running.`));
      assert.equal(holder.child.exitCode, null);
    } finally {
      await killAndWait(holder.child);
    }
  });

  test('without a terminal and without --yes: refuses, sends nothing, exit 2 (a real CLI process, stdin not a TTY)', async () => {
    const holder = await startHolder();
    try {
      const cli = spawn(process.execPath, [CLI, 'stop', String(holder.port)], { stdio: ['pipe', 'pipe', 'pipe'] });
      let err = '';
      cli.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
      assert.equal((await exited(cli)).code, 2, err);
      assert.match(err, /stdin is not a terminal, so I cannot ask before stopping; nothing was sent. Pass --yes/);
      assert.equal(holder.child.exitCode, null, 'the holder still runs');
    } finally {
      await killAndWait(holder.child);
    }
  });

  test("refuses the caller's own process tree: exit 3, nothing sent", async () => {
    // This test process holds the port: it is the CLI's own process (run in-process here).
    const own = await listenOnLoopback();
    try {
      const r = await stop([String(own.port), '--yes']);
      assert.equal(r.code, 3);
      assert.match(r.stderr, new RegExp(`Process ${process.pid} \\(.*\\) runs this command`));
    } finally {
      await own.close();
    }
  });

  test("refuses another user's process: exit 3", async (t) => {
    if (process.getuid?.() !== 0) {
      throw new Error('this test starts a process as user nobody and needs root (run the suite as root, as CI does)');
    }
    const port = await freeLoopbackPort();
    const other = await startProcess(
      process.execPath,
      [
        '-e',
        `const s = require('net').createServer(); s.listen(${port}, '127.0.0.1', () => console.log('ready')); setTimeout(() => process.exit(0), 20000);`,
      ],
      { uid: 65534, gid: 65534 },
    );
    t.after(() => killAndWait(other.child));
    const r = await stop([String(port), '--yes']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /belongs to user nobody, not to you/);
    assert.equal(other.child.exitCode, null);
  });

  test('nothing to stop: a free port, and a port with only TIME_WAIT left (exit 0 both)', async () => {
    const free = await stop([String(await freeLoopbackPort())]);
    assert.equal(free.code, 0);
    assert.match(free.stdout, /Nothing to stop: port \d+ is free/);
    const tw = await stop([String(await portInTimeWait())]);
    assert.equal(tw.code, 0);
    assert.match(tw.stdout, /TIME_WAIT: nobody listens; 1 socket expire in \d+ s/);
    assert.match(tw.stdout, /only TIME_WAIT sockets are left/);
  });

  test('a holder that hands the port to a child on SIGTERM: not done; the child is named and its group offered and stopped', async (t) => {
    const h = await startHandoffHolder();
    t.after(() => h.kill());
    const r = await stop([String(h.port)], () => Promise.resolve(true), 10_000);
    const still = new RegExp(`Process ${h.child.pid} stopped, but port ${h.port} is still held by python3 \\(pid (\\d+)\\): `);
    assert.match(r.stderr, still);
    const childPid = still.exec(r.stderr)![1];
    assert.equal(r.questions.length, 2, r.questions.join('\n---\n'));
    assert.match(
      r.questions[1],
      new RegExp(`^Stop its whole process group ${h.child.pid} \\(1 process\\)\\?\\npid ${childPid} \\(root\\): `),
    );
    assert.match(r.stdout, new RegExp(`Process group ${h.child.pid} stopped. Port ${h.port} is free now.`));
    assert.doesNotMatch(r.stdout, new RegExp(`Process ${h.child.pid} stopped`), "the parent's stop is not reported as done");
    assert.equal(r.code, 0, r.stderr);
  });

  test('the group declined, the child that holds the port offered by itself; declined too: exit 1', async (t) => {
    const h = await startHandoffHolder();
    t.after(() => h.kill());
    const answers = [true, false, false];
    const r = await stop([String(h.port)], () => Promise.resolve(answers.shift()!), 10_000);
    assert.equal(r.questions.length, 3, r.questions.join('\n---\n'));
    assert.match(r.questions[2], new RegExp(`^Stop process (\\d+) of root holding port ${h.port}\\?`));
    assert.match(r.stdout, /Process \d+ left running./);
    assert.equal(r.code, 1, 'the port is still held');
  });

  test('--yes never stops a group: it stops the child that holds the port', async (t) => {
    const h = await startHandoffHolder();
    t.after(() => h.kill());
    const r = await stop([String(h.port), '--yes'], undefined, 10_000);
    assert.match(r.stderr, /still held by python3/);
    assert.match(r.stdout, new RegExp(`Process \\d+ stopped. Port ${h.port} is free now.`));
    assert.doesNotMatch(r.stdout + r.stderr, /process group/i);
    assert.equal(r.code, 0, r.stderr);
  });

  test('the holder exec()s another program after the confirmation: nothing is sent, the user is told; exit 0 as the port is free', async (t) => {
    const holder = await startExecHolder(30);
    const { child, pid } = holder;
    const line = String(holder.port);
    t.after(() => killAndWait(child));
    const r = await stop([line], async () => {
      // Answered yes, and the holder changes before the signal goes out.
      await holder.exec();
      return true;
    });
    assert.equal(
      r.stderr,
      `Process ${pid} is no longer the holder of port ${line}: it still runs (sleep 30) but no longer has the socket it held there. Nothing was sent. Port ${line} is free now.\n`,
    );
    assert.equal(r.questions.length, 1);
    assert.equal(child.signalCode, null, 'nothing was signalled');
    assert.equal(r.code, 0);
  });

  test('bad usage: exit 2', async () => {
    for (const argv of [['stop'], ['stop', 'x'], ['stop', '1', '2'], ['stop', '--force', '3000']]) {
      const r = await runCli(argv, REPO_ROOT);
      assert.equal(r.code, 2, argv.join(' '));
    }
    assert.equal(await main(['stop', '--help'], { stdout: () => undefined, stderr: () => undefined, cwd: REPO_ROOT }), 0);
  });
});
