import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { recogniseBindFailure } from '../../../../src/ports/restart/bind-failure';
import { commandLinePorts, inferFailedPort, programSource, shellWords } from '../../../../src/ports/restart/failed-port';
import { fixturePath } from '../../../shared/repo-paths';

const PERROR = recogniseBindFailure('bind: Address already in use')!;
const SOURCES = fixturePath('restart', 'programs', 'source');
const ports = (line: string) => commandLinePorts(shellWords(line)).map((f) => `${f.port} ${f.detail}`);

describe('the port of a failure whose message names none', () => {
  test('shell words: quotes, backslashes, separators', () => {
    assert.deepEqual(shellWords(`PORT=3000 node "my server.js" --name 'a b' x\\ y; echo`), [
      'PORT=3000',
      'node',
      'my server.js',
      '--name',
      'a b',
      'x y',
      'echo',
    ]);
  });

  test('command-line flags, assignments and the server modules', () => {
    assert.deepEqual(ports('node server.js --port 3000'), ['3000 --port 3000']);
    assert.deepEqual(ports('node server.js --port=3000'), ['3000 --port=3000']);
    assert.deepEqual(ports('serve -p 8080'), ['8080 -p 8080']);
    assert.deepEqual(ports('PORT=4000 npm start'), ['4000 PORT=4000']);
    assert.deepEqual(ports('java -jar app.jar --server.port=8081'), ['8081 --server.port=8081']);
    assert.deepEqual(ports('gunicorn -b 0.0.0.0:8000 app:app'), ['8000 -b 0.0.0.0:8000']);
    assert.deepEqual(ports('python3 -m http.server 8000'), ['8000 http.server 8000']);
    assert.deepEqual(ports('python manage.py runserver 0.0.0.0:8001'), ['8001 runserver 0.0.0.0:8001']);
    assert.deepEqual(ports('docker run -p 8080:80 nginx'), ['8080 -p 8080:80']);
    assert.deepEqual(ports('./seed-server 45000'), ['45000 the argument 45000']);
    // A flag wins over a bare number; a number is not a port when it is the program.
    assert.deepEqual(ports('./server 3 --port 3000'), ['3000 --port 3000']);
    assert.deepEqual(ports('node server.js'), []);
    assert.deepEqual(ports('node server.js --port 99999'), []);
  });

  test('from the command line, with its evidence', async () => {
    const r = await inferFailedPort(PERROR, { command: './server --port 3000' });
    assert.deepEqual(r.port, { port: 3000, evidence: 'command-line', detail: '--port 3000' });
  });

  test("from the launch configuration's env", async () => {
    const r = await inferFailedPort(PERROR, { command: ['node', 'app.js'], env: { PORT: '3100', HOME: '/x' } });
    assert.equal(r.port?.port, 3100);
    assert.equal(r.port?.evidence, 'command-line');
    assert.equal(r.port?.detail, 'PORT=3100 in its environment');
  });

  test("from the program's source, read by the analyzer's port discovery", async () => {
    const r = await inferFailedPort(PERROR, { command: 'node server.js', cwd: SOURCES });
    assert.equal(r.port?.port, 4321);
    assert.equal(r.port?.evidence, 'source');
    assert.equal(r.port?.file, path.join(SOURCES, 'server.js'));
    assert.equal(r.port?.detail, 'server.js:4');
  });

  test('a compiled program: the C file it is built from', async () => {
    assert.equal(await programSource(['./fixed-port'], SOURCES), path.join(SOURCES, 'fixed-port.c'));
    assert.equal(await programSource(['fixed-port'], SOURCES), undefined, "a program found on PATH is not the folder's");
    const r = await inferFailedPort(PERROR, { command: './fixed-port', cwd: SOURCES });
    assert.deepEqual(r.port, {
      port: 45123,
      protocol: 'tcp',
      evidence: 'source',
      detail: 'fixed-port.c:15',
      file: path.join(SOURCES, 'fixed-port.c'),
      line: 14,
    });
  });

  test('two ports in the source: candidates, no answer', async () => {
    const r = await inferFailedPort(PERROR, { command: 'node two-ports.js', cwd: SOURCES });
    assert.equal(r.port, undefined);
    assert.deepEqual(
      r.candidates.map((c) => c.port),
      [4001, 4002],
    );
  });

  test("the workspace's only port, and nothing when it has several", async () => {
    const one = await inferFailedPort(PERROR, { command: 'make run', workspacePorts: [5000] });
    assert.deepEqual(one.port, { port: 5000, evidence: 'workspace-only', detail: 'port 5000' });
    const many = await inferFailedPort(PERROR, { command: 'make run', workspacePorts: [5000, 6000] });
    assert.equal(many.port, undefined);
    assert.deepEqual(many.candidates, []);
    assert.match(many.why ?? '', /names no port.*the command line.*2 ports/);
  });

  test('the message wins when it names the port', async () => {
    const node = recogniseBindFailure('Error: listen EADDRINUSE: address already in use :::30001')!;
    const r = await inferFailedPort(node, { command: 'node server.js --port 3000', workspacePorts: [3000] });
    assert.equal(r.port?.port, 30001);
    assert.equal(r.port?.evidence, 'message');
  });
});
