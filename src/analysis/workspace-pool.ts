// The worker pool of a workspace check: one worker_threads worker per core, each with its own
// web-tree-sitter instance (workspace-pass.ts, the same code the in-process check runs). A pass's
// jobs are sent to each worker once; every thread then claims the next job from a shared counter
// when it is free, so no thread waits for another's queue, and the workers send their outcomes in
// batches: no message per file to wake the main thread. A worker that dies fails only the files it
// held (the one in progress, and those of its batch not sent yet).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { allClaimed } from './workspace-claims';
import type { PassOptions, PassOutcome } from './workspace-pass';

export interface PoolJob {
  file: string;
  /** The text to analyze (an editor buffer, or a file analyzed again); unset: the worker reads the file. */
  text?: string;
  options: PassOptions;
}

/** The jobs of one pass, claimed through `counter` (workspace-claims.ts) by every thread. */
export interface PoolPassRequest {
  pass: number;
  files: string[];
  /** By job index, where the job carries its text. */
  texts?: (string | undefined)[];
  options: PassOptions;
  counter: SharedArrayBuffer;
}

export type PoolReply = { pass: number; outcomes: [number, PassOutcome][]; done: boolean } | { ready: true } | { fatal: string };

/** A pass shared with the pool: every job of `jobs` has the same options. */
export interface SharedPass {
  jobs: readonly PoolJob[];
  /** The pass's claim counter (workspace-claims.ts). */
  counter: Int32Array;
  /** Outcomes from a worker, by job index. */
  onOutcomes(outcomes: [number, PassOutcome][]): void;
  /** A worker was sent the pass. */
  onJoin(): void;
  /** A worker that joined the pass has left it: it ran out of jobs, or died (`lost` is set). */
  onLeave(lost?: string): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** The passes this worker joined and has not finished, by id. */
  passes: Map<number, SharedPass>;
}

/**
 * The worker script: `workspace-worker.js` next to this module, in out/src/analysis/ (tsc) and
 * in dist/ (esbuild bundles it as its own entry). Undefined when it is not there.
 */
export function workerScript(): string | undefined {
  const script = path.join(__dirname, 'workspace-worker.js');
  return fs.existsSync(script) ? script : undefined;
}

export class WorkspacePool {
  private readonly slots: Slot[] = [];
  private closed = false;
  private listeners: (() => void)[] = [];
  private nextPass = 0;
  private current?: { id: number; pass: SharedPass; request: PoolPassRequest };

  private constructor(private readonly script: string) {}

  /** Starts `size` workers; they become ready (grammars compiled) in the background. */
  static start(size: number, script: string): WorkspacePool {
    const pool = new WorkspacePool(script);
    for (let i = 0; i < size; i++) pool.spawn();
    return pool;
  }

  /** Calls `listener` whenever a worker becomes ready, sends outcomes or leaves; returns its removal. */
  onCapacity(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  get ready(): boolean {
    return this.slots.some((s) => s.ready);
  }

  /** Workers still alive (a worker that failed to start is removed). */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Shares `pass` with every ready worker, and with each that becomes ready while jobs are left,
   * until `unshare()`. One pass at a time.
   */
  share(pass: SharedPass): void {
    const first = pass.jobs[0];
    const texts = pass.jobs.some((j) => j.text !== undefined) ? pass.jobs.map((j) => j.text) : undefined;
    const request: PoolPassRequest = {
      pass: this.nextPass++,
      files: pass.jobs.map((j) => j.file),
      ...(texts ? { texts } : {}),
      options: first?.options ?? ({} as PassOptions),
      counter: pass.counter.buffer as SharedArrayBuffer,
    };
    this.current = { id: request.pass, pass, request };
    for (const slot of this.slots) if (slot.ready) this.join(slot);
  }

  /** No worker joins the current pass any more (those that joined finish their jobs). */
  unshare(): void {
    this.current = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private join(slot: Slot): void {
    const current = this.current;
    if (!current || allClaimed(current.pass.counter, current.pass.jobs.length)) return;
    slot.passes.set(current.id, current.pass);
    current.pass.onJoin();
    slot.worker.postMessage(current.request);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private spawn(): void {
    const worker = new Worker(this.script);
    const slot: Slot = { worker, ready: false, passes: new Map() };
    this.slots.push(slot);
    worker.on('message', (reply: PoolReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        this.join(slot);
      } else if ('fatal' in reply) {
        this.drop(slot, reply.fatal);
        void worker.terminate();
      } else {
        const pass = slot.passes.get(reply.pass);
        if (reply.outcomes.length > 0) pass?.onOutcomes(reply.outcomes);
        if (reply.done) {
          slot.passes.delete(reply.pass);
          pass?.onLeave();
        }
      }
      this.notify();
    });
    worker.on('error', (err) => this.drop(slot, err.message));
    worker.on('exit', (code) => this.drop(slot, `exited with code ${code}`));
  }

  /** A worker is gone: the passes it was in learn that the jobs it held are lost; the others carry on. */
  private drop(slot: Slot, reason: string): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    const passes = [...slot.passes.values()];
    slot.passes.clear();
    for (const pass of passes) pass.onLeave(`the analysis worker stopped: ${reason}`);
    if (!this.closed) this.notify();
  }
}

/** The outcome of a job no thread could finish. */
export function failedJob(file: string, reason: string): PassOutcome {
  return { result: { file, findings: [], error: `cannot analyze (${reason})` }, parsed: false };
}
