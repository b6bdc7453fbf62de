// Text helpers shared by fixes, the CLI's --fix and tests: conversions between
// offsets and positions, and applying edits (from last to first so offsets stay valid).
import type { Position, Range, TextEdit } from './types';

/** Offsets of each line start; index i holds the UTF-16 offset where line i begins. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  // Most files hold no '\r': a native search for each '\n' is several times faster than a loop over every character.
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) starts.push(i + 1);
    else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function offsetAt(starts: readonly number[], text: string, pos: Position): number {
  if (pos.line >= starts.length) return text.length;
  if (pos.line < 0) return 0;
  const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  return Math.min(starts[pos.line] + Math.max(0, pos.character), lineEnd);
}

export function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function isBefore(a: Position, b: Position): boolean {
  return compare(a, b) < 0;
}

/** Sorts findings, hovers and edits into file order by where they start. */
export function byRangeStart(a: { range: Range }, b: { range: Range }): number {
  return compare(a.range.start, b.range.start);
}

/** Where `text` ends when it starts at `start` (UTF-16 columns, as positions everywhere). */
export function endOf(start: Position, text: string): Position {
  let line = start.line;
  let lastBreak = -1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    line++;
    lastBreak = i;
  }
  return lastBreak < 0 ? { line, character: start.character + text.length } : { line, character: text.length - lastBreak - 1 };
}

/**
 * Applies non-overlapping edits to `text`. Edits are sorted by start, so callers
 * may pass them in any order; overlapping edits throw, since their result is undefined.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  const sorted = [...edits].sort((a, b) => compare(a.range.start, b.range.start) || compare(a.range.end, b.range.end));
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    const start = offsetAt(starts, text, edit.range.start);
    const end = offsetAt(starts, text, edit.range.end);
    if (start < cursor) throw new Error('applyEdits: overlapping edits');
    out += text.slice(cursor, start) + edit.newText;
    cursor = end;
  }
  return out + text.slice(cursor);
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return compare(a.start, b.end) < 0 && compare(b.start, a.end) < 0;
}

/** Where the line holding `from` ends: the next '\n' or '\r' (a lone CR ends a line too), or the text's end. */
export function lineEndAt(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/** The end-of-line sequence a file already uses, so inserted lines match it. */
export function eolOf(text: string): '\n' | '\r\n' {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** UTF-8 size of `text` without encoding it (and without Node's Buffer, absent in the browser). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point of four bytes
      i++;
    } else bytes += 3; // lone surrogates become U+FFFD, three bytes, as Buffer encodes them
  }
  return bytes;
}

/** A regex test behind a cheap one: every match of the regex holds one of the literals. */
export interface TextFilter {
  test(text: string): boolean;
}

/**
 * `pattern`, tried only on a text holding one of `literals` (each match of `pattern` must hold
 * one): `includes` scans several times faster than a regex with `\b` and alternatives, and most
 * files of a real tree hold none of them (2 in 3 of its C headers).
 */
export function literalGated(pattern: RegExp, literals: readonly string[]): TextFilter {
  return { test: (text) => literals.some((literal) => holds(text, literal)) && pattern.test(text) };
}

// The gates ask one text in turn (a C file meets three of them, asking for `bind` twice): each
// answer is kept until another text is asked about, and a word holding a word the text lacks
// (`socket` holds `sock`) is known absent without a scan. On the real tree of the workspace
// bench that took the C gates from seven scans of a header to three.
let heldText: string | undefined;
const held = new Map<string, boolean>();

/** `text.includes(literal)`, through the answers kept for the last text asked about. */
function holds(text: string, literal: string): boolean {
  if (text !== heldText) {
    heldText = text;
    held.clear();
  }
  let answer = held.get(literal);
  if (answer !== undefined) return answer;
  answer = true;
  for (const [other, present] of held)
    if (!present && literal.includes(other)) {
      answer = false;
      break;
    }
  if (answer) answer = text.includes(literal);
  held.set(literal, answer);
  return answer;
}
