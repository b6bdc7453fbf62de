import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchJsonPorts } from '../../../../src/ports/sources/launch-json-ports';
import { columnOf, fixture, rows } from './fixture';

describe('.vscode/launch.json ports', () => {
  test('env PORT, args "--port" "N" and "--port=N" despite comments and trailing commas; the debug port is not a server port', () => {
    const { file, text } = fixture('.vscode/launch.json');
    const found = launchJsonPorts(file, text);
    assert.deepEqual(rows(found), [
      `7000@10:${columnOf(text, 10, '"PORT"')}`,
      `7001@13:${columnOf(text, 13, '"--port"')}`,
      `7002@20:${columnOf(text, 20, '"--port=7002"') + 1}`,
    ]);
    assert.ok(found.every((f) => f.source.kind === 'launch-json'));
    assert.ok(!found.some((f) => f.port === 9229));
  });

  test('numbers as env values, and files without configurations', () => {
    const text = '{ "configurations": [ { "env": { "WEB_PORT": 8123, "PORT": "x" } } ] }';
    assert.deepEqual(rows(launchJsonPorts('/w/.vscode/launch.json', text)), ['8123@0:33']);
    assert.deepEqual(launchJsonPorts('/w/.vscode/launch.json', '// nothing\n{}'), []);
    assert.deepEqual(launchJsonPorts('/w/.vscode/launch.json', 'not json'), []);
  });
});
