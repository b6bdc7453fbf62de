// The two build steps every runner needs: the esbuild bundle (dist/, what VS Code loads) and
// the tsc output (out/, what the tests run).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './paths.mjs';

function runNode(args, what) {
  const result = spawnSync(process.execPath, args, { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
}

/** esbuild: dist/extension.js, dist/cli.js and the wasm files beside them. */
export function bundle({ production = false } = {}) {
  runNode(
    [path.join(projectRoot, 'esbuild.mjs'), ...(production ? ['--production'] : [])],
    'the esbuild bundle (node esbuild.mjs)',
  );
}

/**
 * tsc -p . : type-checks everything and emits out/ (tests included). out/ is emptied first, so
 * a test deleted or renamed in the sources never runs again from a stale .js.
 */
export function compile() {
  fs.rmSync(path.join(projectRoot, 'out'), { recursive: true, force: true });
  runNode(
    [path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', projectRoot],
    'the TypeScript compile (tsc -p .)',
  );
}

/**
 * ESLint (type-checked) and Prettier's check. Throws with the command that fixes what can be
 * fixed, so a red run says what to type.
 */
export function lint() {
  const failures = [];
  /** Runs a tool's bin script; a missing script is a broken install, not a lint failure. */
  const run = (pkg, script, args) => {
    const file = path.join(projectRoot, 'node_modules', pkg, 'bin', script);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm ci\``);
    return spawnSync(process.execPath, [file, ...args], { cwd: projectRoot, stdio: 'inherit' }).status;
  };
  if (run('eslint', 'eslint.js', ['--max-warnings=0', '.']) !== 0)
    failures.push('ESLint found problems: `npm run lint -- --fix` fixes some, the rest are listed above');
  if (run('prettier', 'prettier.cjs', ['--check', '.']) !== 0)
    failures.push('files are not formatted: `npm run format` formats them');
  if (failures.length > 0) throw new Error(failures.join('; '));
}
