// Keeps every core busy while a benchmark runs, for targets that must hold "while the bench loads
// both cores": one worker thread per core spinning until told to stop.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const SPIN = `
const { workerData, parentPort } = require('node:worker_threads');
const stop = new Int32Array(workerData);
parentPort.postMessage('spinning');
let x = 0;
while (Atomics.load(stop, 0) === 0) for (let i = 0; i < 100000; i++) x = (x * 31 + i) | 0;
`;

export interface CpuLoad {
  readonly threads: number;
  stop(): Promise<void>;
}

/** Starts one spinning thread per core; resolves once all of them spin. */
export async function loadEveryCore(threads = availableParallelism()): Promise<CpuLoad> {
  const stop = new SharedArrayBuffer(4);
  const workers = Array.from({ length: threads }, () => new Worker(SPIN, { eval: true, workerData: stop }));
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => w.once('message', resolve).once('error', reject))));
  return {
    threads,
    async stop() {
      Atomics.store(new Int32Array(stop), 0, 1);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
