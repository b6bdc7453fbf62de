// Workspace files are data: a hostile or broken .env, package.json, compose file, launch.json or
// settings.json never throws out of its reader, never pollutes prototypes, never runs anything,
// and every port it yields is an integer in 1..65535. Seeded; FUZZ_SEED replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { discoverWorkspacePorts } from '../../../../src/ports/discovery';
import { composePorts } from '../../../../src/ports/sources/compose-ports';
import { envPorts } from '../../../../src/ports/sources/env-ports';
import { launchJsonPorts } from '../../../../src/ports/sources/launch-json-ports';
import { packageJsonPorts } from '../../../../src/ports/sources/package-json-ports';
import { settingPortsInSettingsJson } from '../../../../src/ports/sources/setting-ports';
import type { FoundPort } from '../../../../src/ports/sources/source';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

const READERS: [string, (file: string, text: string) => FoundPort[]][] = [
  ['.env', envPorts],
  ['package.json', packageJsonPorts],
  ['docker-compose.yml', composePorts],
  ['.vscode/launch.json', launchJsonPorts],
  ['.vscode/settings.json', settingPortsInSettingsJson],
];

const HOSTILE = [
  '',
  '\0\0\0',
  '\uFEFF{"scripts":{"dev":"vite --port 3000"}}',
  '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"scripts":{"x":"node -p 1 --port=99999999999999999999"}}',
  '{"scripts":{"a":"$(rm -rf ~) --port 3000; `touch /tmp/address-in-use-pwned`"}}',
  '['.repeat(100_000),
  '{"a":'.repeat(50_000),
  'ports:\n' + '  - '.repeat(10_000) + '"3000:3000"',
  'services:\n  a:\n    ports: &x\n      - *x\n',
  'a: &a [*a, *a, *a]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b]\n',
  'PORT=3000\r\nPORT=\u0663\u0660\u0660\u0660\nPORT=-1\nPORT=1e3\nPORT=0x50\nPORT=65536\nexport PORT=$(id)\n',
  '{"configurations":[{"port":1.5},{"port":-80},{"port":"80; id"},{"port":1e309},{"env":{"PORT":{"toString":"x"}}}]}',
  '{"addressInUse.ports":[3000,"3001",1e400,-1,65536,3000.5,null,{}]}',
  'services:\n  web:\n    ports:\n      - "0-65535:0-65535"\n      - "1-9999999:1-9999999"\n',
];

function assertPorts(found: FoundPort[], what: string): void {
  for (const f of found) assert.ok(Number.isInteger(f.port) && f.port >= 1 && f.port <= 65535, `${what}: port ${f.port}`);
}

test('hostile texts: every reader returns valid ports or none, and no prototype is polluted', () => {
  for (const [name, read] of READERS) {
    for (const text of HOSTILE) {
      const found = read(`/w/${name}`, text);
      assertPorts(found, `${name} on ${JSON.stringify(text.slice(0, 40))}`);
    }
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
});

test(`random texts never throw out of a reader (seed ${SEED})`, () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...READERS),
      fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.json(),
        fc.jsonValue().map((v) => JSON.stringify({ scripts: v, ports: v })),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
      ),
      ([name, read], text) => assertPorts(read(`/w/${name}`, text), name),
    ),
    { seed: SEED, numRuns: 2000 },
  );
});

test('discovery over a workspace of hostile files finishes, runs nothing and reports only valid ports', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-hostile-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const marker = path.join(dir, 'pwned');
  await fs.mkdir(path.join(dir, '.vscode'));
  await fs.writeFile(path.join(dir, 'package.json'), `{"scripts":{"dev":"touch ${marker} --port 3000"},"main":"evil.js"}`);
  await fs.writeFile(path.join(dir, 'evil.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`);
  await fs.writeFile(path.join(dir, '.env'), `PORT=$(touch ${marker})\nAPI_PORT=8080\n`);
  await fs.writeFile(path.join(dir, 'docker-compose.yml'), '['.repeat(100_000));
  await fs.writeFile(path.join(dir, '.vscode', 'launch.json'), '{"a":'.repeat(50_000));
  await fs.writeFile(path.join(dir, '.vscode', 'settings.json'), '{"addressInUse.ports": "3000"');
  const ports = await discoverWorkspacePorts(dir);
  assert.deepEqual(
    ports.map((p) => p.port),
    [3000, 8080],
  );
  await assert.rejects(fs.stat(marker), { code: 'ENOENT' }, 'something from the workspace was run');
});
