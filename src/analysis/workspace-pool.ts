// The worker pool of a workspace check: one worker_threads worker per core, each with its own
// web-tree-sitter instance, analyzing one file per job (workspace-pass.ts, the same code the
// in-process check runs). A few jobs are kept in flight per worker so its next read overlaps
// the main thread's message handling. A worker that dies fails only its jobs in flight.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PassOptions, PassOutcome } from './workspace-pass';

export interface PoolJob {
  file: string;
  /** The text to analyze (an editor buffer, or a file analyzed again); unset: the worker reads the file. */
  text?: string;
  options: PassOptions;
}

/**
 * A job names its options by number: they are the same for every file of a pass, and sending
 * the context with each file cost the main thread a structured clone per file.
 */
export type PoolRequest =
  { id: number; file: string; text?: string; optionsId: number } | { optionsId: number; options: PassOptions };

export type PoolReply = { id: number; outcome: PassOutcome } | { ready: true } | { fatal: string };

/**
 * Jobs in flight per worker: enough to hide a message round trip, few enough that the last
 * files are shared evenly (this thread waits for a worker's queue at the end of a pass).
 */
const IN_FLIGHT = 2;

interface Pending {
  job: PoolJob;
  resolve: (outcome: PassOutcome) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  inFlight: Map<number, Pending>;
  /** Options already sent to this worker, by id. */
  options: Set<number>;
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
  private nextId = 0;
  private closed = false;
  private listeners: (() => void)[] = [];
  private readonly optionIds = new Map<PassOptions, number>();

  private constructor(private readonly script: string) {}

  /** Starts `size` workers; they become ready (grammars compiled) in the background. */
  static start(size: number, script: string): WorkspacePool {
    const pool = new WorkspacePool(script);
    for (let i = 0; i < size; i++) pool.spawn();
    return pool;
  }

  /** Called whenever a worker becomes ready or finishes a job: a free slot may be open. */
  onCapacity(listener: () => void): void {
    this.listeners.push(listener);
  }

  get ready(): boolean {
    return this.slots.some((s) => s.ready);
  }

  /** Workers still alive (a worker that failed to start is removed). */
  get size(): number {
    return this.slots.length;
  }

  hasFreeSlot(): boolean {
    return this.slots.some((s) => s.ready && s.inFlight.size < IN_FLIGHT);
  }

  /** Runs `job` on the least busy ready worker; call only when `hasFreeSlot()`. Never rejects. */
  submit(job: PoolJob): Promise<PassOutcome> {
    let best: Slot | undefined;
    for (const s of this.slots) if (s.ready && (!best || s.inFlight.size < best.inFlight.size)) best = s;
    if (!best) return Promise.resolve(failed(job, 'no analysis worker is running'));
    const slot = best;
    const id = this.nextId++;
    let optionsId = this.optionIds.get(job.options);
    if (optionsId === undefined) this.optionIds.set(job.options, (optionsId = this.optionIds.size));
    if (!slot.options.has(optionsId)) {
      slot.worker.postMessage({ optionsId, options: job.options } satisfies PoolRequest);
      slot.options.add(optionsId);
    }
    return new Promise((resolve) => {
      slot.inFlight.set(id, { job, resolve });
      const request: PoolRequest = { id, file: job.file, optionsId };
      if (job.text !== undefined) request.text = job.text;
      slot.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private spawn(): void {
    const worker = new Worker(this.script);
    const slot: Slot = { worker, ready: false, inFlight: new Map(), options: new Set() };
    this.slots.push(slot);
    worker.on('message', (reply: PoolReply) => {
      if ('ready' in reply) {
        slot.ready = true;
      } else if ('fatal' in reply) {
        this.drop(slot, reply.fatal);
        void worker.terminate();
      } else {
        const pending = slot.inFlight.get(reply.id);
        slot.inFlight.delete(reply.id);
        pending?.resolve(reply.outcome);
      }
      this.notify();
    });
    worker.on('error', (err) => this.drop(slot, err.message));
    worker.on('exit', (code) => this.drop(slot, `exited with code ${code}`));
  }

  /** A worker is gone: its jobs in flight fail with the reason; the others carry on. */
  private drop(slot: Slot, reason: string): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    for (const { job, resolve } of slot.inFlight.values()) resolve(failed(job, `the analysis worker stopped: ${reason}`));
    slot.inFlight.clear();
    if (!this.closed) this.notify();
  }
}

function failed(job: PoolJob, reason: string): PassOutcome {
  return { result: { file: job.file, findings: [], hovers: [], error: `cannot analyze (${reason})` }, parsed: false };
}
