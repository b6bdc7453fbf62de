// Runs the CLI's bundles (dist/cli-main.js; dist/cli-ports.js for `ports`) through a V8 code
// cache kept in the user's cache folder. Compiling the bundle and the functions a command runs
// was a third of what `address-in-use ports 8080` added to node's own start; with the cache V8
// deserializes them.
// One cache file per command (the functions `ports` runs are not those `check` runs), written
// after the command ran, so it holds every function the command compiled. Any failure (no home,
// read-only folder, a cache from another node or an older bundle) runs the bundle as usual.
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import * as vm from 'vm';

/** The commands that get a cache file of their own; the rest share one. */
const COMMANDS = new Set(['ports', 'stop', 'check', 'run', 'help']);

/** Set to 0 to run without the cache (nothing read or written). */
export const CODE_CACHE_ENV = 'ADDRESS_IN_USE_CODE_CACHE';

/** Where the cache files live: $XDG_CACHE_HOME or ~/.cache (LOCALAPPDATA on Windows); undefined when there is no such folder. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env[CODE_CACHE_ENV] === '0') return undefined;
  const base =
    platform === 'win32' ? env.LOCALAPPDATA : env.XDG_CACHE_HOME || (env.HOME ? path.join(env.HOME, '.cache') : undefined);
  return base && path.isAbsolute(base) ? path.join(base, 'address-in-use', 'code-cache') : undefined;
}

/** The cache file of the command in `argv` (`--help` and no command count as help). */
export function cacheFile(dir: string, argv: readonly string[]): string {
  const first = argv[0];
  const command = first === undefined || first === '--help' || first === '-h' ? 'help' : first;
  return path.join(dir, `cli-${COMMANDS.has(command) ? command : 'other'}.bin`);
}

/**
 * What a cache file must start with to be used for this bundle: node's version and arch, and
 * the bundle's size and mtime. V8 itself refuses data from another V8 or other flags, but it
 * only compares the source's length, so a rebuilt bundle must not meet its old cache.
 */
function cacheKey(bundle: string, stat: fs.Stats): string {
  return `address-in-use code cache 1 ${process.version} ${process.arch} ${stat.size} ${stat.mtimeMs} ${bundle}\n`;
}

function readCache(file: string, key: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const head = Buffer.from(key, 'utf8');
  return data.length > head.length && data.subarray(0, head.length).equals(head) ? data.subarray(head.length) : undefined;
}

/** Written whole under a temporary name, then renamed: a concurrent run reads the old file or the new one. */
function writeCache(file: string, key: string, data: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(key, 'utf8'), data]), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    // No cache this time; the next run tries again.
  }
}

/**
 * Loads `bundle` (a CommonJS file) like require() does and returns its exports, compiled with
 * the cached code of `argv`'s command when there is a valid one. `dir`: the cache folder, or
 * undefined to load without a cache.
 */
export function loadWithCodeCache(bundle: string, argv: readonly string[], dir = cacheDir()): unknown {
  if (dir === undefined) return createRequire(bundle)(bundle) as unknown;
  let source: string;
  let stat: fs.Stats;
  try {
    source = fs.readFileSync(bundle, 'utf8');
    stat = fs.statSync(bundle);
  } catch {
    return createRequire(bundle)(bundle) as unknown;
  }
  const file = cacheFile(dir, argv);
  const key = cacheKey(bundle, stat);
  const cachedData = readCache(file, key);
  // The wrapper require() puts around a CommonJS file; the bundle's own lines keep their numbers.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // After the command: the cache then holds the functions it compiled, not just the top level.
    process.once('exit', () => writeCache(file, key, script.createCachedData()));
  }
  const mod = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  return mod.exports;
}
