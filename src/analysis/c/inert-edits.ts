// Which edits of a C or C++ file cannot change its findings, so the editor keeps the last result
// (moved by the edit) instead of running every rule over a 10,000-line file on each keystroke.
//
// An edit qualifies when it lies inside the body of a function that is *inert*: it
// names nothing the rules read (no socket API, no option, no preprocessor line, no suppression
// comment), and it shares no file-scope name with the socket code: it neither calls nor is
// called by a function connected to a socket, and uses no global such a function uses. The
// rules only follow sockets through calls and file-scope names, so such a function's text is
// never read by them. Another edit in a function has its component analyzed again
// (c/component-analysis.ts); any other, the whole file.
import type { AnalysisContext } from '../context';
import type { AnalysisResult, Finding, HoverInfo, Position, Range } from '../types';
import { isBefore } from '../text';
import { type FunctionEdit, type FunctionIndex, SOCKET_TEXT } from './function-components';

/** The names that connect a function to the socket code (see the file comment). */
export interface Relevance {
  names: Set<string>;
}

/**
 * Computed on the index of the tree the last full analysis ran on; it stays true across inert
 * edits. The reuse helpers and socket wrappers other files define count as socket API here.
 */
export function relevanceOf(index: FunctionIndex, context: AnalysisContext): Relevance {
  const names = index.socketNames();
  for (const name of context.reuseHelpers.keys()) names.add(name);
  for (const name of context.socketWrappers?.keys() ?? []) names.add(name);
  return { names };
}

const IDENTIFIER = /[A-Za-z_]\w*/g;

function isInert(text: string, relevance: Relevance): boolean {
  if (SOCKET_TEXT.test(text)) return false;
  for (const m of text.matchAll(IDENTIFIER)) if (relevance.names.has(m[0])) return false;
  return true;
}

function allRanges(result: AnalysisResult): Range[] {
  const ranges: Range[] = [];
  for (const f of result.findings) {
    ranges.push(f.range);
    for (const r of f.related ?? []) ranges.push(r.range);
    for (const fix of f.fixes) for (const e of fix.edits) ranges.push(e.range);
  }
  for (const h of result.hovers) ranges.push(h.range);
  return ranges;
}

/** True when `edit` cannot change a finding: its function is inert before and after, and no range of the result touches it. */
export function isInertEdit(edit: FunctionEdit, index: FunctionIndex, result: AnalysisResult, relevance: Relevance): boolean {
  if (!isInert(edit.oldSource, relevance) || !isInert(edit.newSource, relevance)) return false;
  const entry = index.entries[edit.entry];
  for (const r of allRanges(result)) if (!isBefore(r.end, entry.startPoint) && !isBefore(entry.endPoint, r.start)) return false;
  return true;
}

const LINE_NUMBER = /\bline (\d+)/g;

/**
 * Messages and hovers name lines ("set on line 17", 1-based): those after the function move with
 * it. Undefined when a named line is the function's own last line (it may hold other code after
 * the closing brace, which would move while its line number says nothing of the column).
 */
function renumber(text: string, lastLine: number, lines: number): string | undefined {
  if (lines === 0 || !text.includes('line ')) return text;
  let ambiguous = false;
  const out = text.replace(LINE_NUMBER, (whole, n: string) => {
    const line = Number(n) - 1;
    if (line === lastLine) ambiguous = true;
    return line > lastLine ? `line ${line + lines + 1}` : whole;
  });
  return ambiguous ? undefined : out;
}

/**
 * Moves what a result says past the edited function: positions after its old end, and "line N"
 * in texts. `ambiguous()` turns true once a text named the function's own last line (see renumber).
 */
export function resultMover(plan: FunctionEdit, newEnd: Position) {
  const lines = newEnd.line - plan.oldEndPoint.line;
  const columns = newEnd.character - plan.oldEndPoint.character;
  let ambiguous = false;
  const text = (t: string): string => {
    const out = renumber(t, plan.oldEndPoint.line, lines);
    if (out === undefined) ambiguous = true;
    return out ?? t;
  };
  const position = (p: Position): Position => {
    if (isBefore(p, plan.oldEndPoint)) return p;
    return p.line === plan.oldEndPoint.line
      ? { line: p.line + lines, character: p.character + columns }
      : { line: p.line + lines, character: p.character };
  };
  const range = (r: Range): Range => ({ start: position(r.start), end: position(r.end) });
  const finding = (f: Finding): Finding => {
    const moved = {
      ...f,
      message: text(f.message),
      range: range(f.range),
      fixes: f.fixes.map((fix) => ({
        ...fix,
        title: text(fix.title),
        edits: fix.edits.map((e) => ({ ...e, range: range(e.range) })),
      })),
    };
    if (f.related) moved.related = f.related.map((r) => ({ message: text(r.message), range: range(r.range) }));
    return moved;
  };
  const hover = (h: HoverInfo): HoverInfo => ({ markdown: text(h.markdown), range: range(h.range) });
  return { finding, hover, ambiguous: () => ambiguous };
}

/** After the incremental reparse: the last result moved by an inert edit, or undefined when a text became ambiguous. */
export function carryOver(plan: FunctionEdit, newEnd: Position, result: AnalysisResult): AnalysisResult | undefined {
  const mover = resultMover(plan, newEnd);
  const moved: AnalysisResult = { findings: result.findings.map(mover.finding), hovers: result.hovers.map(mover.hover) };
  return mover.ambiguous() ? undefined : moved;
}
