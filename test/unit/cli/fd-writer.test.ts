// The CLI process's output (fd-writer.ts) on real pipes (FIFOs): a reader that went away ends
// the output quietly, a full non-blocking pipe hands the rest to the stream, nothing lost or reordered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fdWriter } from '../../../src/cli/fd-writer';

/** A FIFO opened at both ends without blocking: [read fd, write fd]. */
function fifo(t: { after(fn: () => void): void }): [number, number] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-fifo-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'pipe');
  execFileSync('mkfifo', [file]);
  const read = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const write = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  return [read, write];
}

/** What the stream fallback received. */
function collector() {
  const chunks: string[] = [];
  const stream = { write: (c: string | Uint8Array) => (chunks.push(Buffer.from(c).toString('utf8')), true) };
  return { chunks, stream: () => stream as unknown as NodeJS.WritableStream };
}

function drain(fd: number): string {
  const buf = Buffer.alloc(1 << 16);
  let out = '';
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return out;
      throw e;
    }
    if (n === 0) return out;
    out += buf.toString('utf8', 0, n);
  }
}

test('writes go straight to the descriptor, in order', (t) => {
  const [r, w] = fifo(t);
  const { chunks, stream } = collector();
  const write = fdWriter(w, stream);
  write('one ');
  write('twö\n');
  assert.equal(drain(r), 'one twö\n');
  assert.deepEqual(chunks, [], 'the stream was not needed');
  fs.closeSync(r);
  fs.closeSync(w);
});

test('a reader that went away (EPIPE) ends the output without an error', (t) => {
  const [r, w] = fifo(t);
  fs.closeSync(r);
  const { chunks, stream } = collector();
  const write = fdWriter(w, stream);
  assert.doesNotThrow(() => write('nobody reads this\n'));
  assert.doesNotThrow(() => write('nor this\n'));
  assert.deepEqual(chunks, [], 'nothing is handed on after EPIPE');
  fs.closeSync(w);
});

test('a full non-blocking pipe (EAGAIN) hands this write and every later one to the stream', (t) => {
  const [r, w] = fifo(t);
  const { chunks, stream } = collector();
  const write = fdWriter(w, stream);
  const big = 'x'.repeat(300_000) + 'END\n'; // more than a pipe holds (64 KiB by default)
  write(big);
  write('after\n');
  const inPipe = drain(r);
  assert.ok(inPipe.length > 0 && inPipe.length < big.length, `the pipe took ${inPipe.length} bytes`);
  assert.equal(inPipe + chunks.join(''), big + 'after\n', 'every byte once, in order');
  assert.equal(chunks.at(-1), 'after\n', 'the later write went to the stream too');
  fs.closeSync(r);
  fs.closeSync(w);
});
