// Child processes for the port tests (unit, end-to-end and real-host): real programs that hold
// real ports. Every start is bounded in time, and a `node` child ends with this process (its
// stdin closes), so a crashed test run leaves no listener behind.
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

const READY_TIMEOUT_MS = 10_000;

/** Makes a `node -e` child exit when its parent is gone: the parent end of its stdin closes. */
const LIFELINE = "process.stdin.on('end', () => process.exit(0)); process.stdin.resume();";

export interface ReadyChild {
  child: ChildProcess;
  /** The first line the child printed (scripts print when they are ready). */
  line: string;
}

/** Starts `file args`; resolves with the child and its first stdout line. */
export function startProcess(file: string, args: string[], options: SpawnOptions = {}): Promise<ReadyChild> {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not get ready in ${READY_TIMEOUT_MS / 1000} s; stderr: ${err}`));
    }, READY_TIMEOUT_MS);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ child, line: out.slice(0, nl) });
      }
    });
    // 'close', not 'exit': a child that prints and exits at once may exit before its output is
    // read, and 'close' comes only after the last of it.
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}) before getting ready; stderr: ${err}`));
    });
    // A program that cannot be started (ENOENT, EACCES) is an 'error' event, never an 'exit'.
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${file} could not be started: ${e.message}`));
    });
  });
}

/**
 * Starts `node -e script`. In desktop VS Code's extension host process.execPath is Electron:
 * ELECTRON_RUN_AS_NODE makes it plain Node (node itself ignores the variable). `pin` keeps it on
 * one CPU (taskset, Linux).
 */
export function startNode(script: string, options: SpawnOptions = {}, pin?: { cpu: number }): Promise<ReadyChild> {
  const node = [process.execPath, '-e', `${LIFELINE}\n${script}`];
  // taskset execs node: the child's pid is node's.
  const [file, ...args] = pin ? ['taskset', '-c', String(pin.cpu), ...node] : node;
  return startProcess(file, args, {
    ...options,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<ExitStatus> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
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
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}
