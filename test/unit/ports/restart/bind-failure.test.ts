import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { OutputTail, recogniseBindFailure, splitHostPort, stripAnsi } from '../../../../src/ports/restart/bind-failure';
import { fixturePath } from '../../../shared/repo-paths';

interface Case {
  file: string;
  origin: 'captured' | 'reconstructed';
  command: string;
  expect: Record<string, unknown> | null;
}

const { cases } = JSON.parse(fs.readFileSync(fixturePath('restart', 'messages', 'cases.json'), 'utf8')) as { cases: Case[] };

describe('recognising "Address already in use" in output', () => {
  for (const c of cases) {
    test(`${c.file} (${c.origin})`, () => {
      const text = fs.readFileSync(fixturePath('restart', 'messages', c.file), 'utf8');
      const found = recogniseBindFailure(text);
      if (c.expect === null) {
        assert.equal(found, undefined, `recognised ${JSON.stringify(found)}`);
        return;
      }
      assert.ok(found, 'not recognised');
      const { line, ...rest } = found;
      assert.deepEqual(rest, c.expect);
      assert.ok(text.includes(line), 'the line is one of the output');
    });
  }

  test('every sample folder is listed in cases.json', () => {
    const dir = fixturePath('restart', 'messages');
    const files = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.split('\\').join('/'))
      .sort();
    assert.deepEqual(files, cases.map((c) => c.file).sort());
  });

  test('the port is read exactly: 30001 is 30001, never 3000', () => {
    assert.equal(recogniseBindFailure('Error: listen EADDRINUSE: address already in use :::30001')?.port, 30001);
    assert.equal(recogniseBindFailure('listen tcp :30001: bind: address already in use')?.port, 30001);
    assert.equal(recogniseBindFailure('Port 30001 is in use by another program.')?.port, 30001);
    // 99999 is no port: the failure is still recognised, with no port.
    const bad = recogniseBindFailure('Error: listen EADDRINUSE: address already in use :::99999');
    assert.equal(bad?.runtime, 'node');
    assert.equal(bad?.port, undefined);
  });

  test('colours are removed before matching (uvicorn colours its level)', () => {
    const line =
      "\u001b[31mERROR\u001b[0m:    [Errno 98] error while attempting to bind on address ('127.0.0.1', 8000): address already in use";
    assert.equal(stripAnsi('\u001b[1;31mx\u001b[0m'), 'x');
    assert.deepEqual(recogniseBindFailure(line), {
      runtime: 'uvicorn',
      line: stripAnsi(line),
      port: 8000,
      address: '127.0.0.1',
      protocol: 'tcp',
    });
  });

  test('ordinary output is not a failure', () => {
    for (const text of [
      'Server listening on :::3000',
      'GET /address 200 in use',
      'Port 5173 is in use, trying another one...',
      'EADDRNOTAVAIL: cannot assign requested address',
      '',
    ]) {
      assert.equal(recogniseBindFailure(text), undefined, text);
    }
  });

  test('a line naming the port wins over an earlier one that does not (werkzeug prints both)', () => {
    const found = recogniseBindFailure('Address already in use\nPort 5000 is in use by another program.');
    assert.equal(found?.runtime, 'werkzeug');
    assert.equal(found?.port, 5000);
  });

  test('host:port splitting', () => {
    assert.deepEqual(splitHostPort(':::3000'), { address: '::', port: 3000 });
    assert.deepEqual(splitHostPort('[::1]:3000'), { address: '::1', port: 3000 });
    assert.deepEqual(splitHostPort(':8080'), { address: '', port: 8080 });
    assert.equal(splitHostPort('3000'), undefined);
    assert.equal(splitHostPort('host:0'), undefined);
  });

  test('the output tail keeps the last characters, bounded', () => {
    const tail = new OutputTail(10);
    for (let i = 0; i < 100; i++) tail.push('abcdefghij');
    tail.push('Z');
    assert.equal(tail.value, 'bcdefghijZ');
  });
});
