// For real, on 127.0.0.1 and in a temp folder: what the warnings predict happens, and the
// quick fixes' code makes it stop happening. Programs run as child processes (bounded: each
// waits at most WAIT_MS for its first line of output, and every child is killed at the end).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../../../src/analysis/text';
import { FIXTURES, analyze } from './harness';

const WAIT_MS = 30_000;
const children: ChildProcess[] = [];
const tempDirs: string[] = [];

after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-js-real-'));
  tempDirs.push(dir);
  return dir;
}

/** Starts `node file ...args` and resolves with the child and its first line of output. */
function start(file: string, args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [file, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`${path.basename(file)} printed nothing within ${WAIT_MS} ms; stderr: ${err}`)),
      WAIT_MS,
    );
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ child, line: out.slice(0, nl) });
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!out.includes('\n'))
        reject(new Error(`${path.basename(file)} exited (${code ?? signal}) before printing; stderr: ${err}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function bindUdp(options: dgram.SocketOptions, port: number): Promise<{ socket: dgram.Socket; error?: NodeJS.ErrnoException }> {
  const socket = dgram.createSocket(options);
  return new Promise((resolve) => {
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ socket, error }));
    socket.bind(port, '127.0.0.1', () => resolve({ socket }));
  });
}

/** The fixture, its single expected finding, and the text after that finding's preferred fix. */
async function fixtureAndFix(name: string, rule: string): Promise<{ original: string; fixed: string }> {
  const file = path.join(FIXTURES, 'real', name);
  const original = fs.readFileSync(file, 'utf8');
  const result = await analyze(file, original);
  assert.deepEqual(
    result.findings.map((f) => f.rule),
    [rule],
  );
  const fix = result.findings[0].fixes.find((f) => f.isPreferred);
  assert.ok(fix, 'a preferred fix');
  const fixed = applyEdits(original, fix.edits);
  assert.deepEqual((await analyze(file, fixed)).findings, [], 'nothing left after the fix');
  return { original, fixed };
}

describe('dgram on 127.0.0.1', () => {
  test('two sockets on one port: EADDRINUSE without reuseAddr, both bind with it', async () => {
    const port = await freeUdpPort();
    const first = await bindUdp({ type: 'udp4' }, port);
    assert.equal(first.error, undefined);
    const second = await bindUdp({ type: 'udp4' }, port);
    assert.equal(second.error?.code, 'EADDRINUSE');
    first.socket.close();
    second.socket.close();

    const a = await bindUdp({ type: 'udp4', reuseAddr: true }, port);
    const b = await bindUdp({ type: 'udp4', reuseAddr: true }, port);
    assert.equal(a.error, undefined);
    assert.equal(b.error, undefined);
    a.socket.close();
    b.socket.close();
  });

  test("the flagged receiver can't run twice; after the quick fix two copies run side by side", async () => {
    const { original, fixed } = await fixtureAndFix('multicast-receiver.cjs', 'dgram-missing-reuseaddr');
    assert.match(fixed, /createSocket\(\{ type: 'udp4', reuseAddr: true \}\)/);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'original.cjs'), original);
    fs.writeFileSync(path.join(dir, 'fixed.cjs'), fixed);

    const port = String(await freeUdpPort());
    const first = await start(path.join(dir, 'original.cjs'), [port]);
    assert.equal(first.line, 'BOUND');
    const second = await start(path.join(dir, 'original.cjs'), [port]);
    assert.equal(second.line, 'ERROR EADDRINUSE');
    first.child.stdin!.end();
    await exited(first.child);

    const [x, y] = await Promise.all([start(path.join(dir, 'fixed.cjs'), [port]), start(path.join(dir, 'fixed.cjs'), [port])]);
    assert.equal(x.line, 'BOUND');
    assert.equal(y.line, 'BOUND');
    x.child.stdin!.end();
    y.child.stdin!.end();
    await Promise.all([exited(x.child), exited(y.child)]);
  });
});

describe('Unix-domain socket server in a temp folder', () => {
  test('SIGKILL leaves the socket file, a restart fails with EADDRINUSE, the fixed code restarts', async () => {
    const { original, fixed } = await fixtureAndFix('unix-server.cjs', 'unix-socket-stale');
    assert.match(fixed, /fs\.rmSync\(socketPath, \{ force: true \}\);\nserver\.listen\(socketPath/);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'original.cjs'), original);
    fs.writeFileSync(path.join(dir, 'fixed.cjs'), fixed);
    const socketFile = path.join(dir, 'server.sock');

    const first = await start(path.join(dir, 'original.cjs'), [dir]);
    assert.equal(first.line, 'LISTENING');
    first.child.kill('SIGKILL');
    await exited(first.child);
    assert.ok(fs.lstatSync(socketFile).isSocket(), 'the killed server left its socket file');

    const restart = await start(path.join(dir, 'original.cjs'), [dir]);
    assert.equal(restart.line, 'ERROR EADDRINUSE');
    await exited(restart.child);

    const fixedRun = await start(path.join(dir, 'fixed.cjs'), [dir]);
    assert.equal(fixedRun.line, 'LISTENING');
    fixedRun.child.kill('SIGKILL');
    await exited(fixedRun.child);
  });
});
