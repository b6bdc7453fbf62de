// One file of a workspace check, read once and parsed at most once: its findings under the
// context known before the check, and the reuse helpers it defines. The workspace's helpers are
// merged from these results, and only a file that names one of them is analyzed again (see
// workspace.ts), instead of a context pass that read and parsed every file a second time.
// Shared by the in-process check and the worker pool, so both give the same results.
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync } from 'node:fs';
import { analyzeText, DEFAULT_MAX_FILE_SIZE, mayHaveFindings, type SeveritySetting } from './analyzer';
import { collectReuseHelpers, collectSocketWrappers, mayDefineHelpers } from './c/analyze';
import { NOT_CALL_WORDS } from './c/call-keywords';
import { NAMES_BEFORE_HELPERS } from './c/sockets';
import type { AnalysisContext, WrapperShape } from './context';
import { grammarForPath, isCFamily, type ParserService } from './parser';
import type { WorkspaceFileResult } from './workspace';
import { binaryNotice, errorText, fileKind } from './workspace-files';

/**
 * A call like `xbind(`, `Bind(`, `bind_port(`: a C file without bind() of its own may bind through
 * another file's wrapper. No leading `\w*`: it matches the same texts, and it made the regex
 * backtrack over every word of a header (20x slower on the real tree).
 */
const MAY_CALL_BIND_WRAPPER = /bind\w*\s*\(/i;

/**
 * Rounds of helper collection (the first pass included): each finds the helpers one more file
 * away (socat's listener calling xioopts.c's `applyopts()` calling sycls.c's `Setsockopt()`);
 * the helpers of a longer chain are cut off.
 */
export const MAX_HELPER_ROUNDS = 4;

export type ReadResult = { text: string } | { tooLarge: number } | { notText: string };

export interface PassOptions {
  context: AnalysisContext;
  /** Collect the file's reuse helpers (the context was not given, so it is merged from the files). */
  collectHelpers: boolean;
  severities?: Partial<Record<string, SeveritySetting>>;
  maxFileSize?: number;
}

export interface PassOutcome {
  result: WorkspaceFileResult;
  /** The reuse helpers the file defines, in the file's order. */
  helpers?: [string, number][];
  /** The socket wrappers (`xbind`) the file defines. */
  wrappers?: [string, WrapperShape][];
  /**
   * The file was parsed (it passed the pre-filter), or a C file calls a `*bind*(` function that
   * may be another file's wrapper of bind(): only such a file can be changed by the context.
   */
  parsed: boolean;
  /**
   * A C file not parsed: the hashes of the names it calls (`name(`, see callNameHashes). Another
   * file's helper can make it a helper only through a call the model finds by that text, so the
   * rounds read again only a file whose hashes hold a new helper's.
   */
  callHashes?: Int32Array;
}

/** `if (`, `sizeof (`: never a call to a helper. */
const NOT_CALLS = new Set(NOT_CALL_WORDS.map((name) => nameHash(name, 0, name.length)));

/** FNV-1a over `text[start..end)`, last character first (callNameHashes reads names backwards). */
function nameHash(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = end - 1; i >= start; i--) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** The hash callNameHashes gives `name`. */
export function callNameHash(name: string): number {
  return nameHash(name, 0, name.length);
}

/**
 * The sorted distinct hashes of the names followed by `(` in `text` (`\b\w+\s*\(`, as the
 * model's call scan finds them), read backwards from each `(`: a regex trying every identifier,
 * and a set of the names themselves, cost a C file several times more. A hash may stand for two
 * names; the rounds confirm on the text.
 */
export function callNameHashes(text: string): Int32Array {
  const hashes = new Set<number>();
  for (let paren = text.indexOf('('); paren >= 0; paren = text.indexOf('(', paren + 1)) {
    let end = paren;
    while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
    let start = end;
    let hash = 0x811c9dc5;
    for (let c: number; start > 0 && isWordChar((c = text.charCodeAt(start - 1))); start--)
      hash = Math.imul(hash ^ c, 0x01000193);
    // A name starts with a letter or `_` (`1(`, `0x1f(` are no calls).
    if (start === end || isDigit(text.charCodeAt(start))) continue;
    hash |= 0;
    if (!NOT_CALLS.has(hash)) hashes.add(hash);
  }
  return Int32Array.from(hashes).sort();
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordChar = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** `\s` as far as C source goes. */
const isBlank = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * Reads `file` without a stat before the read: one open, fstat on the descriptor (a file over
 * the cap is never read into memory), one read. Synchronous: the pool's workers read while the
 * other workers parse, and a cached file costs far less than a hop through libuv's threadpool.
 */
export function readSourceTextSync(file: string, maxFileSize: number | undefined): ReadResult {
  // Non-blocking open: a FIFO named `x.c` would otherwise wait for a writer forever. The checks
  // run on the opened file, so a path swapped for a device after the walk cannot be read.
  const fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`not a regular file (${fileKind(stat)})`);
    if (maxFileSize && maxFileSize > 0 && stat.size > maxFileSize) return { tooLarge: stat.size };
    const bytes = readAll(fd, stat.size);
    const notText = binaryNotice(bytes);
    return notText ? { notText } : { text: bytes.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/** Each thread's buffer for the reads of ordinary files (the text is decoded from it, never kept). */
const readBuffer = Buffer.allocUnsafe(256 * 1024);

/**
 * The bytes of `fd`, `size` as fstat said (0: read to the end), without readFileSync's second
 * fstat and its new buffer for every file; a larger file gets a buffer of its own.
 */
function readAll(fd: number, size: number): Buffer {
  let buffer = size < readBuffer.length ? readBuffer : Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafe(2 * buffer.length);
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    length += n;
    if (n === 0 || (size > 0 && length >= size)) return buffer.subarray(0, length);
  }
}

/** Analyzes one file; never throws. `read` gives its text (an editor buffer or the disk). */
export async function analyzeWorkspaceFile(
  service: ParserService,
  file: string,
  read: () => Promise<ReadResult> | ReadResult,
  options: PassOptions,
): Promise<PassOutcome> {
  const grammar = grammarForPath(file);
  if (!grammar) {
    const skipped = 'not analyzed: not a C, C++, JavaScript, TypeScript or Python file';
    return { result: { file, findings: [], skipped }, parsed: false };
  }
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  let text: string;
  try {
    const got = await read();
    if ('notText' in got) return { result: { file, grammar, findings: [], skipped: got.notText }, parsed: false };
    if (!('text' in got)) {
      const skipped = `not analyzed: larger than ${maxFileSize} bytes (setting addressInUse.maxFileSize)`;
      return { result: { file, grammar, findings: [], skipped }, parsed: false };
    }
    text = got.text;
  } catch (err) {
    return { result: { file, grammar, findings: [], error: `cannot read (${errorText(err)})` }, parsed: false };
  }
  const cFamily = isCFamily(grammar);
  const helpers = options.collectHelpers && cFamily ? new Map<string, number>() : undefined;
  const wrappers = helpers && new Map<string, WrapperShape>();
  try {
    if (!mayHaveFindings(grammar, text, options.context)) {
      // No finding possible, but a libevent-only file may still define a helper for the others,
      // a file of `xsocket()` or `xlisten()` a wrapper, and a file calling another file's helper a helper.
      if (helpers && wrappers && mayDefineHelpers(text, options.context)) {
        const tree = await service.parse(grammar, text);
        try {
          for (const entry of collectReuseHelpers(tree, options.context)) helpers.set(...entry);
          for (const entry of collectSocketWrappers(tree, options.context)) wrappers.set(...entry);
        } finally {
          tree.delete();
        }
      }
      const parsed = cFamily && MAY_CALL_BIND_WRAPPER.test(text);
      return {
        result: { file, grammar, text, findings: [] },
        ...withHelpers(helpers, wrappers),
        ...(helpers && !parsed ? { callHashes: callNameHashes(text) } : {}),
        parsed,
      };
    }
    const result = await analyzeText(service, { path: file, text }, grammar, {
      context: options.context,
      severities: options.severities,
      maxFileSize,
      reuseHelpersOut: helpers,
      socketWrappersOut: wrappers,
      // A workspace check shows findings only (the editor hovers its open files itself).
      hovers: false,
    });
    return {
      result: {
        file,
        grammar,
        text,
        findings: result.findings,
        ...(result.skipped ? { skipped: result.skipped } : {}),
      },
      ...withHelpers(helpers, wrappers),
      parsed: cFamily && !result.skipped,
    };
  } catch (err) {
    return {
      result: { file, grammar, text, findings: [], error: `cannot analyze (${errorText(err)})` },
      parsed: false,
    };
  }
}

function withHelpers(
  helpers: Map<string, number> | undefined,
  wrappers: Map<string, WrapperShape> | undefined,
): { helpers?: [string, number][]; wrappers?: [string, WrapperShape][] } {
  return {
    ...(helpers && helpers.size > 0 ? { helpers: [...helpers] } : {}),
    ...(wrappers && wrappers.size > 0 ? { wrappers: [...wrappers] } : {}),
  };
}

/**
 * Merges what each file defines (its reuse helpers or socket wrappers) in file order into `base`'s
 * own: the first definition of a name wins, as the old context pass did.
 */
export function mergeFirst<T>(
  base: ReadonlyMap<string, T> | undefined,
  outcomes: readonly (PassOutcome | undefined)[],
  of: (outcome: PassOutcome) => Iterable<[string, T]> | undefined,
): Map<string, T> {
  const merged = new Map(base);
  for (const outcome of outcomes)
    for (const [name, value] of (outcome && of(outcome)) ?? []) if (!merged.has(name)) merged.set(name, value);
  return merged;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a file analyzed without some of the workspace's helpers (`names`) may come out
 * differently with them: the rules and the helper scan only ever look a helper up by the name of
 * a call in the file, so a C file that never names one gives the same result. A file that names
 * one is analyzed again. Helpers named like the socket API the rules read first (a `setsockopt`
 * wrapper) never count: on a real tree such a name is in every socket file and would analyze them
 * all twice. Undefined when no name is left to look for.
 */
export function namesAnyHelper(names: Iterable<string>): ((text: string) => boolean) | undefined {
  const re = helperNamesPattern(names);
  return re && ((text) => re.test(text));
}

/** The names of `names` (helpers not named like the socket API, see namesAnyHelper) that `text` holds; undefined when none is left to look for. */
export function helperNamesIn(names: Iterable<string>): ((text: string) => Set<string>) | undefined {
  const re = helperNamesPattern(names, 'g');
  return re && ((text) => new Set(Array.from(text.matchAll(re), (m) => m[0])));
}

function helperNamesPattern(names: Iterable<string>, flags = ''): RegExp | undefined {
  const kept = [...names].filter((name) => !NAMES_BEFORE_HELPERS.has(name));
  if (kept.length === 0) return undefined;
  return new RegExp(`\\b(?:${kept.map(escapeRegExp).join('|')})\\b`, flags);
}
