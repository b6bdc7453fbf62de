// The two build steps every runner needs: the esbuild bundle (dist/, what VS Code loads) and
// the tsc output (out/, what the tests run).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { projectRoot } from './paths.mjs';

function runNode(args, what) {
  const result = spawnSync(process.execPath, args, { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
}

/** esbuild: dist/extension.js, dist/cli.js and the wasm files beside them. */
export function bundle({ production = false } = {}) {
  runNode([path.join(projectRoot, 'esbuild.mjs'), ...(production ? ['--production'] : [])], 'the esbuild bundle (node esbuild.mjs)');
}

/** tsc -p . : type-checks everything and emits out/ (tests included). */
export function compile() {
  runNode([path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', projectRoot], 'the TypeScript compile (tsc -p .)');
}
