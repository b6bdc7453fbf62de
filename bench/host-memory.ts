// `npm run bench` (memory after "Check Workspace"). The editor's code path in node: the same
// analyzeWorkspace call the command makes (unsaved buffers asked for, a worker per other core, as
// in the extension host), over a generated 5,000-file tree (one file in ten with sockets), three
// times. After each run and a full GC: the JS heap and node's external memory (web-tree-sitter's
// wasm memory is counted there) against the baseline taken before the first check, with the
// parser loaded as the editor has it. Target: back to baseline (a leaked tree would grow the
// wasm memory run after run; its high-water mark, reached during the first run, stays: wasm
// memory never shrinks). Each run must find one missing-reuseaddr per socket file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ParserService } from '../src/analysis/parser';
import { analyzeWorkspace, defaultWorkerCount } from '../src/analysis/workspace';
import { cCorpus } from './corpus';

const FILES = 5000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function usage(): { heap: number; external: number } {
  gc();
  gc();
  const u = process.memoryUsage();
  return { heap: u.heapUsed / 1048576, external: u.external / 1048576 };
}

export async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-memory-'));
  try {
    cCorpus(FILES).forEach((text, i) => {
      const sub = path.join(dir, `mod${Math.floor(i / 100)}`);
      if (i % 100 === 0) fs.mkdirSync(sub);
      fs.writeFileSync(path.join(sub, `file${i}.c`), text);
    });
    const service = await ParserService.create();
    await service.language('c');
    const f = (n: number) => `${n.toFixed(1)} MiB`;
    const base = usage();
    console.log(`${FILES} files; baseline (parser loaded): heap ${f(base.heap)}, external+wasm ${f(base.external)}`);
    for (let run = 1; run <= 3; run++) {
      let findings = 0;
      let files = 0;
      const t0 = performance.now();
      // As the command does: findings kept (the Problems panel), results dropped.
      const kept: unknown[] = [];
      for await (const result of analyzeWorkspace([dir], {
        service,
        readFile: () => undefined,
        workers: defaultWorkerCount(),
      })) {
        files++;
        findings += result.findings.filter((x) => x.rule === 'missing-reuseaddr').length;
        kept.push(result.findings);
      }
      if (files !== FILES || findings !== FILES / 10)
        throw new Error(`run ${run}: ${files} files, ${findings} missing-reuseaddr; expected ${FILES} and ${FILES / 10}`);
      const after = usage();
      console.log(
        `   after check ${run} (${((performance.now() - t0) / 1000).toFixed(1)} s, ${findings} findings kept): heap ${f(after.heap)} (${(after.heap - base.heap).toFixed(1)} over baseline), external+wasm ${f(after.external)} (${(after.external - base.external).toFixed(1)} over)`,
      );
      kept.length = 0;
    }
    const end = usage();
    console.log(
      `   findings dropped too: heap ${f(end.heap)} (${(end.heap - base.heap).toFixed(1)} over baseline; target ~0), external+wasm ${f(end.external)} (flat from run to run: no leaked trees)`,
    );
    service.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
