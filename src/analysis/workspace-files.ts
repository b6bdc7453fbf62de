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

/** What a FIFO, device or socket that has a source file's name is. */
function specialKind(entry: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  if (entry.isSocket()) return 'a socket';
  return 'not a file';
}

/**
 * Collects the analyzable files under `roots` (files or folders, absolute or relative to
 * process.cwd()). A root given explicitly is used even if its name is in the skip list; a root
 * file that is not an analyzable language is reported as skipped.
 */
export async function collectWorkspaceFiles(roots: readonly string[], options: WalkOptions = {}): Promise<WalkResult> {
  const files = new Set<string>();
  const notices: WalkNotice[] = [];
  // Real paths of folders already walked: a symlink back up the tree is walked at most once.
  const visited = new Set<string>();

  async function walk(dir: string): Promise<void> {
    if (options.signal?.aborted) return;
    let real: string;
    let entries: import('node:fs').Dirent[];
    try {
      real = await fs.realpath(dir);
      if (visited.has(real)) return;
      visited.add(real);
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      notices.push({ path: dir, message: `cannot read folder (${errorText(err)})`, kind: 'error' });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let kind: import('node:fs').Dirent | import('node:fs').Stats = entry;
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(full);
          isDir = target.isDirectory();
          isFile = target.isFile();
          kind = target;
        } catch (err) {
          // A dangling link or a loop of links: said once for a source file's name, else ignored.
          if (grammarForPath(entry.name)) {
            notices.push({ path: full, message: `not analyzed: broken symbolic link (${errorText(err)})`, kind: 'skipped' });
          }
          continue;
        }
      }
      if (isDir) {
        if (!isSkippedDirectory(entry.name)) await walk(full);
      } else if (grammarForPath(entry.name)) {
        if (isFile) files.add(full);
        else notices.push({ path: full, message: `not analyzed: not a regular file (${specialKind(kind)})`, kind: 'skipped' });
      }
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
    if (stat.isDirectory()) await walk(abs);
    else if (grammarForPath(abs)) files.add(abs);
    else notices.push({ path: abs, message: 'not analyzed: not a C, C++, JavaScript or TypeScript file', kind: 'skipped' });
  }
  return { files: [...files].sort(), notices };
}
