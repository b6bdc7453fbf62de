// Real holders for the `run` and `stop` tests: node processes that listen on 127.0.0.1, and the
// perror sample compiled once (a C program that binds the port given and reports EADDRINUSE).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ReadyChild, startNode } from '../../shared/children';
import { gcc } from '../../shared/gcc';
import { fixturePath } from '../../shared/repo-paths';

/** A node process that listens on 127.0.0.1 (an ephemeral port unless `port`), prints the port when ready. */
export async function startHolder(opts: { ignoreSigterm?: boolean; port?: number } = {}): Promise<ReadyChild & { port: number }> {
  const ready = await startNode(
    `${opts.ignoreSigterm ? "process.on('SIGTERM', () => {});" : ''}
     const s = require('net').createServer();
     s.listen(${opts.port ?? 0}, '127.0.0.1', () => console.log(s.address().port));`,
  );
  return { ...ready, port: Number(ready.line) };
}

let binary: Promise<string> | undefined;

/** The compiled perror sample: `bind PORT` binds 127.0.0.1:PORT (no SO_REUSEADDR), exits 0, or prints `bind: Address already in use` and exits 1. */
export function perrorBinary(): Promise<string> {
  binary ??= (async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-run-'));
    const out = path.join(dir, 'bind');
    await gcc(['-o', out, fixturePath('restart', 'programs', 'bind-perror.c')], 'to compile the perror sample');
    return out;
  })();
  return binary;
}
