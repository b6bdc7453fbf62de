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
  return e?.code ? `${e.code}: ${e.message}` : err instanceof Error ? err.message : String(err);
}

interface Entry {
  name: string;
  kind: 'dir' | 'file';
  /** A folder's real path: its parent's plus its name, or the target of a symlink. */
  real?: string;
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
        let childReal = path.join(real, entry.name);
        if (entry.isSymbolicLink()) {
          try {
            const target = await fs.stat(path.join(dir, entry.name));
            isDir = target.isDirectory();
            isFile = target.isFile();
            if (isDir && !isSkippedDirectory(entry.name)) childReal = await fs.realpath(path.join(dir, entry.name));
          } catch {
            return undefined; // a dangling link is not the user's code
          }
        }
        if (isDir) return isSkippedDirectory(entry.name) ? undefined : { name: entry.name, kind: 'dir', real: childReal };
        return isFile && grammarForPath(entry.name) ? { name: entry.name, kind: 'file' } : undefined;
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
    else notices.push({ path: abs, message: 'not analyzed: not a C, C++, JavaScript or TypeScript file', kind: 'skipped' });
  }
  return { files: [...files].sort(), notices };
}
