// `address-in-use run --wait` on the seed's unfixed server, for real on 127.0.0.1: the restart
// fails inside the TIME_WAIT the first run left; the CLI says so (with the expiry), waits it out
// (up to 60 s on Linux) and starts the server again, which then serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { waitForTimeWait } from './support/proc-net';
import { compile, freeLoopbackPort, readUntilServerCloses, startServer } from './support/processes';
import { fixturePath } from '../shared/repo-paths';

test('run --wait: the unfixed seed server restarts once its TIME_WAIT has expired', { timeout: 150_000 }, async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-run-wait-'));
  try {
    const binary = path.join(dir, 'seed-server');
    await compile(fixturePath('e2e', 'seed-server.c'), binary);
    const port = await freeLoopbackPort();
    const first = startServer(binary, port);
    await first.listening;
    await readUntilServerCloses(port);
    assert.equal((await first.exited).code, 0);
    assert.ok((await waitForTimeWait(port)) > 0, 'the server closed first, so TIME_WAIT is on its port');

    let stdout = '';
    let stderr = '';
    let served: Promise<string> | undefined;
    const started = Date.now();
    const code = await main(['run', '--wait', '--timeout', '90', '--', binary, String(port)], {
      stdout: (s) => {
        stdout += s;
        // The second run listens and waits for one connection: give it one.
        if (stdout.includes('listening on') && !served) served = readUntilServerCloses(port);
      },
      stderr: (s) => void (stderr += s),
      cwd: dir,
    });
    const waitedS = (Date.now() - started) / 1000;
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^bind: Address already in use$/m, 'the first restart failed');
    assert.match(stderr, new RegExp(`port ${port}: from the command line \\(the argument ${port}\\)`));
    assert.match(stderr, new RegExp(`${port}/tcp +TIME_WAIT: nobody listens; 1 socket expire in \\d+ s`));
    assert.match(stderr, new RegExp(`waiting for port ${port} to be free \\(TIME_WAIT expires in \\d+ s; at most 90 s`));
    assert.match(stderr, new RegExp(`port ${port} is free: running the command again`));
    assert.ok(served, 'the second run listened');
    assert.match(await served, /hello from seed-server/);
    assert.ok(waitedS > 5, `the wait lasted ${waitedS} s: it waited for the TIME_WAIT`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
