// Unix-domain socket paths the workspace's code binds, read from the analyzer's per-file model
// (what unix-socket-stale reads, no second evaluator): JS/TS `listen('/tmp/x.sock')`,
// `listen({ path: '/run/app.sock' })`, `listen(SOCK)` with a string constant (src/analysis/js/bound.ts);
// C/C++ the path a bind's `sun_path` was filled with by strcpy/strncpy/strlcpy/memcpy/snprintf/sprintf,
// also through `#define SOCK_PATH "..."` or a file-scope `const char[]` (src/analysis/c/bound.ts);
// Python AF_UNIX binds and UnixStreamServer / UnixDatagramServer, from the analyzer's Python model.
// A socket file outlives its process; the UI checks each path for a stale leftover.
// Relative paths are resolved against the workspace folder (where servers are usually started).
// Abstract sockets (leading '\0' or '@') and Windows pipes are not files and are skipped.
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { boundSocketPaths as cBoundSocketPaths } from '../../analysis/c/bound';
import { boundSocketPaths as jsBoundSocketPaths } from '../../analysis/js/bound';
import { unixBinds } from '../../analysis/python/rules/unix-socket-stale';
import { cModelOf, jsModelOf, pythonModelOf } from './code-model';
import { type GrammarId, type ParserService, isCFamily } from '../../analysis/parser';
import { type PortSource, SourceLocator } from './source';

export interface FoundSocketPath {
  /** Absolute path of the socket file. */
  path: string;
  /** The call that binds it (`listen(...)`, `strcpy(addr.sun_path, ...)`). */
  source: PortSource;
}

/** False when the text cannot bind a socket path we can read: such files are never parsed. */
export function mayBindSocketPath(grammar: GrammarId, text: string): boolean {
  if (grammar === 'python') return /\bAF_UNIX\b|\bUnix(?:Stream|Datagram)Server\b/.test(text);
  if (isCFamily(grammar)) return /\bsun_path\b/.test(text) && /\bbind\s*\(/.test(text);
  return /\blisten\s*\(/.test(text) && /['"`]/.test(text);
}

/**
 * The socket file a bound name stands for, or undefined when it is no file: a port number
 * (`listen('3000')`), the abstract namespace (`\0name`, `@name`), a Windows pipe (`\\.\pipe\x`).
 */
export function socketFilePath(name: string, root: string): string | undefined {
  if (name === '' || /^\d+$/.test(name)) return undefined;
  if (name.startsWith('\0') || name.startsWith('@')) return undefined;
  if (/^\\\\[.?]\\pipe\\/i.test(name) || /^[A-Za-z]:[\\/]/.test(name)) return undefined;
  return path.posix.isAbsolute(name) ? path.posix.normalize(name) : path.resolve(root, name);
}

/**
 * `root` resolves relative paths; `file` is where the code is (the source location).
 * `parsed`: a tree of `text` the caller already has (and frees); without it the file is parsed here.
 */
export async function unixSocketPaths(
  service: ParserService,
  grammar: GrammarId,
  file: string,
  text: string,
  root: string,
  parsed?: Tree,
): Promise<FoundSocketPath[]> {
  if (!mayBindSocketPath(grammar, text)) return [];
  if (grammar === 'python') return pythonSocketPaths(service, file, text, root, parsed);
  const tree = parsed ?? (await service.parse(grammar, text));
  try {
    const locate = new SourceLocator(file, text, 'code');
    const bound = isCFamily(grammar)
      ? cBoundSocketPaths(cModelOf(file, text, tree))
      : jsBoundSocketPaths(jsModelOf(file, text, tree));
    const found: FoundSocketPath[] = [];
    for (const b of bound) {
      const socketPath = socketFilePath(b.path, root);
      if (socketPath) found.push({ path: socketPath, source: locate.at(b.at.startIndex) });
    }
    return found;
  } finally {
    if (!parsed) tree.delete();
  }
}

/** Python: the binds unix-socket-stale reads (one evaluator for the rule and the panel). */
async function pythonSocketPaths(
  service: ParserService,
  file: string,
  text: string,
  root: string,
  parsed?: Tree,
): Promise<FoundSocketPath[]> {
  await service.language('python');
  const tree = parsed ?? service.parseLoaded('python', text);
  try {
    const locate = new SourceLocator(file, text, 'code');
    const found: FoundSocketPath[] = [];
    for (const bind of unixBinds(pythonModelOf(file, text, tree))) {
      const socketPath = socketFilePath(bind.path, root);
      if (socketPath) found.push({ path: socketPath, source: locate.at(bind.node.startIndex) });
    }
    return found.sort((a, b) => a.source.line - b.source.line);
  } finally {
    if (!parsed) tree.delete();
  }
}
