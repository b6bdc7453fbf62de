// The entry of a workspace-pool worker: loads the parser once, then for each pass it is sent
// claims jobs from the back of the pass's shared counter until none are left (workspace-pass.ts)
// and posts the outcomes back in batches. Loaded as a module outside a worker it does nothing.
import { parentPort } from 'node:worker_threads';
import { ParserService } from './parser';
import { claimJob } from './workspace-claims';
import type { PoolPassRequest, PoolReply } from './workspace-pool';
import { analyzeWorkspaceFile, readSourceTextSync, type PassOutcome } from './workspace-pass';

const port = parentPort;

/**
 * A batch goes out once this old: the main thread needs the outcomes only at the end of a pass,
 * but progress reports should move.
 */
const BATCH_MS = 50;

async function runPass(service: ParserService, request: PoolPassRequest): Promise<void> {
  const counter = new Int32Array(request.counter);
  const { files, texts, options } = request;
  let batch: [number, PassOutcome][] = [];
  let sent = performance.now();
  for (let index = claimJob(counter, files.length, 'back'); index >= 0; index = claimJob(counter, files.length, 'back')) {
    const text = texts?.[index];
    const read = () => (text !== undefined ? { text } : readSourceTextSync(files[index], options.maxFileSize));
    const outcome = await analyzeWorkspaceFile(service, files[index], read, options);
    // The text travels back only where the main thread may need it (fixes, a second analysis).
    if (!outcome.parsed || text !== undefined) delete outcome.result.text;
    batch.push([index, outcome]);
    if (performance.now() - sent >= BATCH_MS) {
      port!.postMessage({ pass: request.pass, outcomes: batch, done: false } satisfies PoolReply);
      batch = [];
      sent = performance.now();
    }
  }
  port!.postMessage({ pass: request.pass, outcomes: batch, done: true } satisfies PoolReply);
}

async function serve(): Promise<void> {
  if (!port) return;
  let service: ParserService;
  try {
    // Grammars load on first use: a tree of C files never compiles the C++ one.
    service = await ParserService.create();
  } catch (err) {
    port.postMessage({ fatal: err instanceof Error ? err.message : String(err) } satisfies PoolReply);
    return;
  }
  // Passes run one after the other (the main thread starts one when the last is over).
  let queue = Promise.resolve();
  port.on('message', (request: PoolPassRequest) => {
    queue = queue.then(() => runPass(service, request));
  });
  port.postMessage({ ready: true } satisfies PoolReply);
}

void serve();
