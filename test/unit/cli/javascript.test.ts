// JavaScript and TypeScript through the CLI: the rules run, --fix rewrites TS, and the Node
// version comes from the nearest package.json above the checked folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { JsonFinding } from '../../../src/cli/format-json';
import { copyFixture, runCli } from './support';

test('JS and TS files are checked; engines.node of the nearest package.json reaches the rules', async (t) => {
  const dir = await copyFixture(t, 'node-project');
  // Checked from src/: package.json is one folder up.
  const run = await runCli(['check', '--format', 'json'], path.join(dir, 'src'));
  assert.equal(run.code, 1);
  const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
  assert.deepEqual(
    findings.map((f) => [f.file, f.line, f.rule, f.severity]),
    [
      ['balancer.js', 6, 'reuseport-unsupported', 'information'],
      ['mdns.ts', 4, 'dgram-missing-reuseaddr', 'warning'],
    ],
  );
  assert.match(findings[0].message, /allows Node >=18/);
});

test('--fix on TypeScript: reuseAddr is added and only the information note remains (exit 0)', async (t) => {
  const dir = await copyFixture(t, 'node-project');
  const run = await runCli(['check', '--fix'], dir);
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /^Fixed 1 problem in 1 file\.\n1 problem \(1 info\) in 2 files\.\n$/m);
  assert.match(
    await fs.readFile(path.join(dir, 'src', 'mdns.ts'), 'utf8'),
    /dgram\.createSocket\(\{ type: 'udp4', reuseAddr: true \}\)/,
  );
});
