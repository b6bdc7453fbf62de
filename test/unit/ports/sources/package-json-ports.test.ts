import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { packageJsonPorts } from '../../../../src/ports/sources/package-json-ports';
import { commandLinePorts } from '../../../../src/ports/sources/command-line-ports';
import { isPortKey } from '../../../../src/ports/sources/env-ports';
import { columnOf, fixture, rows } from './fixture';

describe('package.json script ports', () => {
  test('--port N, --port=N, -p N, PORT=N and docker -p ip:host:container, each on its script line', () => {
    const { file, text } = fixture('package.json');
    const found = packageJsonPorts(file, text);
    assert.deepEqual(rows(found), [
      `5173@3:${columnOf(text, 3, '--port')}`,
      `4001@4:${columnOf(text, 4, 'PORT=')}`,
      `3002@5:${columnOf(text, 5, '-p')}`,
      `8000@6:${columnOf(text, 6, '--port=')}`,
      `8088@7:${columnOf(text, 7, '-p')}`,
    ]);
    assert.ok(found.every((f) => f.source.kind === 'package-json'));
    assert.equal(found[0].source.text, '"dev": "vite --port 5173",');
  });

  test('no scripts, broken JSON and non-port flags give nothing', () => {
    assert.deepEqual(packageJsonPorts('/p/package.json', '{"name":"x"}'), []);
    assert.deepEqual(packageJsonPorts('/p/package.json', '{"scripts": '), []);
    assert.deepEqual(
      packageJsonPorts('/p/package.json', '{"scripts":{"b":"tsc -p tsconfig.json","c":"x --portal 3","d":"SUPPORT=3000 x"}}'),
      [],
    );
  });

  test('command lines', () => {
    assert.deepEqual(
      commandLinePorts('cross-env PORT=4000 next dev --port 4001', isPortKey).map((p) => p.port),
      [4000, 4001],
    );
    assert.deepEqual(
      commandLinePorts('http-server -p 8080 -c-1', isPortKey).map((p) => p.port),
      [8080],
    );
    assert.deepEqual(
      commandLinePorts('docker run -p 8080:80 x', isPortKey).map((p) => p.port),
      [8080],
    );
    assert.deepEqual(commandLinePorts('x --port 1.2.3', isPortKey), []);
  });
});
