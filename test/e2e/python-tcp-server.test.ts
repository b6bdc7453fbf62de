// The Python scenario for real, on 127.0.0.1: a socketserver.TCPServer (allow_reuse_address is
// False there, Lib/socketserver.py) cannot be restarted while its TIME_WAIT lasts;
// `address-in-use check --fix` gives it allow_reuse_address = True, and the fixed server restarts
// at once across its own TIME_WAIT (the same kernel fact as the seed's C server: both the new
// socket and the one in TIME_WAIT must have SO_REUSEADDR, so the fixed server makes its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../shared/run-cli';
import { waitForTimeWait } from './support/proc-net';
import { freeLoopbackPort, serveOnce, startServer } from './support/processes';
import { fixturePath } from '../shared/repo-paths';

const FIXTURE = fixturePath('e2e', 'tcp-server.py');
const GREETING = 'hello from tcp-server';

function python(): string {
  for (const candidate of ['/usr/bin/python3', '/usr/local/bin/python3']) if (fs.existsSync(candidate)) return candidate;
  throw new Error('python3 not found: install it (Debian: apt-get install -y python3)');
}

test('python TCPServer: TIME_WAIT blocks the restart; check --fix makes it restart at once', { timeout: 120_000 }, async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'address-in-use-e2e-py-'));
  try {
    const original = path.join(dir, 'original.py');
    await fsp.copyFile(FIXTURE, original);
    const port = await freeLoopbackPort();
    await serveOnce(python(), [original], port, GREETING, 'original server, first run');
    assert.ok((await waitForTimeWait(port)) > 0, `no TIME_WAIT on 127.0.0.1:${port} after the server closed first`);

    const restart = await startServer(python(), port, [original]).exited;
    assert.notEqual(restart.code, 0, `the original server restarted: ${restart.stdout}`);
    assert.match(restart.stderr, /\[Errno 98\] Address already in use/);

    const work = path.join(dir, 'work');
    await fsp.mkdir(work);
    const source = path.join(work, 'tcp-server.py');
    await fsp.copyFile(FIXTURE, source);
    const before = await runCli(['check', '--format', 'json', 'tcp-server.py'], work);
    assert.equal(before.code, 1, `check before the fix: exit ${before.code}\n${before.stderr}`);
    const findings = (JSON.parse(before.stdout) as { findings: { rule: string; line: number }[] }).findings;
    const line = (await fsp.readFile(FIXTURE, 'utf8')).split('\n').findIndex((l) => l.includes('TCPServer((')) + 1;
    assert.deepEqual(
      findings.map((f) => [f.rule, f.line]),
      [['missing-reuseaddr', line]],
      before.stdout,
    );

    const fixed = await runCli(['check', '--fix', 'tcp-server.py'], work);
    assert.equal(fixed.code, 0, `check --fix: exit ${fixed.code}\n${fixed.stdout}${fixed.stderr}`);
    const fixedText = await fsp.readFile(source, 'utf8');
    assert.match(fixedText, /allow_reuse_address = True/, fixedText);
    assert.equal((await runCli(['check', 'tcp-server.py'], work)).code, 0);

    const freshPort = await freeLoopbackPort();
    await serveOnce(python(), [source], freshPort, GREETING, 'fixed server, first run');
    assert.ok(
      (await waitForTimeWait(freshPort)) > 0,
      `no TIME_WAIT on 127.0.0.1:${freshPort} after the fixed server closed first`,
    );
    await serveOnce(python(), [source], freshPort, GREETING, 'fixed server, immediate restart');
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});
