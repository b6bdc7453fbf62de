// Builds the AnalysisContext of a workspace once: reuse helpers defined in any C/C++ file (a
// function that enables SO_REUSEADDR on its parameter clears a bind in another file), socket
// wrappers (`xbind()` in one file stands for bind() in the others) and the Node version the
// project targets.
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { collectReuseHelpers, mayDefineHelpers } from './c/reuse-helpers';
import { collectSocketWrappers } from './c/wrappers';
import type { AnalysisContext, WrapperShape } from './context';
import { readNodeVersion } from './js/node-version';
import { grammarForPath, isCFamily, type ParserService } from './parser';
import { binaryNotice, fileKind } from './workspace-files';
import { MAX_HELPER_ROUNDS, namesAnyHelper } from './workspace-pass';
import type { Tree } from 'web-tree-sitter';

/**
 * Reads a file's text, preferring an override (the editor's unsaved buffers): an override that
 * returns undefined falls back to the file on disk.
 */
export type ReadOverride = (file: string) => Promise<string | undefined> | string | undefined;

/**
 * The text of `file`, or `tooLarge` when the file on disk exceeds `maxFileSize` bytes (checked
 * with stat, so a huge file is never read into memory), or `notText` with a notice for binary
 * content. Overridden texts are returned as they are:
 * the analyzer applies its own cap to them. Throws when the file cannot be read.
 */
export async function readSourceText(
  file: string,
  override: ReadOverride | undefined,
  maxFileSize: number | undefined,
): Promise<{ text: string } | { tooLarge: number } | { notText: string }> {
  const overridden = await override?.(file);
  if (overridden !== undefined) return { text: overridden };
  // Non-blocking open: a FIFO named `x.c` would otherwise wait for a writer forever. The checks
  // run on the opened file, so a path swapped for a device after a stat cannot be read.
  const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`not a regular file (${fileKind(stat)})`);
    if (maxFileSize && maxFileSize > 0 && stat.size > maxFileSize) return { tooLarge: stat.size };
    const bytes = await handle.readFile();
    const notText = binaryNotice(bytes);
    return notText ? { notText } : { text: bytes.toString('utf8') };
  } finally {
    await handle.close();
  }
}

export interface ContextOptions {
  service: ParserService;
  readFile?: ReadOverride;
  signal?: AbortSignal;
  /** Files larger than this are not read for the context either. */
  maxFileSize?: number;
}

/**
 * Merges the reuse helpers and socket wrappers of every C/C++ file in `files` (the first
 * definition of a name wins), to a fixed point like the workspace check: a file naming a helper
 * found in the last round is read again under the helpers known so far, since a function calling
 * another file's helper on its parameter is one too. Unreadable or unparsable files add nothing.
 */
async function collectWorkspaceReuseHelpers(
  files: readonly string[],
  options: ContextOptions,
): Promise<{ helpers: Map<string, number>; wrappers: Map<string, WrapperShape> }> {
  const helpers = new Map<string, number>();
  const wrappers = new Map<string, WrapperShape>();
  // Undefined in the first round: every file that may define one is read.
  let fresh: string[] | undefined;
  for (let round = 1; round <= MAX_HELPER_ROUNDS && fresh?.length !== 0; round++) {
    const context: AnalysisContext = { reuseHelpers: new Map(helpers), socketWrappers: new Map(wrappers) };
    const names = fresh && namesAnyHelper(fresh);
    if (fresh && !names) break;
    const found = { helpers: new Map<string, number>(), wrappers: new Map<string, WrapperShape>() };
    for (const file of files) {
      if (options.signal?.aborted) break;
      const grammar = grammarForPath(file);
      if (!grammar || !isCFamily(grammar)) continue;
      let text: string;
      try {
        const read = await readSourceText(file, options.readFile, options.maxFileSize);
        if (!('text' in read)) continue;
        text = read.text;
      } catch {
        continue; // reported when the file itself is analyzed
      }
      if (fresh ? !names?.(text) : !mayDefineHelpers(text, context)) continue;
      let tree: Tree | undefined;
      try {
        tree = await options.service.parse(grammar, text);
        for (const [name, index] of collectReuseHelpers(tree, context))
          if (!helpers.has(name) && !found.helpers.has(name)) found.helpers.set(name, index);
        for (const [name, shape] of collectSocketWrappers(tree, context))
          if (!wrappers.has(name) && !found.wrappers.has(name)) found.wrappers.set(name, shape);
      } catch {
        // a parse timeout here is reported when the file is analyzed
      } finally {
        tree?.delete();
      }
    }
    for (const [name, index] of found.helpers) helpers.set(name, index);
    for (const [name, shape] of found.wrappers) wrappers.set(name, shape);
    fresh = [...found.helpers.keys(), ...found.wrappers.keys()];
  }
  return { helpers, wrappers };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** The Node version of the nearest folder, from `from` upwards, that has a package.json or .nvmrc. */
async function nearestNodeVersion(from: string): Promise<string | undefined> {
  let dir = path.resolve(from);
  try {
    if (!(await fs.stat(dir)).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    if ((await exists(path.join(dir, 'package.json'))) || (await exists(path.join(dir, '.nvmrc')))) {
      return readNodeVersion(dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The Node version the workspace targets: that of the first root's nearest package.json or .nvmrc. */
export async function workspaceNodeVersion(roots: readonly string[]): Promise<string | undefined> {
  return roots.length > 0 ? nearestNodeVersion(roots[0]) : undefined;
}

export async function buildWorkspaceContext(
  roots: readonly string[],
  files: readonly string[],
  options: ContextOptions,
): Promise<AnalysisContext> {
  const { helpers: reuseHelpers, wrappers: socketWrappers } = await collectWorkspaceReuseHelpers(files, options);
  const nodeVersion = await workspaceNodeVersion(roots);
  return {
    reuseHelpers,
    ...(socketWrappers.size > 0 ? { socketWrappers } : {}),
    ...(nodeVersion ? { nodeVersion } : {}),
  };
}
