// The mission's scenario for real, on 127.0.0.1: the seed article's server without
// SO_REUSEADDR cannot be restarted while its TIME_WAIT lasts; `address-in-use check --fix`
// repairs the source, and the recompiled server restarts at once across its own TIME_WAIT.
//
// The kernel fact this relies on (Linux): a restarted listener binds over TIME_WAIT sockets
// only when both the new socket and the socket that left the TIME_WAIT set SO_REUSEADDR
// (accepted sockets inherit it from the listener). So the fixed server first makes TIME_WAIT
// of its own, on a second port, and the old server's TIME_WAIT still blocks even the fixed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../shared/run-cli';
import { timeWaitOnLoopbackPort, waitForTimeWait } from './support/proc-net';
import { compile, freeLoopbackPort, serveOnce, startServer } from './support/processes';
import { fixturePath } from '../shared/repo-paths';

const FIXTURE = fixturePath('e2e', 'seed-server.c');
const GREETING = 'hello from seed-server';
const EXIT_ADDRESS_IN_USE = 3;

test('seed server: TIME_WAIT blocks the restart; check --fix makes it restart at once', { timeout: 120_000 }, async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-e2e-'));
  try {
    // 1. The seed's server as written: serve one connection, server side closes first.
    const original = path.join(dir, 'original', 'seed-server.c');
    await fs.mkdir(path.dirname(original));
    await fs.copyFile(FIXTURE, original);
    const originalBinary = path.join(dir, 'seed-server');
    await compile(original, originalBinary);

    const port = await freeLoopbackPort();
    await serveOnce(originalBinary, [], port, GREETING, 'original server, first run');
    assert.ok(
      (await waitForTimeWait(port)) > 0,
      `no TIME_WAIT on 127.0.0.1:${port} in /proc/net/tcp after the server closed first`,
    );

    // 2. Restarting it fails while the TIME_WAIT lasts.
    const restart = await startServer(originalBinary, port).exited;
    assert.equal(
      restart.code,
      EXIT_ADDRESS_IN_USE,
      `original server restarted with ${restart.code}: ${restart.stdout}${restart.stderr}`,
    );
    assert.match(restart.stderr, /bind: Address already in use/);

    // 3. The CLI finds the problem in a copy of the source and fixes it.
    const work = path.join(dir, 'work');
    await fs.mkdir(work);
    const source = path.join(work, 'seed-server.c');
    await fs.copyFile(FIXTURE, source);
    const before = await runCli(['check', '--format', 'json', 'seed-server.c'], work);
    assert.equal(before.code, 1, `check before the fix: exit ${before.code}\n${before.stderr}`);
    const findings = (JSON.parse(before.stdout) as { findings: { rule: string; line: number; file: string }[] }).findings;
    const bindLine = (await fs.readFile(FIXTURE, 'utf8')).split('\n').findIndex((l) => /\bbind\(/.test(l)) + 1;
    assert.deepEqual(
      findings.filter((f) => f.rule === 'missing-reuseaddr').map((f) => [f.file, f.line]),
      [['seed-server.c', bindLine]],
      `findings before the fix: ${before.stdout}`,
    );

    const fixed = await runCli(['check', '--fix', 'seed-server.c'], work);
    assert.equal(fixed.code, 0, `check --fix: exit ${fixed.code}\n${fixed.stdout}${fixed.stderr}`);
    assert.match(fixed.stdout, /Fixed 1 problem in 1 file\./);
    const fixedText = await fs.readFile(source, 'utf8');
    const setsockoptAt = fixedText.search(/setsockopt\s*\(\s*sock\s*,\s*SOL_SOCKET\s*,\s*SO_REUSEADDR\s*,/);
    assert.ok(setsockoptAt >= 0, `no setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, ...) in the fixed source:\n${fixedText}`);
    assert.ok(setsockoptAt < fixedText.search(/\bbind\s*\(/), 'setsockopt must come before bind');
    const again = await runCli(['check', 'seed-server.c'], work);
    assert.equal(again.code, 0, `check after the fix: ${again.stdout}`);

    const fixedBinary = path.join(dir, 'seed-server-fixed');
    await compile(source, fixedBinary);

    // 4. The kernel fact: the old server's TIME_WAIT (no SO_REUSEADDR there) blocks even the fixed server.
    assert.ok((await timeWaitOnLoopbackPort(port)) > 0, 'the original TIME_WAIT ended already (it lasts 60 s)');
    const blocked = await startServer(fixedBinary, port).exited;
    assert.equal(
      blocked.code,
      EXIT_ADDRESS_IN_USE,
      `fixed server over the unfixed server's TIME_WAIT: exit ${blocked.code} ${blocked.stderr}`,
    );

    // 5. The fixed server leaves TIME_WAIT of its own, and restarts across it at once.
    const freshPort = await freeLoopbackPort();
    await serveOnce(fixedBinary, [], freshPort, GREETING, 'fixed server, first run');
    assert.ok(
      (await waitForTimeWait(freshPort)) > 0,
      `no TIME_WAIT on 127.0.0.1:${freshPort} after the fixed server closed first`,
    );
    await serveOnce(fixedBinary, [], freshPort, GREETING, 'fixed server, immediate restart');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
