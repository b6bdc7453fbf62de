// Finds the files a workspace check analyzes: walks folders asynchronously, skips dependency
// and build-output folders, and never loops through symlinked folders. Pure Node (fs, path).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { grammarForPath } from './parser';

/**
 * Folder names never walked into, by the check and by port discovery alike: dependencies, VCS
 * data, build outputs and tool environments hold no code or configuration of the user's.
 */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'out',
  'build',
  'target',
  '.vscode-test',
  'CMakeFiles',
  'vendor',
  'third_party',
  'third-party',
  '.cache',
  '.next',
  '.nuxt',
  'coverage',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
]);

export function isSkippedDirectory(name: string): boolean {
  return SKIPPED_DIRECTORIES.has(name) || name.startsWith('cmake-build-');
}

/** A path the walk could not use, with a one-line reason for the user. */
export interface WalkNotice {
  path: string;
  message: string;
  /** `error`: the user asked for it and it could not be read; `skipped`: deliberately left out. */
  kind: 'error' | 'skipped';
}

export interface WalkResult {
  /** Absolute, sorted, without duplicates. */
  files: string[];
  notices: WalkNotice[];
}

export interface WalkOptions {
  signal?: AbortSignal;
}

/** One line about a failure for notices: `ENOENT: no such file...`, an Error's message, or the value. */
export function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  // Node's own messages already start with the code ("ENOENT: no such file ..."): say it once.
  if (e?.code && !e.message?.startsWith(`${e.code}:`)) return `${e.code}: ${e.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** What a FIFO, device, socket or folder that has a source file's name is (a Dirent or Stats). */
export function fileKind(entry: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
}): string {
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  if (entry.isSocket()) return 'a socket';
  if (entry.isDirectory()) return 'a folder';
  return 'not a file';
}

/** Git's test for binary content: a NUL byte in the first 8,000 bytes. */
export function binaryNotice(bytes: Uint8Array): string | undefined {
  return bytes.subarray(0, 8000).includes(0) ? 'not analyzed: binary content (NUL bytes), not source text' : undefined;
}

interface Entry {
  name: string;
  /** `skipped`: a source file's name that cannot be read as one (its notice says why). */
  kind: 'dir' | 'file' | 'skipped';
  /** A folder's real path: its parent's plus its name, or the target of a symlink. */
  real?: string;
  message?: string;
}

/**
 * Collects the analyzable files under `roots` (files or folders, absolute or relative to
 * process.cwd()). A root given explicitly is used even if its name is in the skip list; a root
 * file that is not an analyzable language is reported as skipped.
 *
 * Folders are walked in order (so which path reaches a folder first, and the notices, do not
 * depend on timing), while the listings of the folders below are read ahead concurrently. A
 * real path costs a syscall only for a root or a symlink: below, it is the parent's plus the name.
 */
export async function collectWorkspaceFiles(roots: readonly string[], options: WalkOptions = {}): Promise<WalkResult> {
  const files = new Set<string>();
  const notices: WalkNotice[] = [];
  // Real paths of folders already walked: a symlink back up the tree is walked at most once.
  const visited = new Set<string>();
  // Listings by real path, read ahead of the walk.
  const listings = new Map<string, Promise<Entry[]>>();

  function listing(dir: string, real: string): Promise<Entry[]> {
    let list = listings.get(real);
    if (!list) {
      list = readListing(dir, real);
      list.catch(() => {}); // a read-ahead nobody walks to must not be an unhandled rejection
      listings.set(real, list);
    }
    return list;
  }

  async function readListing(dir: string, real: string): Promise<Entry[]> {
    if (options.signal?.aborted) return [];
    const dirents = await fs.readdir(dir, { withFileTypes: true });
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const entries = await Promise.all(
      dirents.map(async (entry): Promise<Entry | undefined> => {
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        let kind: import('node:fs').Dirent | import('node:fs').Stats = entry;
        let childReal = path.join(real, entry.name);
        if (entry.isSymbolicLink()) {
          try {
            const target = await fs.stat(path.join(dir, entry.name));
            isDir = target.isDirectory();
            isFile = target.isFile();
            kind = target;
            if (isDir && !isSkippedDirectory(entry.name)) childReal = await fs.realpath(path.join(dir, entry.name));
          } catch (err) {
            // A dangling link or a loop of links: said once for a source file's name, else ignored.
            return grammarForPath(entry.name)
              ? { name: entry.name, kind: 'skipped', message: `not analyzed: broken symbolic link (${errorText(err)})` }
              : undefined;
          }
        }
        if (isDir) return isSkippedDirectory(entry.name) ? undefined : { name: entry.name, kind: 'dir', real: childReal };
        if (!grammarForPath(entry.name)) return undefined;
        return isFile
          ? { name: entry.name, kind: 'file' }
          : { name: entry.name, kind: 'skipped', message: `not analyzed: not a regular file (${fileKind(kind)})` };
      }),
    );
    const list = entries.filter((e): e is Entry => e !== undefined);
    for (const e of list) if (e.kind === 'dir') void listing(path.join(dir, e.name), e.real!);
    return list;
  }

  async function walk(dir: string, real: string): Promise<void> {
    if (options.signal?.aborted || visited.has(real)) return;
    visited.add(real);
    let entries: Entry[];
    try {
      entries = await listing(dir, real);
    } catch (err) {
      notices.push({ path: dir, message: `cannot read folder (${errorText(err)})`, kind: 'error' });
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.kind === 'dir') await walk(full, entry.real!);
      else if (entry.kind === 'skipped') notices.push({ path: full, message: entry.message!, kind: 'skipped' });
      else files.add(full);
    }
  }

  for (const root of roots) {
    if (options.signal?.aborted) break;
    const abs = path.resolve(root);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch (err) {
      notices.push({ path: abs, message: `cannot read (${errorText(err)})`, kind: 'error' });
      continue;
    }
    if (stat.isDirectory()) {
      let real: string;
      try {
        real = await fs.realpath(abs);
      } catch (err) {
        notices.push({ path: abs, message: `cannot read folder (${errorText(err)})`, kind: 'error' });
        continue;
      }
      await walk(abs, real);
    } else if (grammarForPath(abs)) files.add(abs);
    else
      notices.push({ path: abs, message: 'not analyzed: not a C, C++, JavaScript, TypeScript or Python file', kind: 'skipped' });
  }
  return { files: [...files].sort(), notices };
}
