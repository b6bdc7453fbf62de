// The Linux reader when /proc does not tell everything, for real: no /proc at all, /proc mounted
// with hidepid=2 (a private procfs in a child mount namespace, read by an unprivileged uid),
// a holder in another network namespace, and holders that exit while the scan runs. Each gives
// a clear answer: an error saying what is missing, owner-hidden, or a "free" that binding
// confirms; never an exception from a vanished process and never a wrong "free".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PortReport } from '../../../../src/ports';
import { LinuxPortReader } from '../../../../src/ports/readers/linux-reader';
import { killAndWait, run, startNode, startProcess } from '../helpers';

const READER_UID = 4242;
const readerJs = path.join(__dirname, '../../../../src/ports/readers/linux-reader.js');

function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('this test mounts procfs and switches users: run it as root (sudo npm test)');
}

async function listen(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as net.AddressInfo).port };
}

test('no /proc at all (procRoot an empty folder): an error that says so, not "free"', async (t) => {
  const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-noproc-'));
  t.after(() => fs.rm(empty, { recursive: true, force: true }));
  const { server, port } = await listen();
  t.after(() => server.close());
  await assert.rejects(
    new LinuxPortReader({ procRoot: empty }).lookup([port]),
    /cannot read the socket table .*net\/tcp \(ENOENT\): is \/proc mounted/,
  );
  await assert.rejects(new LinuxPortReader({ procRoot: empty }).lookup([{ port, protocol: 'udp' }]), /net\/udp \(ENOENT\)/);
});

test('/proc mounted with hidepid=2: a root listener read by another uid is owner-hidden, never free', async (t) => {
  requireRoot();
  const { server, port } = await listen();
  t.after(() => server.close());
  const mountPoint = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-hidepid-'));
  t.after(() => fs.rm(mountPoint, { recursive: true, force: true }));
  await fs.chmod(mountPoint, 0o755);
  const script = `new (require(${JSON.stringify(readerJs)}).LinuxPortReader)({ procRoot: ${JSON.stringify(mountPoint)} })
    .lookup([${port}]).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exit(3); })`;
  // A private mount namespace: the hidepid procfs exists only for this child and goes with it.
  const out = await run('unshare', [
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    'mount -t proc -o hidepid=2 proc "$1" && exec setpriv --reuid="$2" --regid="$2" --clear-groups "$3" -e "$4"',
    'sh',
    mountPoint,
    String(READER_UID),
    process.execPath,
    script,
  ]);
  const [report] = JSON.parse(out) as PortReport[];
  assert.equal(report.status, 'owner-hidden');
  assert.deepEqual(report.holders, []);
  assert.equal(report.sockets[0].uid, 0, 'the socket table still says whose socket it is');
});

test('a holder in another network namespace: "free" here, and binding here indeed succeeds', async () => {
  requireRoot();
  // A port free here, so the namespace's listener is the only one on it (an ephemeral pick there
  // may collide with a listener here).
  const probe = await listen();
  await new Promise((resolve) => probe.server.close(resolve));
  const { child, line } = await startProcess('unshare', [
    '--net',
    'sh',
    '-c',
    `ip link set lo up 2>/dev/null; exec "$0" -e "const s = require('net').createServer().listen(${probe.port}, '127.0.0.1', () => console.log(s.address().port))"`,
    process.execPath,
  ]);
  try {
    const port = Number(line);
    assert.ok(port > 0, line);
    const [report] = await new LinuxPortReader().lookup([port]);
    assert.equal(report.status, 'free');
    // The answer is true for this namespace: the port can be bound here.
    const { server, port: bound } = await new Promise<{ server: net.Server; port: number }>((resolve, reject) => {
      const s = net.createServer().once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve({ server: s, port }));
    });
    assert.equal(bound, port);
    server.close();
  } finally {
    await killAndWait(child);
  }
});

test('holders exiting while lookups run: every answer is a report (listening or free), never an exception', async () => {
  const { server, port } = await listen();
  try {
    const reader = new LinuxPortReader();
    const churn: Promise<void>[] = [];
    // Children that take a port, print it and exit at once: their fds vanish mid-scan.
    for (let i = 0; i < 20; i++) {
      churn.push(
        startNode(
          `const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); setTimeout(() => process.exit(0), ${i % 5}); });`,
        ).then(async ({ child, line }) => {
          const reports = await reader.lookup([port, Number(line)]);
          assert.equal(reports[0].status, 'listening', 'the steady listener is always seen');
          assert.ok(['listening', 'bound', 'free', 'owner-hidden', 'time-wait'].includes(reports[1].status), reports[1].status);
          await killAndWait(child);
        }),
      );
    }
    await Promise.all(churn);
  } finally {
    server.close();
  }
});
