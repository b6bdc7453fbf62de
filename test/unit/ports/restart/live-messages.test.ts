// The runtimes installed here print their message now, against a real listener on 127.0.0.1,
// and the recogniser reads it: the captured fixtures are not the only evidence.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { recogniseBindFailure } from '../../../../src/ports/restart/bind-failure';
import { gcc } from '../../../shared/gcc';
import { type Listener, listenOnLoopback } from '../../../shared/loopback';
import { fixturePath } from '../../../shared/repo-paths';

function stderrOf(file: string, args: string[]): string {
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (r.error) throw new Error(`${file} could not run (${r.error.message}); it is needed for this test`);
  assert.notEqual(r.status, 0, `${file} ${args.join(' ')} bound a port that is taken`);
  return r.stderr + r.stdout;
}

describe('messages printed now by the runtimes installed here', () => {
  let held: Listener;
  before(async () => {
    held = await listenOnLoopback();
  });
  after(() => held.close());

  test('node net.listen', () => {
    const out = stderrOf(process.execPath, ['-e', `require('net').createServer().listen(${held.port}, '127.0.0.1')`]);
    assert.deepEqual(
      { ...recogniseBindFailure(out), line: undefined },
      { runtime: 'node', port: held.port, address: '127.0.0.1', protocol: 'tcp', line: undefined },
    );
  });

  test('python3 socket.bind and asyncio', () => {
    const plain = stderrOf('python3', ['-c', `import socket; socket.socket().bind(('127.0.0.1', ${held.port}))`]);
    assert.equal(recogniseBindFailure(plain)?.runtime, 'python');
    const asyncio = stderrOf('python3', [
      '-c',
      `import asyncio\nasync def m(): await asyncio.start_server(lambda r, w: None, '127.0.0.1', ${held.port})\nasyncio.run(m())`,
    ]);
    assert.equal(recogniseBindFailure(asyncio)?.port, held.port);
  });

  test('C perror("bind")', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-perror-'));
    try {
      const binary = path.join(dir, 'bind');
      await gcc(['-o', binary, fixturePath('restart', 'programs', 'bind-perror.c')], 'to compile the perror sample');
      const out = stderrOf(binary, [String(held.port)]);
      assert.equal(out.trim(), 'bind: Address already in use');
      assert.equal(recogniseBindFailure(out)?.runtime, 'c');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
