// `address-in-use ports` is delegated to the port reader, with the folder's ports found by the
// discovery module when none are given. A real listener on 127.0.0.1 made by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { listenOnLoopback } from '../../shared/loopback';
import { runCli, tempDir } from './support';

/** A listener of this process on 127.0.0.1, closed when the test ends. */
async function heldPort(t: { after(fn: () => Promise<void>): void }): Promise<number> {
  const listener = await listenOnLoopback();
  t.after(() => listener.close());
  return listener.port;
}

interface PortsJson {
  ports: { port: number; state: string; holders: { pid: number }[]; sources: { file: string }[] }[];
}

test('ports PORT: a port this process listens on is held by this process (exit 1)', async (t) => {
  const port = await heldPort(t);
  const dir = await tempDir(t);
  const run = await runCli(['ports', '--format', 'json', String(port)], dir);
  assert.equal(run.code, 1, run.stderr);
  const [report] = (JSON.parse(run.stdout) as PortsJson).ports;
  assert.equal(report.port, port);
  assert.equal(report.state, 'listening');
  assert.ok(
    report.holders.some((h) => h.pid === process.pid),
    run.stdout,
  );
});

test('ports without arguments looks up the ports the current folder uses', async (t) => {
  const port = await heldPort(t);
  const dir = await tempDir(t);
  await fs.writeFile(path.join(dir, '.env'), `PORT=${port}\n`);
  const run = await runCli(['ports', '--format', 'json'], dir);
  assert.equal(run.code, 1, run.stderr);
  const reports = (JSON.parse(run.stdout) as PortsJson).ports;
  assert.deepEqual(
    reports.map((r) => [r.port, r.state]),
    [[port, 'listening']],
  );
  assert.equal(reports[0].sources[0].file, path.join(dir, '.env'));
});

test('ports: bad usage exits 2', async (t) => {
  const dir = await tempDir(t);
  const run = await runCli(['ports', 'http'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /not a port: 'http'/);
});
