// The entry of a workspace-pool worker: loads the parser once, then analyzes the files it is sent
// (workspace-pass.ts) and posts each outcome back. Loaded as a module outside a worker it does nothing.
import { parentPort } from 'node:worker_threads';
import { ParserService } from './parser';
import type { PoolReply, PoolRequest } from './workspace-pool';
import { analyzeWorkspaceFile, readSourceTextSync, type PassOptions } from './workspace-pass';

const port = parentPort;

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
  const optionsById = new Map<number, PassOptions>();
  port.on('message', (request: PoolRequest) => {
    if ('options' in request) {
      optionsById.set(request.optionsId, request.options);
      return;
    }
    const job = request;
    const options = optionsById.get(job.optionsId)!;
    const read = () => (job.text !== undefined ? { text: job.text } : readSourceTextSync(job.file, options.maxFileSize));
    void analyzeWorkspaceFile(service, job.file, read, options).then((outcome) => {
      // The text travels back only where the main thread may need it (fixes, a second analysis).
      if (!outcome.parsed || job.text !== undefined) delete outcome.result.text;
      port.postMessage({ id: job.id, outcome } satisfies PoolReply);
    });
  });
  port.postMessage({ ready: true } satisfies PoolReply);
}

void serve();
