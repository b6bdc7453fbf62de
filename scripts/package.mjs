// `npm run package`: the .vsix users install, built offline from the production bundle. Its
// contents are what .vscodeignore allows; `npm test` installs this file and smoke-tests the copy.
//
//   node scripts/package.mjs           writes address-in-use-<version>.vsix in the project folder
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from './build.mjs';
import { projectRoot } from './paths.mjs';

export function vsixPath() {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  return path.join(projectRoot, `${name}-${version}.vsix`);
}

/** Builds the production bundle and the .vsix; returns its path and size in bytes. */
export function packageVsix({ quiet = false } = {}) {
  bundle({ production: true });
  const output = vsixPath();
  const vsce = path.join(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(
    process.execPath,
    [
      vsce,
      'package',
      '--no-dependencies', // the bundle holds them
      '--no-rewrite-relative-links', // no public repository to point links at
      '--allow-missing-repository',
      '--out',
      output,
    ],
    { cwd: projectRoot, stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`vsce package failed (${result.error?.message ?? `exit ${result.status}`})`);
  return { file: output, bytes: fs.statSync(output).size };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { file, bytes } = packageVsix();
    console.log(`${path.relative(projectRoot, file)}: ${(bytes / 1024 / 1024).toFixed(2)} MB`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
