// Which edits of a C or C++ file cannot change its findings, so the editor keeps the last result
// (moved by the edit) instead of running every rule over a 10,000-line file on each keystroke.
//
// An edit qualifies when it lies inside the body of a top-level function that is *inert*: it
// names nothing the rules read (no socket API, no option, no preprocessor line, no suppression
// comment), and it shares no file-scope name with the socket code: it neither calls nor is
// called by a function connected to a socket, and uses no global such a function uses. The
// rules only follow sockets through calls and file-scope names, so such a function's text is
// never read by them. Everything else is analyzed again in full.
import type { Node, Tree } from 'web-tree-sitter';
import type { TextChange } from '../incremental';
import type { AnalysisResult, Position, Range } from '../types';

/**
 * Text the rules or the model read anywhere: the socket API and its constants, the libraries
 * modelled, Windows markers, preprocessor lines, suppression comments, Asio's namespace aliases.
 * Broad on purpose: a false match only costs a full analysis.
 */
const RELEVANT =
  /#|address-in-use|\b(?:socket|bind|listen|accept4?|connect|setsockopt|getsockopt|unlink|close|closesocket|SO_\w*|SOL_\w*|IPPROTO_\w*|INADDR_\w*|AF_\w*|PF_\w*|SOCK_\w*|sockaddr\w*|in6?_addr|htons|ntohs|port|ev\w*|asio|acceptor|endpoint|namespace|using|WSA\w*|_WIN\d*|WIN\d*|winsock\w*|fd|sock\w*)\b/i;

const IDENTIFIER = /[A-Za-z_]\w*/g;

/** Keywords and built-in types: shared by every function, they connect nothing. */
const KEYWORDS = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long register ' +
    'restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false ' +
    'NULL nullptr class public private protected virtual override final template typename this new delete operator ' +
    'try catch throw constexpr noexcept explicit friend mutable decltype static_cast const_cast reinterpret_cast ' +
    'dynamic_cast std size_t ssize_t uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t int64_t include define'
  ).split(' '),
);

function identifiers(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(IDENTIFIER)) if (!KEYWORDS.has(m[0])) found.add(m[0]);
  return found;
}

function functionName(node: Node): string | undefined {
  let declarator = node.childForFieldName('declarator');
  while (declarator && declarator.type !== 'identifier' && declarator.type !== 'field_identifier') {
    declarator = declarator.childForFieldName('declarator') ?? declarator.namedChild(0);
  }
  return declarator?.text;
}

/** The names that connect a function to the socket code (see the file comment). */
export interface Relevance {
  names: Set<string>;
}

/** Computed on the tree the last full analysis ran on; it stays true across inert edits. */
export function relevanceOf(tree: Tree, text: string): Relevance {
  const functions: { name: string | undefined; ids: Set<string>; relevant: boolean }[] = [];
  const fileScope = new Set<string>();
  const functionNames = new Set<string>();
  for (const child of tree.rootNode.children) {
    if (!child) continue;
    // Sliced from the text: a node's `text` is copied out of the wasm heap on every read.
    const source = text.slice(child.startIndex, child.endIndex);
    if (child.type === 'function_definition') {
      const name = functionName(child);
      if (name) functionNames.add(name);
      functions.push({ name, ids: identifiers(source), relevant: RELEVANT.test(source) });
    } else if (child.type !== 'preproc_include' && child.type !== 'comment') {
      for (const id of identifiers(source)) fileScope.add(id);
    }
  }
  const names = new Set<string>();
  const connect = (f: (typeof functions)[number]) => {
    if (f.name) names.add(f.name);
    for (const id of f.ids) if (fileScope.has(id) || functionNames.has(id)) names.add(id);
  };
  for (const f of functions) if (f.relevant) connect(f);
  // To a fixed point: a function sharing a connecting name is connected, and so are its names.
  for (let changed = true; changed;) {
    changed = false;
    for (const f of functions) {
      if (f.relevant || ![...f.ids].some((id) => names.has(id))) continue;
      f.relevant = true;
      connect(f);
      changed = true;
    }
  }
  return { names };
}

function isInert(text: string, relevance: Relevance): boolean {
  if (RELEVANT.test(text)) return false;
  for (const id of identifiers(text)) if (relevance.names.has(id)) return false;
  return true;
}

/** An edit confined to one inert function's body: where that function was, and how much it grew. */
export interface InertEdit {
  start: number;
  oldEnd: number;
  oldEndPoint: Position;
  delta: number;
}

function pointOf(node: Node, end: boolean): Position {
  const p = end ? node.endPosition : node.startPosition;
  return { line: p.row, character: p.column };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
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

/**
 * Before the tree is edited: the inert function all `changes` fall inside (applied in order, as
 * VS Code reports them), or undefined when the edit may change a finding.
 */
export function planInertEdit(
  tree: Tree,
  oldText: string,
  changes: readonly TextChange[],
  result: AnalysisResult,
  relevance: Relevance,
): InertEdit | undefined {
  if (changes.length === 0) return undefined;
  const first = changes[0];
  const func = tree.rootNode.firstChildForIndex(first.rangeOffset);
  if (!func || func.type !== 'function_definition' || func.hasError) return undefined;
  const body = func.childForFieldName('body');
  if (!body) return undefined;
  const start = func.startIndex;
  const oldEnd = func.endIndex;
  // The body's braces stay put: every change is strictly between them.
  const bodyStart = body.startIndex;
  let bodyEnd = body.endIndex;
  let text = oldText.slice(start, oldEnd);
  for (const change of changes) {
    if (change.rangeOffset <= bodyStart || change.rangeOffset + change.rangeLength >= bodyEnd - 1) return undefined;
    if (change.text.includes('\r')) return undefined;
    const at = change.rangeOffset - start;
    text = text.slice(0, at) + change.text + text.slice(at + change.rangeLength);
    bodyEnd += change.text.length - change.rangeLength;
  }
  if (!isInert(oldText.slice(start, oldEnd), relevance) || !isInert(text, relevance)) return undefined;
  // No range of the result may touch the function: it would not move as a whole.
  const from = pointOf(func, false);
  const to = pointOf(func, true);
  for (const r of allRanges(result)) if (!before(r.end, from) && !before(to, r.start)) return undefined;
  return { start, oldEnd, oldEndPoint: to, delta: text.length - (oldEnd - start) };
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
 * After the incremental reparse: the last result moved by the edit, or undefined when the new
 * tree does not hold the same function, whole and error-free, where the plan expects it.
 */
export function carryOver(
  plan: InertEdit,
  tree: Tree,
  oldRootHadError: boolean,
  result: AnalysisResult,
): AnalysisResult | undefined {
  const func = tree.rootNode.firstChildForIndex(plan.start);
  if (!func || func.type !== 'function_definition' || func.hasError) return undefined;
  if (func.startIndex !== plan.start || func.endIndex !== plan.oldEnd + plan.delta) return undefined;
  if (tree.rootNode.hasError !== oldRootHadError) return undefined;
  const newEnd = pointOf(func, true);
  const lines = newEnd.line - plan.oldEndPoint.line;
  let ambiguous = false;
  const text = (t: string): string => {
    const out = renumber(t, plan.oldEndPoint.line, lines);
    if (out === undefined) ambiguous = true;
    return out ?? t;
  };
  const columns = newEnd.character - plan.oldEndPoint.character;
  const move = (p: Position): Position => {
    if (before(p, plan.oldEndPoint)) return p;
    return p.line === plan.oldEndPoint.line
      ? { line: p.line + lines, character: p.character + columns }
      : { line: p.line + lines, character: p.character };
  };
  const moveRange = (r: Range): Range => ({ start: move(r.start), end: move(r.end) });
  const moved: AnalysisResult = {
    findings: result.findings.map((f) => {
      const finding = {
        ...f,
        message: text(f.message),
        range: moveRange(f.range),
        fixes: f.fixes.map((fix) => ({
          ...fix,
          title: text(fix.title),
          edits: fix.edits.map((e) => ({ ...e, range: moveRange(e.range) })),
        })),
      };
      if (f.related) finding.related = f.related.map((r) => ({ message: text(r.message), range: moveRange(r.range) }));
      return finding;
    }),
    hovers: result.hovers.map((h) => ({ markdown: text(h.markdown), range: moveRange(h.range) })),
  };
  return ambiguous ? undefined : moved;
}
