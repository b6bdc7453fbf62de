import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  minimumNodeVersion,
  nodeVersionFrom,
  readNodeVersion,
  supportsReusePort,
} from '../../../../src/analysis/js/node-version';

test('engines.node wins over .nvmrc; .nvmrc forms', () => {
  assert.equal(nodeVersionFrom('{"engines":{"node":">=18 <23"}}', '22.12.0'), '>=18 <23');
  assert.equal(nodeVersionFrom('{"name":"x"}', 'v22.12.0\n'), '22.12.0');
  assert.equal(nodeVersionFrom(undefined, '# pinned\nlts/iron\n'), '20');
  assert.equal(nodeVersionFrom(undefined, 'lts/*'), undefined);
  assert.equal(nodeVersionFrom(undefined, 'node'), undefined);
  assert.equal(nodeVersionFrom('{ not json', undefined), undefined);
  assert.equal(nodeVersionFrom(undefined, undefined), undefined);
});

test('the lowest version a range allows', () => {
  assert.deepEqual(minimumNodeVersion('>=20'), { major: 20, minor: undefined, patch: undefined });
  assert.deepEqual(minimumNodeVersion('^22.12.0'), { major: 22, minor: 12, patch: 0 });
  assert.deepEqual(minimumNodeVersion('^18.0.0 || >=22.12'), { major: 18, minor: 0, patch: 0 });
  assert.deepEqual(minimumNodeVersion('20.1.0 - 22'), { major: 20, minor: 1, patch: 0 });
  assert.equal(minimumNodeVersion('<22'), undefined);
  assert.equal(minimumNodeVersion('*'), undefined);
});

test('reusePort support: 22.12+ on 22, 23.1+ after; open minor versions stay unknown', () => {
  assert.equal(supportsReusePort('>=20'), false);
  assert.equal(supportsReusePort('^22.11.0'), false);
  assert.equal(supportsReusePort('^22.12.0'), true);
  assert.equal(supportsReusePort('23.0.0'), false);
  assert.equal(supportsReusePort('>=23.1'), true);
  assert.equal(supportsReusePort('24'), true);
  assert.equal(supportsReusePort('22'), undefined);
  assert.equal(supportsReusePort('^18 || ^22.12'), false);
});

test('readNodeVersion reads package.json and .nvmrc from a folder', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-nodever-'));
  try {
    assert.equal(await readNodeVersion(dir), undefined);
    fs.writeFileSync(path.join(dir, '.nvmrc'), 'v23.4.0\n');
    assert.equal(await readNodeVersion(dir), '23.4.0');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ engines: { node: '>=20.0.0' } }));
    assert.equal(await readNodeVersion(dir), '>=20.0.0');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
