// Runs one pass of a workspace check on this thread and, when worth it, the pool's workers. Every
// thread claims its next job from one shared counter when it is free (workspace-claims.ts: this
// thread from the front, the workers from the back): no job is queued behind a busy thread, so a
// pass ends when the last file does (this thread never waits for a worker's queue), and a pool
// still starting when this thread has done every file is not waited for.
import type { ParserService } from './parser';
import { allClaimed, claimJob, claimedCount, closeClaims, newClaims } from './workspace-claims';
import type { ReadOverride } from './workspace-context';
import { analyzeWorkspaceFile, readSourceTextSync, type PassOutcome } from './workspace-pass';
import { failedJob, type PoolJob, type SharedPass, type WorkspacePool } from './workspace-pool';

export interface Job extends PoolJob {
  /** Where the outcome is stored. */
  index: number;
}

/** The pool, started on demand and shared by every pass of a check. */
export interface Lanes {
  pool?: WorkspacePool;
  /** Unset once started (or when there is no worker script or no workers were asked for). */
  start?: () => WorkspacePool;
}

export interface LaneOptions {
  service: ParserService;
  readFile?: ReadOverride;
  /** Checked between files: an aborted pass stops after the files in progress. */
  signal?: AbortSignal;
  /** Tests: every job on the workers (this thread steps in only if all of them die). */
  workersOnly?: boolean;
}

/** Work left, as estimated from this thread's pace so far, that is worth starting workers for. */
const POOL_WORTH_MS = 400;

/**
 * Work left that is worth sharing with workers already started: less, and a worker's first jobs
 * (its grammar to load, its code still cold) plus the wait for its last one cost more than they save.
 */
const SHARE_WORTH_MS = 150;

/** This thread lets the workers' messages in (a worker that became ready joins) this often. */
const YIELD_MS = 5;

/**
 * Runs `jobs` (all with the same options); each outcome is stored at its job's index. An aborted
 * pass leaves the jobs no thread claimed unset.
 */
export async function runJobs(
  jobs: readonly Job[],
  outcomes: (PassOutcome | undefined)[],
  lanes: Lanes,
  options: LaneOptions,
  onDone: (job: Job, onWorker: boolean) => void,
): Promise<void> {
  const count = jobs.length;
  if (count === 0) return;
  const counter = newClaims();
  const done = new Uint8Array(count);
  let joined = 0;
  let lost: string | undefined;
  let wake: (() => void) | undefined;
  const store = (at: number, outcome: PassOutcome, onWorker: boolean) => {
    const job = jobs[at];
    if (job.text !== undefined && outcome.result.text === undefined && outcome.parsed) outcome.result.text = job.text;
    outcomes[job.index] = outcome;
    done[at] = 1;
    onDone(job, onWorker);
  };
  const pass: SharedPass = {
    jobs,
    counter,
    onOutcomes: (list) => {
      for (const [at, outcome] of list) store(at, outcome, true);
    },
    onJoin: () => joined++,
    onLeave: (why) => {
      joined--;
      if (why) lost = why;
    },
  };
  let unsubscribe: (() => void) | undefined;
  const use = (pool: WorkspacePool) => {
    lanes.pool = pool;
    unsubscribe = pool.onCapacity(() => wake?.());
    pool.share(pass);
  };
  const shared = () => unsubscribe !== undefined;
  const claimed = () => allClaimed(counter, count);
  const aborted = () => options.signal?.aborted === true;
  // Workers stop claiming at once; the jobs they hold finish.
  const onAbort = () => closeClaims(counter, count);
  options.signal?.addEventListener('abort', onAbort);

  const thisThread = async () => {
    // The pace is taken from the second file on: the first one also loads its grammar.
    let mine = 0;
    let since = 0;
    let yielded = performance.now();
    while (!aborted()) {
      const at = claimJob(counter, count, 'front');
      if (at < 0) break;
      const job = jobs[at];
      const read = () =>
        job.text !== undefined ? { text: job.text } : readOrOverride(job.file, options.readFile, job.options.maxFileSize);
      store(at, await analyzeWorkspaceFile(options.service, job.file, read, job.options), false);
      const now = performance.now();
      if (++mine === 1) since = now;
      const left = (mine >= 8 ? (now - since) / (mine - 1) : 0) * (count - claimedCount(counter, count));
      if (lanes.pool && !shared() && left > SHARE_WORTH_MS) use(lanes.pool);
      else if (lanes.start && left > POOL_WORTH_MS) {
        const start = lanes.start;
        lanes.start = undefined;
        use(start());
      }
      // Everything above may run on resolved promises alone: let a worker that became ready join.
      if (shared() && now - yielded >= YIELD_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        yielded = performance.now();
      }
    }
  };

  try {
    if (options.workersOnly && lanes.start) {
      const start = lanes.start;
      lanes.start = undefined;
      use(start());
    } else if (lanes.pool && options.workersOnly) use(lanes.pool);
    for (;;) {
      if (lanes.pool?.size === 0) lanes.pool = undefined;
      if (!(options.workersOnly && lanes.pool)) await thisThread();
      if ((claimed() || aborted()) && joined === 0) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (shared()) {
      unsubscribe?.();
      lanes.pool?.unshare();
    }
  }
  // A job a worker held when it died (not one an abort left unclaimed).
  if (!aborted())
    for (let at = 0; at < count; at++)
      if (!done[at]) store(at, failedJob(jobs[at].file, lost ?? 'no analysis worker is running'), true);
}

/** An editor's unsaved text when it has one, or the file on disk. */
export async function readOrOverride(file: string, override: ReadOverride | undefined, maxFileSize: number | undefined) {
  const text = await override?.(file);
  return text !== undefined ? { text } : readSourceTextSync(file, maxFileSize);
}
