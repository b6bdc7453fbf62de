// A bounded walk of a workspace folder for the files that may name ports. Skips the folders
// the check skips (dependencies, build outputs) and caps the number of files: discovery runs
// on every port-file change, so its cost must not grow with a huge monorepo.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { grammarForPath } from '../../analysis/parser';
import { isSkippedDirectory } from '../../analysis/workspace-files';
import type { PortSourceKind } from './source';

export interface WalkLimits {
  /** Candidate files returned at most (the walk stops there). */
  maxFiles: number;
  /** Directory entries looked at, at most: bounds the walk itself in folders full of non-candidates. */
  maxEntries: number;
  /** Folder depth below the root. */
  maxDepth: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = { maxFiles: 2000, maxEntries: 50_000, maxDepth: 12 };

/** Which source reads a file, by its name alone; undefined for files that cannot name a port. */
export function classifyFile(relativePath: string): PortSourceKind | undefined {
  const base = path.basename(relativePath);
  const lower = base.toLowerCase();
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'env';
  if (base === 'package.json') return 'package-json';
  if (base === 'launch.json' && path.basename(path.dirname(relativePath)) === '.vscode') return 'launch-json';
  if (/^(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml$/.test(lower)) return 'docker-compose';
  if (grammarForPath(base)) return 'code';
  return undefined;
}

export interface CandidateFile {
  file: string;
  kind: PortSourceKind;
}

export async function walkWorkspace(
  root: string,
  limits: WalkLimits = DEFAULT_WALK_LIMITS,
  signal?: AbortSignal,
): Promise<CandidateFile[]> {
  const found: CandidateFile[] = [];
  let entries = 0;
  // Breadth first: with a cap, the files near the root (the project's own config) win.
  let level: string[] = [root];
  for (let depth = 0; depth <= limits.maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      signal?.throwIfAborted();
      let dirents: import('node:fs').Dirent[];
      try {
        dirents = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable or vanished: not an error for discovery
      }
      dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const d of dirents) {
        if (++entries > limits.maxEntries) return found;
        const full = path.join(dir, d.name);
        if (d.isDirectory()) {
          // .vscode is the one dot-folder that holds port configuration.
          if (!isSkippedDirectory(d.name) && (!d.name.startsWith('.') || d.name === '.vscode')) next.push(full);
        } else if (d.isFile()) {
          const kind = classifyFile(path.relative(root, full));
          if (!kind) continue;
          found.push({ file: full, kind });
          if (found.length >= limits.maxFiles) return found;
        }
      }
    }
    level = next;
  }
  return found;
}
