// Child processes for the end-to-end scenario: compile with gcc, run the server, talk to it.
// Every child and socket is bounded in time; traffic goes to 127.0.0.1 only.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { gcc } from '../../shared/gcc';

export { freeLoopbackPort } from '../../shared/loopback';

export const CHILD_TIMEOUT_MS = 10_000;

/** Builds the server; a missing gcc fails with how to install it. */
export function compile(source: string, binary: string): Promise<void> {
  return gcc(['-Wall', '-o', binary, source], 'for the end-to-end test');
}

export interface ServerRun {
  /** Resolves once the server printed its "listening" line, or rejects when it exited first. */
  listening: Promise<void>;
  /** Exit code (null when killed) and what it printed. */
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Starts the compiled server on `port` (or an interpreter with `args` before the port); it is
 * killed if it runs longer than CHILD_TIMEOUT_MS.
 */
export function startServer(binary: string, port: number, args: string[] = []): ServerRun {
  const child = spawn(binary, [...args, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  const listening = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('listening on')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    exited.then((r) => reject(new Error(`server exited with ${r.code} before listening: ${r.stderr.trim()}`)), reject);
  });
  listening.catch(() => undefined); // callers that expect a failure only await `exited`
  return { listening, exited };
}

/** Connects to 127.0.0.1:`port`, reads until the server closes, then closes too. */
export function readUntilServerCloses(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let data = '';
    socket.setTimeout(CHILD_TIMEOUT_MS, () => socket.destroy(new Error('no answer from the server in time')));
    socket.on('data', (chunk) => {
      data += chunk.toString();
    });
    // The server's FIN arrives first; ending our side afterwards leaves TIME_WAIT on the server's port.
    socket.on('end', () => socket.end());
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

/** One full session with a server: it listens, serves us (its answer holds `greeting`), closes first, exits 0. */
export async function serveOnce(command: string, args: string[], port: number, greeting: string, label: string): Promise<void> {
  const run = startServer(command, port, args);
  await run.listening;
  const answer = await readUntilServerCloses(port);
  assert.ok(answer.includes(greeting), `${label}: the server answered ${JSON.stringify(answer)}`);
  const { code, stderr } = await run.exited;
  assert.equal(code, 0, `${label}: the server exited with ${code}: ${stderr}`);
}
