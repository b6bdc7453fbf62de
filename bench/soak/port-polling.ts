// `npm run soak`: the port reader polled as the status bar polls it (every 3 s) for 10 minutes
// with 20,000 listening sockets present (helper processes open them, their fd limit raised), to
// show that a refresh stays bounded and memory stays flat. Not part of `npm test` or `npm run bench`
// (it takes minutes). SOAK_MINUTES and SOAK_SOCKETS change the run.
import { ChildProcess, spawn } from 'child_process';
import { LinuxPortReader } from '../../src/ports/readers/linux-reader';

const MINUTES = Number(process.env.SOAK_MINUTES) || 10;
const SOCKETS = Number(process.env.SOAK_SOCKETS) || 20_000;
const INTERVAL_MS = 3000;

const HELPER = `
const net = require('net');
const listen = () => new Promise((r, j) => { const s = net.createServer().once('error', j).listen(0, '127.0.0.1', () => r(s)); });
(async () => {
  const servers = [];
  const n = Number(process.argv[1]);
  for (let i = 0; i < n; i += 500) servers.push(...await Promise.all(Array.from({ length: Math.min(500, n - i) }, listen)));
  console.log(JSON.stringify(servers.slice(0, 5).map((s) => s.address().port)));
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

/** Sockets per helper: the hard fd limit here is 20,000 and cannot be raised, so they are split. */
const PER_HELPER = 10_000;

function startHelper(count: number): Promise<{ child: ChildProcess; ports: number[] }> {
  // The fd limit is raised to the hard limit in the helper only (sh's ulimit, then exec node).
  const child = spawn(
    'sh',
    ['-c', `ulimit -n ${count + 100} && exec "$0" -e "$1" "$2"`, process.execPath, HELPER, String(count)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ child, ports: JSON.parse(out) as number[] });
    });
    child.on('exit', (code) => reject(new Error(`a helper exited ${code} before opening ${count} sockets`)));
  });
}

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const helpers = await Promise.all(
    Array.from({ length: Math.ceil(SOCKETS / PER_HELPER) }, (_, i) =>
      startHelper(Math.min(PER_HELPER, SOCKETS - i * PER_HELPER)),
    ),
  );
  const ports = helpers.flatMap((h) => h.ports);
  try {
    const reader = new LinuxPortReader();
    const queries = [...ports, 1, 2];
    const times: number[] = [];
    const samples: { minute: number; rss: number; heap: number }[] = [];
    const end = Date.now() + MINUTES * 60_000;
    let nextSample = Date.now();
    let minute = 0;
    while (Date.now() < end) {
      const started = performance.now();
      const reports = await reader.lookup(queries);
      times.push(performance.now() - started);
      if (reports.slice(0, ports.length).some((r) => r.status !== 'listening')) throw new Error('a listener was not seen');
      if (Date.now() >= nextSample) {
        gc?.();
        const m = process.memoryUsage();
        samples.push({ minute, rss: m.rss, heap: m.heapUsed });
        console.log(`minute ${minute}: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}, refreshes so far ${times.length}`);
        minute++;
        nextSample += 60_000;
      }
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
    const sorted = [...times].sort((a, b) => a - b);
    const pct = (p: number): string => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
    console.log(`${SOCKETS} listening sockets, ${times.length} refreshes every ${INTERVAL_MS / 1000} s over ${MINUTES} min`);
    console.log(`refresh: first (cold) ${times[0].toFixed(1)} ms; median ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`);
    const first = samples[1] ?? samples[0];
    const last = samples[samples.length - 1];
    console.log(
      `memory after warm-up (minute ${first.minute}) -> end (minute ${last.minute}): rss ${mb(first.rss)} -> ${mb(last.rss)}, heap ${mb(first.heap)} -> ${mb(last.heap)}${gc ? '' : ' (run with --expose-gc for heap figures after collection)'}`,
    );
  } finally {
    for (const h of helpers) h.child.kill('SIGKILL');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
