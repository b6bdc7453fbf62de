// `npm run bench` (the `ports` command as a whole process). One port looked up among 1,000 other
// listeners (a helper process this bench starts), three commands timed in turn so that load from
// elsewhere hits them alike: node's own start (`node` on an empty file, started the way the CLI is:
// same env, a file to resolve and load), `node dist/cli.js ports P`, and `ss -ltnpH 'sport = :P'`
// (both find the pid holding the port). Target: (cli - node start) / ss <= 1.0, the median of
// per-round ratios.
// Also `--help` against node's start (the ports command and the help load no analyzer code).
// Each run must be right: the CLI reports the port listening, held by the helper's pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const OTHERS = 1000;
const ROUNDS = 31;
const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

const HELPER = `
const net = require('net');
const listen = (port) => new Promise((r, j) => { const s = net.createServer().on('error', j).listen(port, '127.0.0.1', () => r(s)); });
(async () => {
  for (let i = 0; i < ${OTHERS}; i += 100) await Promise.all(Array.from({ length: 100 }, () => listen(0)));
  const target = await listen(0);
  console.log(target.address().port);
  setInterval(() => {}, 1 << 30);
})();
`;

function startHelper(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['-e', HELPER], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`listener helper exited (${code}); check 'ulimit -n'`)));
    child.stdout.once('data', (d: Buffer) => resolve({ child, port: Number(String(d).trim()) }));
  });
}

function timed(cmd: string, args: string[]): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  return { ms, stdout: r.stdout };
}

const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

export async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build it with node esbuild.mjs (npm run bench does)`);
  const helper = await startHelper();
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-bench-node-'));
  const empty = path.join(emptyDir, 'empty.js');
  fs.writeFileSync(empty, '');
  try {
    const pid = String(helper.child.pid);
    const node: number[] = [];
    const cli: number[] = [];
    const ss: number[] = [];
    const help: number[] = [];
    const ratios: number[] = [];
    const helpRatios: number[] = [];
    for (let i = 0; i <= ROUNDS; i++) {
      const n = timed(process.execPath, [empty]);
      const c = timed(process.execPath, [CLI, 'ports', '--format', 'json', String(helper.port)]);
      const s = timed('ss', ['-ltnpH', `sport = :${helper.port}`]);
      const h = timed(process.execPath, [CLI, '--help']);
      const report = JSON.parse(c.stdout) as { ports: { state: string; holders: { pid: number }[] }[] };
      const [port] = report.ports;
      if (port.state !== 'listening' || !port.holders.some((x) => String(x.pid) === pid))
        throw new Error(`ports ${helper.port}: expected listening by pid ${pid}, got ${c.stdout}`);
      if (!s.stdout.includes(`pid=${pid}`)) throw new Error(`ss did not see pid ${pid}: ${s.stdout}`);
      if (i === 0) continue; // warm-up round
      node.push(n.ms);
      cli.push(c.ms);
      ss.push(s.ms);
      help.push(h.ms);
      ratios.push((c.ms - n.ms) / s.ms);
      helpRatios.push(h.ms / n.ms);
    }
    const f = (x: number) => `${x.toFixed(1)} ms`;
    console.log(`one port among ${OTHERS} other listeners, ${ROUNDS} rounds (load average ${os.loadavg()[0].toFixed(2)})`);
    console.log(`   node (empty file) ${f(med(node))}; address-in-use ports ${f(med(cli))}; ss -ltnpH ${f(med(ss))}`);
    console.log(`   (cli - node start) / ss = ${med(ratios).toFixed(2)} (target <= 1.0)`);
    console.log(`   --help ${f(med(help))}: ${med(helpRatios).toFixed(2)}x node's own start`);
  } finally {
    helper.child.kill('SIGKILL');
    fs.rmSync(emptyDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
