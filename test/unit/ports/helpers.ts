// Shared helpers of the port-holder tests: fixtures, child processes, sockets.

import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import * as path from 'path';

export function fixturePath(...parts: string[]): string {
  // out/test/unit/ports/x.test.js -> test/fixtures/ports/...
  return path.join(__dirname, '../../../../test/fixtures/ports', ...parts);
}

/** Starts `node -e script`; resolves with the child and its first stdout line (scripts print when ready). */
export function startNode(script: string, options: SpawnOptions = {}): Promise<{ child: ChildProcess; line: string }> {
  return startProcess(process.execPath, ['-e', script], options);
}

export function startProcess(file: string, args: string[], options: SpawnOptions = {}): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not get ready in 10 s; stderr: ${err}`));
    }, 10_000);
    child.stderr!.on('data', d => (err += d));
    child.stdout!.on('data', d => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ child, line: out.slice(0, nl) });
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}) before getting ready; stderr: ${err}`));
    });
    // A program that cannot be started (ENOENT, EACCES) is an 'error' event, never an 'exit'.
    child.on('error', e => {
      clearTimeout(timer);
      reject(new Error(`${file} could not be started: ${e.message}`));
    });
  });
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => child.once('exit', () => resolve()));
}

export async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
  }
  await exited(child);
}

/** Runs a program to completion and returns its stdout, failing with stderr on a non-zero exit. */
export function run(file: string, args: string[], options: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let err = '';
    child.stdout!.on('data', d => (out += d));
    child.stderr!.on('data', d => (err += d));
    child.on('error', reject);
    child.on('exit', code => (code === 0 ? resolve(out) : reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${err}`))));
  });
}
