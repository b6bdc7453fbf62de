import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { envPorts, isPortKey } from '../../../../src/ports/sources/env-ports';
import { columnOf, fixture, rows } from './fixture';

describe('.env ports', () => {
  test('PORT, *_PORT, quoted values and export lines, with their lines', () => {
    const { file, text } = fixture('.env');
    const found = envPorts(file, text);
    assert.deepEqual(rows(found), [`3000@1:0`, `5432@2:0`, `6379@3:${columnOf(text, 3, 'REDIS_PORT')}`]);
    assert.ok(found.every((f) => f.source.kind === 'env' && f.source.file === file));
    assert.equal(found[1].source.text, 'DB_PORT="5432"');
  });

  test('keys that only contain PORT, non-numeric values and port 0 are not ports', () => {
    const text = 'PASSPORT=1\nSUPPORT_LEVEL=2\nPORT=abc\nAPI_PORT=0\nWEB_PORT=70000\nPORT_COUNT=3\n#PORT=3000\nX_PORT=4000\n';
    assert.deepEqual(rows(envPorts('/x/.env', text)), ['4000@7:0']);
  });

  test('CRLF line endings (files saved on Windows)', () => {
    assert.deepEqual(rows(envPorts('/x/.env', 'A=1\r\nPORT=3000\r\nWEB_PORT=4000 # web\r\n')), ['3000@1:0', '4000@2:0']);
  });

  test('isPortKey', () => {
    assert.equal(isPortKey('port'), true);
    assert.equal(isPortKey('VITE_PORT'), true);
    assert.equal(isPortKey('PASSPORT'), false);
    assert.equal(isPortKey('PORTS'), false);
  });
});
