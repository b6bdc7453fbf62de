#!/usr/bin/env node
// `npm run bench`: compiles the project and runs every benchmark under bench/, each printing
// its figures as ratios against a baseline measured in the same run. Not part of `npm test`:
// speed is reported, never asserted.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

ensureDependencies();
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root]);
run(process.execPath, [path.join(root, 'esbuild.mjs')]); // bench/ports-cli and bench/workspace run the shipped bundles, as users do
const only = process.argv.slice(2);
/** Modules the benches share, not benches themselves. */
const HELPERS = new Set(['corpus.ts', 'cpu-load.ts', 'cold-parse.ts']);
const benches = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !HELPERS.has(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => only.length === 0 || only.includes(name));
for (const name of benches) {
  console.log(`\n== bench/${name} ==`);
  run(process.execPath, [path.join(root, 'out', 'bench', `${name}.js`)]);
}
