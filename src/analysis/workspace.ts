// Analyzes a whole workspace (the CLI's `check` and the editor's "Check Workspace"): finds the
// files, then reads and parses each file once (workspace-pass.ts), on a pool of worker threads
// when asked, in this thread otherwise. The reuse helpers the files define are merged from that
// same pass; the few files that name one are analyzed again with them, and so on while that
// finds new helpers (one calling another file's), for a few rounds. Results come in file
// order, whichever thread finished first. Pure Node: no 'vscode'. A file that cannot be read or
// parsed yields an error entry; it never ends the run.
import { availableParallelism } from 'node:os';
import type { AnalyzeOptions } from './analyzer';
import type { AnalysisContext } from './context';
import { NAMES_BEFORE_HELPERS } from './c/sockets';
import { isCFamily, type GrammarId, type ParserService } from './parser';
import type { Finding } from './types';
import { workspaceNodeVersion, type ReadOverride } from './workspace-context';
import { collectWorkspaceFiles, type WalkNotice } from './workspace-files';
import { readOrOverride, runJobs, type Job, type Lanes } from './workspace-lanes';
import {
  callNameHash,
  helperNamesIn,
  MAX_HELPER_ROUNDS,
  mergeFirst,
  namesAnyHelper,
  type PassOptions,
  type PassOutcome,
} from './workspace-pass';
import { workerScript, WorkspacePool } from './workspace-pool';

export {
  collectWorkspaceFiles,
  isSkippedDirectory,
  SKIPPED_DIRECTORIES,
  type WalkNotice,
  type WalkResult,
} from './workspace-files';
export { buildWorkspaceContext, readSourceText, type ReadOverride } from './workspace-context';
export { workerScript, WorkspacePool } from './workspace-pool';

export interface WorkspaceFileResult {
  /** Absolute path. */
  file: string;
  grammar?: GrammarId;
  /** The text that was analyzed (absent when the file was not read, or a worker had no use for it). */
  text?: string;
  findings: Finding[];
  /** Not analyzed on purpose (too large, not a source file), with a one-line notice. */
  skipped?: string;
  /** Could not be read or parsed, with a one-line reason. */
  error?: string;
}

export interface AnalyzeFilesOptions extends Omit<AnalyzeOptions, 'context'> {
  service: ParserService;
  /** Given: used as is. Otherwise merged from the files themselves (reuse helpers) and `roots` (Node version). */
  context?: AnalysisContext;
  /** Where the Node version is looked up when no context is given. */
  roots?: readonly string[];
  /**
   * Unsaved editor buffers; returning undefined reads the file from disk. Asked once per file,
   * before the analysis starts (the texts go to the workers with their jobs).
   */
  readFile?: ReadOverride;
  /** Checked between files: an aborted run stops after the files in progress. */
  signal?: AbortSignal;
  /** Called after each file with the number done so far and the total. */
  onProgress?: (done: number, total: number, file: string, onWorker: boolean) => void;
  /**
   * Worker threads that may help this thread (see `defaultWorkerCount`); 0 or unset: this thread
   * only. This thread always analyzes too, and starts the workers only once the files left look
   * like more work than a worker's start-up (node's bootstrap, the module, the grammars) costs.
   */
  workers?: number;
  /** Tests: start the workers at once and leave every file to them (this thread only steps in if all of them die). */
  workersOnly?: boolean;
  /**
   * Workers the caller started (the CLI starts them before the walk, so their start-up overlaps
   * it): used instead of `workers`, and left open for the caller to close.
   */
  pool?: WorkspacePool;
}

/** This thread plus one worker per other core. */
export function defaultWorkerCount(): number {
  return Math.max(0, availableParallelism() - 1);
}

export interface CheckedFiles {
  /** One per file, in the order of `files`; fewer when the run was aborted. */
  results: WorkspaceFileResult[];
  /** The context the results were computed with (fixes are re-checked under it). */
  context: AnalysisContext;
  /** How many analyses ran on the pool's workers (the others ran on this thread). */
  onWorkers: number;
}

/**
 * Analyzes `files`: one pass that reads and parses each file once, then, when the context was
 * not given, rounds that analyze again the C files naming a reuse helper or wrapper the last
 * round found, until one finds none (at most MAX_HELPER_ROUNDS in all).
 */
export async function checkFiles(files: readonly string[], options: AnalyzeFilesOptions): Promise<CheckedFiles> {
  const given = options.context;
  const base: AnalysisContext = given ?? {
    reuseHelpers: new Map(),
    ...(await nodeVersionOf(options.roots ?? [])),
  };
  const passOptions: PassOptions = {
    context: base,
    collectHelpers: !given,
    severities: options.severities,
    maxFileSize: options.maxFileSize,
  };
  // Unsaved editor buffers are taken once, before any file is analyzed: every thread (and every
  // helper round) sees the same text, and a worker gets a buffer's text with its job.
  const buffers = options.readFile ? await bufferSnapshot(files, options.readFile) : undefined;
  const readFile: ReadOverride | undefined = buffers?.read;
  // An override that failed is reported by this thread (a worker cannot call it): no workers then.
  const script = options.workers && !buffers?.failed ? workerScript() : undefined;
  const workers = options.workers ?? 0;
  const lanes: Lanes =
    options.pool && !buffers?.failed
      ? { pool: options.pool }
      : script
        ? { start: () => WorkspacePool.start(workers, script) }
        : {};
  const laneOptions = { ...options, readFile };
  try {
    const outcomes = new Array<PassOutcome | undefined>(files.length);
    let done = 0;
    let onWorkers = 0;
    const jobs = files.map((file, index) => ({ file, index, text: buffers?.texts.get(file), options: passOptions }));
    await runJobs(jobs, outcomes, lanes, laneOptions, (job, onWorker) => {
      if (onWorker) onWorkers++;
      options.onProgress?.(++done, files.length, job.file, onWorker);
    });
    // An aborted run keeps the files finished before the first one it did not get to.
    const missing = outcomes.findIndex((o) => o === undefined);
    const finished = missing < 0 ? outcomes : outcomes.slice(0, missing);
    let context = base;
    if (!given) {
      let reuseHelpers = mergeFirst(base.reuseHelpers, finished, (o) => o.helpers);
      let socketWrappers = mergeFirst(base.socketWrappers, finished, (o) => o.wrappers);
      // The names the files were not analyzed with yet: only a file naming one can change.
      let fresh = [...reuseHelpers.keys(), ...socketWrappers.keys()];
      for (let round = 1; fresh.length > 0; round++) {
        context = { ...base, reuseHelpers, ...(socketWrappers.size > 0 ? { socketWrappers } : {}) };
        const again = await filesNaming(fresh, finished, context, passOptions, laneOptions);
        if (again.length === 0) break;
        // Not aborted halfway: the last round's results stand for files not analyzed again.
        await runJobs(again, finished, lanes, { ...laneOptions, signal: undefined }, (_, onWorker) => {
          if (onWorker) onWorkers++;
        });
        // A helper calling another file's helper is found only now: its callers are analyzed again.
        if (round === MAX_HELPER_ROUNDS) break;
        const redone = again.map((job) => finished[job.index]);
        const helpersNow = mergeFirst(reuseHelpers, redone, (o) => o.helpers);
        const wrappersNow = mergeFirst(socketWrappers, redone, (o) => o.wrappers);
        fresh = [
          ...[...helpersNow.keys()].filter((n) => !reuseHelpers.has(n)),
          ...[...wrappersNow.keys()].filter((n) => !socketWrappers.has(n)),
        ];
        [reuseHelpers, socketWrappers] = [helpersNow, wrappersNow];
      }
    }
    return { results: finished.map((o) => o!.result), context, onWorkers };
  } finally {
    if (!options.pool) await lanes.pool?.close();
  }
}

/**
 * The C files that name one of `fresh`, as jobs under `context` that collect their helpers again.
 * A file without socket calls (its text not kept) can only become a helper by calling a fresh
 * reuse helper or setsockopt wrapper: it is read again only when there is one.
 */
async function filesNaming(
  fresh: readonly string[],
  outcomes: readonly (PassOutcome | undefined)[],
  context: AnalysisContext,
  passOptions: PassOptions,
  options: AnalyzeFilesOptions,
): Promise<Job[]> {
  const names = helperNamesIn(fresh);
  // A file not parsed can become a helper only by calling a new reuse helper or setsockopt wrapper.
  const definers = fresh.filter((n) => context.reuseHelpers.has(n) || context.socketWrappers?.get(n)?.wrapped === 'setsockopt');
  const definesAny = namesAnyHelper(definers);
  const definerHashes = definers.filter((n) => !NAMES_BEFORE_HELPERS.has(n)).map(callNameHash);
  const again: Job[] = [];
  if (!names) return again;
  const jobOptions: PassOptions = { ...passOptions, context, collectHelpers: true };
  for (const [index, o] of outcomes.entries()) {
    const grammar = o?.result.grammar;
    if (!o || !grammar || !isCFamily(grammar) || o.result.error || o.result.skipped) continue;
    let text: string | undefined;
    if (o.parsed) {
      text = o.result.text;
      if (text === undefined || ![...names(text)].some((n) => !definesItself(o, n))) continue;
    } else {
      if (!definesAny || (o.callHashes && !definerHashes.some((h) => o.callHashes!.includes(h)))) continue;
      text = await textOf(o.result.file, passOptions, options);
      if (text === undefined || !definesAny(text)) continue;
    }
    again.push({ file: o.result.file, index, text, options: jobOptions });
  }
  return again;
}

/**
 * The file defines `name` itself as a helper or wrapper: its analysis used its own definition,
 * which comes before the workspace's (model.ts, wrappers.ts), so the context's changes nothing.
 */
function definesItself(o: PassOutcome, name: string): boolean {
  return (o.helpers?.some(([n]) => n === name) ?? false) || (o.wrappers?.some(([n]) => n === name) ?? false);
}

async function textOf(file: string, passOptions: PassOptions, options: AnalyzeFilesOptions): Promise<string | undefined> {
  const read = await readOrOverride(file, options.readFile, passOptions.maxFileSize).catch(() => undefined);
  return read && 'text' in read ? read.text : undefined;
}

/** The editor's unsaved texts of `files`, read once; `failed` when an override threw for some file. */
async function bufferSnapshot(
  files: readonly string[],
  readFile: ReadOverride,
): Promise<{ texts: Map<string, string>; failed: boolean; read: (file: string) => string | undefined }> {
  const texts = new Map<string, string>();
  const errors = new Map<string, unknown>();
  for (const file of files) {
    try {
      const text = await readFile(file);
      if (text !== undefined) texts.set(file, text);
    } catch (err) {
      errors.set(file, err);
    }
  }
  return {
    texts,
    failed: errors.size > 0,
    read: (file) => {
      if (errors.has(file)) throw errors.get(file);
      return texts.get(file);
    },
  };
}

async function nodeVersionOf(roots: readonly string[]): Promise<{ nodeVersion?: string }> {
  const nodeVersion = await workspaceNodeVersion(roots);
  return nodeVersion ? { nodeVersion } : {};
}

/** Analyzes `files` (see `checkFiles`), yielding each result in file order. */
export async function* analyzeFiles(files: readonly string[], options: AnalyzeFilesOptions): AsyncGenerator<WorkspaceFileResult> {
  yield* (await checkFiles(files, options)).results;
}

export type AnalyzeWorkspaceOptions = AnalyzeFilesOptions;

/** A path the walk could not use, as a result entry (error or skipped). */
export function walkNoticeResult(notice: WalkNotice): WorkspaceFileResult {
  return notice.kind === 'error'
    ? { file: notice.path, findings: [], error: notice.message }
    : { file: notice.path, findings: [], skipped: notice.message };
}

/**
 * The whole check: walk `roots`, analyze every file. Paths the walk could not read come first,
 * as error entries. Stops quietly when `signal` is aborted (check `signal.aborted`).
 */
export async function* analyzeWorkspace(
  roots: readonly string[],
  options: AnalyzeWorkspaceOptions,
): AsyncGenerator<WorkspaceFileResult> {
  const { files, notices } = await collectWorkspaceFiles(roots, { signal: options.signal });
  for (const notice of notices) yield walkNoticeResult(notice);
  if (options.signal?.aborted) return;
  yield* analyzeFiles(files, { roots, ...options });
}
