// Which code is compiled for Windows only: there SO_REUSEADDR lets another process take the
// port, and a bind needs no reuse to survive TIME_WAIT.
import type { Node, Tree } from 'web-tree-sitter';

const WINDOWS_MACROS = new Set(['_WIN32', '_WIN64', 'WIN32', '_MSC_VER', '__MINGW32__']);
const WINDOWS_HEADERS = /^<\s*(winsock2|windows)\.h\s*>$/i;
const WINDOWS_FOLDER = /(^|[\\/])(win|win32|windows)[\\/]/i;

/** A file under a `win`/`win32`/`windows` folder, or one including winsock2.h/windows.h unconditionally. */
export function isWindowsFile(filePath: string, tree: Tree): boolean {
  if (WINDOWS_FOLDER.test(filePath)) return true;
  for (const child of tree.rootNode.namedChildren) {
    if (child?.type === 'preproc_include' && WINDOWS_HEADERS.test(child.childForFieldName('path')?.text ?? '')) return true;
  }
  return false;
}

/** `defined(_WIN32) || defined(_WIN64)` → true; `!defined(_WIN32)` → false (its #else is Windows). */
/** `defined(_WIN32) || defined(_WIN64)` holds only for `macros`; negated: `!defined(_WIN32)` (its #else does). */
function conditionNames(condition: string, negated: boolean, macros: Set<string>): boolean {
  const term = new RegExp(`^${negated ? '!' : ''}(?:defined\\(?(\\w+)\\)?|(\\w+))$`);
  return condition.replace(/\s+/g, '').split(negated ? '&&' : '||').every((t) => {
    const m = term.exec(t);
    return !!m && macros.has(m[1] ?? m[2]);
  });
}

const LINUX_MACROS = new Set(['__linux__', '__linux', 'linux']);

export type OffsetRange = [start: number, end: number];

/**
 * The text ranges only compiled when one of `macros` is defined: the body of `#ifdef WIN32`,
 * `#if defined(_WIN32) || defined(_WIN64)`, and the `#else` of `#ifndef _WIN32` / `#if !defined(_WIN32)`.
 * Ranges, not parent walks: web-tree-sitter's Node.parent costs a walk from the root.
 */
function conditionalRanges(tree: Tree, macros: Set<string>): OffsetRange[] {
  const ranges: OffsetRange[] = [];
  for (const node of tree.rootNode.descendantsOfType(['preproc_ifdef', 'preproc_if', 'preproc_elif'])) {
    if (!node) continue;
    const alternative = node.childForFieldName('alternative');
    const bodyEnd = alternative ? alternative.startIndex : node.endIndex;
    let forBody = false;
    let forElse = false;
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
      forBody = conditionNames(condition.text, false, macros);
      forElse = conditionNames(condition.text, true, macros);
      if (forBody) ranges.push([condition.endIndex, bodyEnd]);
    }
    if (forElse && alternative?.type === 'preproc_else') ranges.push([alternative.startIndex, alternative.endIndex]);
  }
  return ranges;
}

export function windowsRanges(tree: Tree, text: string): OffsetRange[] {
  return /#\s*if/.test(text) ? conditionalRanges(tree, WINDOWS_MACROS) : [];
}

export function linuxRanges(tree: Tree, text: string): OffsetRange[] {
  return /#\s*if/.test(text) ? conditionalRanges(tree, LINUX_MACROS) : [];
}

export function inRanges(ranges: readonly OffsetRange[], node: Node): boolean {
  return ranges.some(([start, end]) => start <= node.startIndex && node.endIndex <= end);
}
