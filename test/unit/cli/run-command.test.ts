import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { exited, killAndWait } from '../../shared/children';
import { freeLoopbackPort } from '../../shared/loopback';
import { REPO_ROOT } from '../../shared/repo-paths';
import { perrorBinary, startHolder } from './restart-support';
import { runCli } from './support';

const CLI = path.join(REPO_ROOT, 'out', 'src', 'cli.js');
const nodeListen = (port: number) => [process.execPath, '-e', `require('net').createServer().listen(${port}, '127.0.0.1')`];

describe('address-in-use run', () => {
  test("a Node failure: the port named in the message and who holds it; the exit status is the command's", async () => {
    const holder = await startHolder();
    try {
      const r = await runCli(['run', '--', ...nodeListen(holder.port)], REPO_ROOT);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /listen EADDRINUSE/, "the command's own output passes through");
      assert.match(r.stderr, new RegExp(`port ${holder.port}: named in the message`));
      assert.match(r.stderr, new RegExp(`pid ${holder.child.pid} root.*: ${process.execPath} -e`));
    } finally {
      await killAndWait(holder.child);
    }
  });

  test('C perror names no port: it is read from the command line', async () => {
    const [bind, holder] = await Promise.all([perrorBinary(), startHolder()]);
    try {
      const r = await runCli(['run', '--', bind, String(holder.port)], REPO_ROOT);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /\(c\): bind: Address already in use/);
      assert.match(r.stderr, new RegExp(`port ${holder.port}: from the command line \\(the argument ${holder.port}\\)`));
      assert.match(r.stderr, new RegExp(`pid ${holder.child.pid} `));
    } finally {
      await killAndWait(holder.child);
    }
  });

  test('--wait: the holder exits, the port is free, the command runs again and its status is returned', async () => {
    const [bind, holder] = await Promise.all([perrorBinary(), startHolder()]);
    setTimeout(() => holder.child.kill('SIGTERM'), 800);
    try {
      const r = await runCli(['run', '--wait', '--timeout', '20', '--', bind, String(holder.port)], REPO_ROOT);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`waiting for port ${holder.port} to be free \\(at most 20 s; Ctrl\\+C ends the wait\\)`));
      assert.match(r.stderr, new RegExp(`port ${holder.port} is free: running the command again`));
    } finally {
      await killAndWait(holder.child);
    }
  });

  test('--wait is bounded: still taken after --timeout, not run again, the first status returned', async () => {
    const [bind, holder] = await Promise.all([perrorBinary(), startHolder()]);
    try {
      const r = await runCli(['run', '--wait', '--timeout=1', '--', bind, String(holder.port)], REPO_ROOT);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`port ${holder.port} is still taken after 1 s; the command was not run again`));
      assert.equal(r.stderr.match(/^bind: Address already in use$/gm)?.length, 1, 'ran once');
    } finally {
      await killAndWait(holder.child);
    }
  });

  test("Ctrl+C ends the wait (a real SIGINT to the CLI process); the status is the command's", async () => {
    const [bind, holder] = await Promise.all([perrorBinary(), startHolder()]);
    try {
      const cli = spawn(process.execPath, [CLI, 'run', '--wait', '--', bind, String(holder.port)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      cli.stderr.setEncoding('utf8').on('data', (s: string) => {
        err += s;
        if (s.includes('waiting for port')) cli.kill('SIGINT');
      });
      const status = await exited(cli);
      assert.deepEqual(status, { code: 1, signal: null }, err);
      assert.match(err, /wait ended \(Ctrl\+C\); the command was not run again/);
    } finally {
      await killAndWait(holder.child);
    }
  });

  test('other failures and successes pass through untouched; a missing command is 127; bad usage 2', async () => {
    const ok = await runCli(['run', '--', 'sh', '-c', 'echo hi; exit 7'], REPO_ROOT);
    assert.deepEqual([ok.code, ok.stdout, ok.stderr], [7, 'hi\n', '']);
    const port = await freeLoopbackPort();
    const fine = await runCli(
      [
        'run',
        '--',
        ...nodeListen(port).slice(0, 2),
        `require('net').createServer().listen(${port}, '127.0.0.1', function () { this.close(); })`,
      ],
      REPO_ROOT,
    );
    assert.deepEqual([fine.code, fine.stderr], [0, '']);
    const missing = await runCli(['run', '--', 'no-such-command-here'], REPO_ROOT);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /cannot run 'no-such-command-here'/);
    for (const argv of [
      ['run'],
      ['run', '--port', 'x', '--', 'true'],
      ['run', '--timeout', '0', '--', 'true'],
      ['run', '--bogus', '--', 'true'],
    ]) {
      assert.equal((await runCli(argv, REPO_ROOT)).code, 2, argv.join(' '));
    }
  });
});
