// Which code is compiled for Windows only: there SO_REUSEADDR lets another process take the
// port, and a bind needs no reuse to survive TIME_WAIT.
import type { Node, Tree } from 'web-tree-sitter';

export const WINDOWS_MACROS: ReadonlySet<string> = new Set(['_WIN32', '_WIN64', 'WIN32', '_MSC_VER', '__MINGW32__']);
const WINDOWS_HEADERS = /^<\s*(winsock2|windows)\.h\s*>$/i;
const WINDOWS_FOLDER = /(^|[\\/])(win|win32|windows)[\\/]/i;

/** A file under a `win`/`win32`/`windows` folder, or one including winsock2.h/windows.h unconditionally. */
export function isWindowsFile(filePath: string, tree: Tree, text: string): boolean {
  if (WINDOWS_FOLDER.test(filePath)) return true;
  if (!/#\s*include\s*<\s*(winsock2|windows)\.h/i.test(text)) return false;
  for (const child of tree.rootNode.namedChildren) {
    if (child?.type === 'preproc_include' && WINDOWS_HEADERS.test(child.childForFieldName('path')?.text ?? '')) return true;
  }
  return false;
}

/**
 * Does `condition` hold only where one of `macros` is defined? `defined(_WIN32) || defined(_WIN64)`
 * and `defined(_WIN32) && !defined(__CYGWIN__)` do. Negated: does it hold only where none is
 * (`!defined(_WIN32)`), so that its #else is the macros' code?
 */
function holdsOnlyWith(condition: string, negated: boolean, macros: ReadonlySet<string>): boolean {
  const term = /^(!?)(?:defined\(?(\w+)\)?|(\w+))$/;
  const compact = condition.replace(/\s+/g, '');
  const holdsFor = (conjunction: string, wantNegated: boolean) =>
    conjunction.split('&&').some((t) => {
      const m = term.exec(t);
      return !!m && (m[1] === '!') === wantNegated && macros.has(m[2] ?? m[3]);
    });
  // Not negated: every alternative requires a macro. Negated: every term excludes one.
  if (!negated) return compact.split('||').every((alt) => holdsFor(alt, false));
  return !compact.includes('||') && compact.split('&&').every((t) => holdsFor(t, true));
}

export const LINUX_MACROS: ReadonlySet<string> = new Set(['__linux__', '__linux', 'linux']);

export type OffsetRange = [start: number, end: number];

/**
 * The text ranges only compiled when one of `macros` is defined: the body of `#ifdef WIN32`,
 * `#if defined(_WIN32) || defined(_WIN64)`, and the `#else` of `#ifndef _WIN32` / `#if !defined(_WIN32)`.
 * Ranges, not parent walks: web-tree-sitter's Node.parent costs a walk from the root.
 */
export function conditionalRanges(tree: Tree, macros: ReadonlySet<string>): OffsetRange[] {
  const ranges: OffsetRange[] = [];
  for (const node of tree.rootNode.descendantsOfType(['preproc_ifdef', 'preproc_if', 'preproc_elif'])) {
    if (!node) continue;
    const alternative = node.childForFieldName('alternative');
    const bodyEnd = alternative ? alternative.startIndex : node.endIndex;
    let forBody: boolean;
    let forElse: boolean;
    if (node.type === 'preproc_ifdef') {
      const name = node.childForFieldName('name');
      if (!name || !macros.has(name.text)) continue;
      const ifdef = node.child(0)?.text === '#ifdef';
      forBody = ifdef;
      forElse = !ifdef;
      if (forBody) ranges.push([name.endIndex, bodyEnd]);
    } else {
      const condition = node.childForFieldName('condition');
      if (!condition) continue;
      forBody = holdsOnlyWith(condition.text, false, macros);
      forElse = holdsOnlyWith(condition.text, true, macros);
      if (forBody) ranges.push([condition.endIndex, bodyEnd]);
    }
    if (forElse && alternative?.type === 'preproc_else') ranges.push([alternative.startIndex, alternative.endIndex]);
  }
  return ranges;
}

/**
 * Tests whether a conditional directive may name one of `macros`: a condition holds only with a macro
 * it names, so without one the walk over every directive (include guards and all) finds nothing.
 * The directive runs on over continued lines and block comments; it need not start its line.
 */
function namingPattern(macros: ReadonlySet<string>): RegExp {
  const directive = String.raw`#[ \t]*(?:if|ifdef|ifndef|elif)\b`;
  // Each alternative consumes a character one way only (a comment cannot run past its `*/`), so a
  // directive that names no macro costs one scan of its own text.
  const rest = String.raw`(?:[^\n\\/]|\\\r?\n|\\|\/(?!\*)|\/\*(?:[^*]|\*(?!\/))*\*\/)*?`;
  return new RegExp(`${directive}${rest}\\b(?:${[...macros].join('|')})\\b`);
}

const NAMES_WINDOWS = namingPattern(WINDOWS_MACROS);
const NAMES_LINUX = namingPattern(LINUX_MACROS);

export function windowsRanges(tree: Tree, text: string): OffsetRange[] {
  return NAMES_WINDOWS.test(text) ? conditionalRanges(tree, WINDOWS_MACROS) : [];
}

export function linuxRanges(tree: Tree, text: string): OffsetRange[] {
  return NAMES_LINUX.test(text) ? conditionalRanges(tree, LINUX_MACROS) : [];
}

export function inRanges(ranges: readonly OffsetRange[], node: Node): boolean {
  return ranges.some(([start, end]) => start <= node.startIndex && node.endIndex <= end);
}
