// Stopping the process that holds a port, safely: plan (for the confirmation modal), then signal.

import { PortReader, StopOutcome, StopPlan, StopSignal, Protocol } from './model';
import { ReaderDeps } from './reader';

export interface StopOptions {
  platform?: NodeJS.Platform;
  /** The port the process holds: checked after it exits, and reported in the outcome. */
  port?: number;
  protocol?: Protocol;
  /** Extra pids to refuse as the editor's own. */
  editorPids?: readonly number[];
  /** How long to wait for the process to exit after a signal. Default 2000 ms. */
  waitMs?: number;
  /** Reader used for the after-check of the port; default a new reader for the platform. */
  reader?: PortReader;
  deps?: ReaderDeps;
}

/** Reads the process and decides whether it may be stopped. Never sends anything. */
export async function planStop(pid: number, opts: StopOptions = {}): Promise<StopPlan> {
  void pid; void opts;
  throw new Error('not implemented');
}

/** Sends `signal` if the plan still holds (same start time, allowed), waits, reports. */
export async function stopProcess(plan: StopPlan, signal: StopSignal, opts: StopOptions = {}): Promise<StopOutcome> {
  void plan; void signal; void opts;
  throw new Error('not implemented');
}

/** Windows: `taskkill /PID n /T` (tree), plus `/F` for the forceful second step. */
export function taskkillArgs(pid: number, signal: StopSignal): string[] {
  const args = ['/PID', String(pid), '/T'];
  if (signal === 'SIGKILL') {
    args.push('/F');
  }
  return args;
}
