// Installs the project's npm dependencies when they are missing or older than the lock file,
// so `npm test` and `npm start` work in a fresh clone without a separate `npm ci`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './paths.mjs';

/** Why an install is needed, or undefined when node_modules is current. */
export function dependenciesOutdated() {
  const installedLock = path.join(projectRoot, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installedLock)) return 'node_modules is missing';
  const lock = path.join(projectRoot, 'package-lock.json');
  if (fs.statSync(lock).mtimeMs > fs.statSync(installedLock).mtimeMs) return 'package-lock.json changed since the last install';
  return undefined;
}

export function ensureDependencies({ log = console.log } = {}) {
  const reason = dependenciesOutdated();
  if (!reason) return false;
  log(`${reason}: running npm ci`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ci failed (${result.error?.message ?? `exit ${result.status}`})`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) ensureDependencies();
