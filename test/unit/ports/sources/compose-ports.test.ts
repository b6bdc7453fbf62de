import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { composePorts, parseShortPortSpec } from '../../../../src/ports/sources/compose-ports';
import { columnOf, fixture, rows } from './fixture';

describe('docker-compose ports', () => {
  test('host side of short syntax, ranges, interpolation defaults, long syntax and flow sequences', () => {
    const { file, text } = fixture('docker-compose.yml');
    const found = composePorts(file, text);
    assert.deepEqual(rows(found), [
      `8080@4:8/tcp`,
      `5433@5:8/tcp`,
      `9090@7:8/tcp`,
      `9091@7:8/tcp`,
      `8443@8:8/tcp`,
      `53@13:6/udp`,
      `9154@15:6/tcp`,
      `1901@18:6/udp`,
      `15432@24:${columnOf(text, 24, '"15432')}/tcp`,
      `6001@24:${columnOf(text, 24, "'[::1]")}/tcp`,
    ]);
    assert.ok(found.every((f) => f.source.kind === 'docker-compose'));
    assert.ok(
      !found.some((f) => f.port === 7777 || f.port === 3000 || f.port === 444),
      'expose, container-only and unset variables publish nothing',
    );
  });

  test('short syntax entries', () => {
    assert.deepEqual(parseShortPortSpec('"3000"'), { ports: [], protocol: 'tcp' });
    assert.deepEqual(parseShortPortSpec('127.0.0.1::80'), { ports: [], protocol: 'tcp' });
    assert.deepEqual(parseShortPortSpec("'6060:6060/udp'"), { ports: [6060], protocol: 'udp' });
    assert.deepEqual(parseShortPortSpec('${P-7070}:70'), { ports: [7070], protocol: 'tcp' });
    assert.equal(parseShortPortSpec('1-65535:1-65535')?.ports.length, 64, 'ranges are capped');
  });

  test('a ports key ends at the next key of its level', () => {
    const text =
      'services:\n  a:\n    ports:\n      - "1111:1"\n    command: ["-p", "2222:2"]\n  b:\n    environment:\n      - "3333:3"\n';
    assert.deepEqual(rows(composePorts('/c/compose.yaml', text)), ['1111@3:8/tcp']);
  });
});

test('compose files with CRLF line endings', () => {
  const text = 'services:\r\n  a:\r\n    ports:\r\n      - "1234:1"\r\n      - target: 2\r\n        published: 2345\r\n';
  assert.deepEqual(rows(composePorts('/c/compose.yml', text)), ['1234@3:8/tcp', '2345@5:8/tcp']);
});
