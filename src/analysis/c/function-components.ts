// The functions of a C or C++ file (at the top level, in classes, namespaces and preprocessor
// blocks) and the file-scope names that connect them, kept
// current across edits inside function bodies (rebuilding it costs a pass over the whole file;
// an edit changes one entry and moves the ones after it).
//
// The rules follow a socket from one function to another only through file-scope names: the
// file's own functions (called, or passed by name), globals, types and macros. So the functions
// connected to an edited one through such names (its component) are the only ones whose findings
// the edit can change; the editor re-analyzes that component alone (c/component-analysis.ts) or,
// when the component holds no socket code at all, keeps the whole result (c/inert-edits.ts).
import type { Tree } from 'web-tree-sitter';
import type { TextChange } from '../incremental';
import { endOf, isBefore } from '../text';
import type { Position, Range } from '../types';
import { NOT_CALL_WORDS } from './call-keywords';
import { walkFileScope } from './model';
import { functionSignature } from './syntax';

/**
 * Text the rules or the model read anywhere: the socket API and its constants, the libraries
 * modelled, Windows markers, preprocessor lines, suppression comments, Asio's namespace aliases.
 * Broad on purpose: a false match only costs a full analysis.
 */
export const SOCKET_TEXT =
  /#|address-in-use|\b(?:socket|bind|listen|accept4?|connect|setsockopt|getsockopt|unlink|close|closesocket|SO_\w*|SOL_\w*|IPPROTO_\w*|INADDR_\w*|AF_\w*|PF_\w*|SOCK_\w*|sockaddr\w*|in6?_addr|htons|ntohs|port|ev\w*|asio|acceptor|endpoint|namespace|using|WSA\w*|_WIN\d*|WIN\d*|winsock\w*|fd|sock\w*)\b/i;

/**
 * Text whose effect reaches past its own function, connected or not: preprocessor lines (macros,
 * platform conditions), suppression comments, Asio's namespace aliases and the file-wide `acceptor`
 * test, and CRs (the file's line ends, which fixes copy). A function holding any of it is analyzed
 * with every other, never left out.
 */
const FILE_WIDE = /#|address-in-use|\bnamespace\b|\busing\b|acceptor|\r/;

const IDENTIFIER = /[A-Za-z_]\w*/g;

/** `#include <sys/socket.h>` declares no name of the file's (and would connect every socket function). */
const INCLUDE = /^[ \t]*#[ \t]*include[^\n]*/gm;

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

/** Comments name nothing the rules follow (a suppression comment acts on its own lines only). */
const COMMENT = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

function withoutComments(text: string): string {
  return text.includes('/') ? text.replace(COMMENT, ' ') : text;
}

/** The identifiers of `code` (comments already left out), keywords left out. */
function identifiers(code: string): Set<string> {
  const found = new Set<string>();
  for (const m of code.matchAll(IDENTIFIER)) if (!KEYWORDS.has(m[0])) found.add(m[0]);
  return found;
}

/** Globals of the C library that calls take (`fprintf(stderr, ...)`): shared by all code, they connect nothing. */
const LIBRARY_GLOBALS = new Set(['stdin', 'stdout', 'stderr', 'errno', 'environ', 'optarg', 'optind']);

/**
 * The leading name of each call argument (`fd_`, `srv` of `srv->fd`, `addr` of
 * `(struct sockaddr *)&addr`) and of the target of a `socket()` or `accept()` (`g_fd = socket(`).
 * Blanks are read by one quantifier at each place: two in a row made a long run of spaces quadratic.
 */
const ARGUMENT_NAME =
  /(?:\b([A-Za-z_]\w*)\s*\(|,)(?:\s*\([^()]*\))*[&*\s]*(?:this\s*->\s*|\(\s*\*\s*this\s*\)\s*\.\s*)?([A-Za-z_]\w*)\b(?!\s*\()/g;
const CREATED_NAME =
  /(?:this\s*->\s*)?\b([A-Za-z_]\w*)(?:\s*(?:->|\.)\s*\w+|\s*\[[^\]]*\])*\s*=\s*(?:\([^()]*\)\s*)?(?:::\s*)?(?:socket|accept4?|WSASocket\w*)\s*\(/g;
/**
 * A name declared in a function, its parameters included: `int fd`, `struct srv *s`, `char buf[64]`,
 * `SOCKET s =`. Textual: a name it misses counts as undeclared, which only connects more.
 */
const DECLARED_NAME =
  /(?:^|[;{}(,])\s*(?:(?:const|static|volatile|register|unsigned|signed|long|short|struct|union|enum|class|auto)\s+)*([A-Za-z_][\w:]*(?:\s*<[^;{}()]*>)?)(?:\s*[*&]+\s*|\s+)([A-Za-z_]\w*)\s*(?=[=;,[)]|$)/gm;
const NOT_CALLS = new Set(NOT_CALL_WORDS);
/** Words before a name that declare nothing. */
const NOT_TYPES = new Set(['return', 'case', 'goto', 'else', 'delete', 'throw', 'new', 'sizeof', 'do']);

/**
 * The socket keys a function may share with others though no file-scope declaration of this file
 * names them: the names its calls take or its `socket()` is stored in that it does not declare
 * itself (a member of a class declared in a header, an `extern` global). The rules follow such a
 * key into every other function that uses it undeclared (reuseAnywhere, createAnywhere in
 * sockets.ts), so two functions sharing one are connected too.
 */
function undeclaredKeys(code: string): Set<string> {
  const declared = new Set<string>();
  for (const m of code.matchAll(DECLARED_NAME)) if (!NOT_TYPES.has(m[1])) declared.add(m[2]);
  const keys = new Set<string>();
  const add = (name: string) => {
    if (!declared.has(name) && !KEYWORDS.has(name) && !LIBRARY_GLOBALS.has(name) && /[a-z]/.test(name)) keys.add(name);
  };
  for (const m of code.matchAll(ARGUMENT_NAME)) if (!(m[1] && NOT_CALLS.has(m[1]))) add(m[2]);
  for (const m of code.matchAll(CREATED_NAME)) add(m[1]);
  return keys;
}

/** What the index reads from a function's text, when it is built and after each edit of the function. */
function textFacts(source: string, inTemplate: boolean): Pick<FunctionEntry, 'ids' | 'keys' | 'socketText' | 'local'> {
  const code = withoutComments(source);
  const socketText = SOCKET_TEXT.test(source);
  return {
    ids: identifiers(code),
    // Read only where the socket API is named: every link the rules make through a key starts at
    // a bind or listen on it (its other end uses the key too, so it holds the name either way).
    keys: socketText ? undeclaredKeys(code) : new Set(),
    socketText,
    local: !inTemplate && !FILE_WIDE.test(source),
  };
}

export interface FunctionEntry {
  start: number;
  end: number;
  /** Its body's braces: `{` at bodyStart, `}` just before bodyEnd. */
  bodyStart: number;
  bodyEnd: number;
  /** The parse found an error inside it. */
  hasError: boolean;
  startPoint: Position;
  endPoint: Position;
  /** The identifiers of its text, keywords left out. */
  ids: Set<string>;
  /** Socket keys it uses without declaring them (undeclaredKeys): they connect like file-scope names. */
  keys: Set<string>;
  /** Its text names the socket API (SOCKET_TEXT). */
  socketText: boolean;
  /** The function of a `template <...>` declaration: blanked, it would leave that head to the next one. */
  inTemplate: boolean;
  /** Its text holds nothing of FILE_WIDE and it is no template's: other functions can be analyzed without it. */
  local: boolean;
}

function point(p: { row: number; column: number }): Position {
  return { line: p.row, character: p.column };
}

export class FunctionIndex {
  private constructor(
    readonly entries: FunctionEntry[],
    /** Names declared outside every function, and the functions' own names. */
    private readonly connecting: Set<string>,
    /** Identifier → the entries whose text holds it. */
    private readonly users: Map<string, Set<number>>,
    /** Undeclared socket key → how many entries use it so (they connect too). */
    private readonly keys = new Map<string, number>(),
  ) {}

  /** From a tree and the text it was parsed from. */
  static build(tree: Tree, text: string): FunctionIndex {
    const entries: FunctionEntry[] = [];
    const connecting = new Set<string>();
    walkFileScope(tree.rootNode, (def, parent) => {
      // Sliced from the text: a node's `text` is copied out of the wasm heap on every read.
      const source = text.slice(def.startIndex, def.endIndex);
      const name = functionSignature(def)?.name;
      if (name) connecting.add(name);
      const body = def.childForFieldName('body');
      const inTemplate = parent.type === 'template_declaration';
      const facts = textFacts(source, inTemplate);
      entries.push({
        start: def.startIndex,
        end: def.endIndex,
        bodyStart: body?.startIndex ?? -1,
        bodyEnd: body?.endIndex ?? -1,
        hasError: def.hasError || !body,
        startPoint: point(def.startPosition),
        endPoint: point(def.endPosition),
        inTemplate,
        ...facts,
      });
    });
    entries.sort((a, b) => a.start - b.start);
    // Names declared outside every function: the file's text with the functions and #include lines left out.
    const parts: string[] = [];
    let from = 0;
    for (const e of entries) {
      parts.push(text.slice(from, e.start));
      from = e.end;
    }
    parts.push(text.slice(from));
    for (const id of identifiers(withoutComments(parts.join(' ').replace(INCLUDE, ' ')))) connecting.add(id);
    const users = new Map<string, Set<number>>();
    const index = new FunctionIndex(entries, connecting, users);
    entries.forEach((e, i) => index.addUses(i, e));
    return index;
  }

  private addUses(i: number, entry: FunctionEntry): void {
    for (const id of entry.ids) {
      let set = this.users.get(id);
      if (!set) this.users.set(id, (set = new Set()));
      set.add(i);
    }
    for (const key of entry.keys) this.keys.set(key, (this.keys.get(key) ?? 0) + 1);
  }

  private removeUses(i: number, entry: FunctionEntry): void {
    for (const id of entry.ids) this.users.get(id)?.delete(i);
    for (const key of entry.keys) {
      const n = (this.keys.get(key) ?? 0) - 1;
      if (n > 0) this.keys.set(key, n);
      else this.keys.delete(key);
    }
  }

  isConnecting(id: string): boolean {
    return this.connecting.has(id) || this.keys.has(id);
  }

  /** The entry whose function holds `offset`, if any. */
  entryAt(offset: number): number | undefined {
    const i = this.lastStartingBefore((e) => e.start <= offset);
    return i >= 0 && offset < this.entries[i].end ? i : undefined;
  }

  /** The entry holding `range` whole, -1 when it lies outside every function, undefined when it straddles one's edge. */
  entryOf(range: Range): number | undefined {
    const i = this.lastStartingBefore((e) => !isBefore(range.start, e.startPoint));
    const e = this.entries[i];
    if (e && isBefore(range.start, e.endPoint)) return isBefore(e.endPoint, range.end) ? undefined : i;
    const next = this.entries[i + 1];
    return next && isBefore(next.startPoint, range.end) ? undefined : -1;
  }

  private lastStartingBefore(ok: (e: FunctionEntry) => boolean): number {
    let lo = 0;
    let hi = this.entries.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ok(this.entries[mid])) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /**
   * The entries an edit of entry `i` can change the findings of: its component, through
   * connecting names, with `extraIds` (the names it held before the edit) counted as its own,
   * and the component of every entry that is not `local`.
   */
  component(i: number, extraIds: Iterable<string> = []): Set<number> {
    const seeds = [i];
    this.entries.forEach((e, j) => {
      if (!e.local) seeds.push(j);
    });
    return this.closure(seeds, extraIds).entries;
  }

  /** The connecting names of the socket code: those of every component holding socket text. */
  socketNames(): Set<string> {
    const seeds: number[] = [];
    this.entries.forEach((e, j) => {
      if (e.socketText) seeds.push(j);
    });
    return this.closure(seeds, []).names;
  }

  private closure(seeds: number[], extraIds: Iterable<string>): { entries: Set<number>; names: Set<string> } {
    const entries = new Set<number>();
    const names = new Set<string>();
    const queue: number[] = [];
    const visit = (j: number) => {
      if (entries.has(j)) return;
      entries.add(j);
      queue.push(j);
    };
    const follow = (id: string) => {
      if (names.has(id) || !this.isConnecting(id)) return;
      names.add(id);
      for (const j of this.users.get(id) ?? []) visit(j);
    };
    for (const j of seeds) visit(j);
    for (const id of extraIds) follow(id);
    while (queue.length > 0) for (const id of this.entries[queue.pop()!].ids) follow(id);
    return { entries, names };
  }

  /**
   * After an edit inside entry `i`'s body (`source` is its new text, ending at `endPoint`): the
   * entry's names are read again and the entries after it move. The file-scope names that connect
   * stay the same (the edit did not touch what lies outside function bodies); the entry's
   * undeclared keys are read again with its names.
   */
  applyEdit(i: number, source: string, endPoint: Position): void {
    const entry = this.entries[i];
    const old = entry.endPoint;
    const delta = entry.start + source.length - entry.end;
    const lines = endPoint.line - old.line;
    const columns = endPoint.character - old.character;
    const move = (p: Position): Position =>
      p.line === old.line
        ? { line: p.line + lines, character: p.character + columns }
        : { line: p.line + lines, character: p.character };
    this.removeUses(i, entry);
    Object.assign(entry, textFacts(source, entry.inTemplate));
    this.addUses(i, entry);
    entry.end += delta;
    entry.bodyEnd += delta;
    entry.endPoint = endPoint;
    for (let j = i + 1; j < this.entries.length; j++) {
      const e = this.entries[j];
      e.start += delta;
      e.end += delta;
      e.bodyStart += delta;
      e.bodyEnd += delta;
      e.startPoint = move(e.startPoint);
      e.endPoint = move(e.endPoint);
    }
  }
}

/** An edit confined to one function's body: which entry, where it was, and its new text. */
export interface FunctionEdit {
  entry: number;
  start: number;
  oldEnd: number;
  oldEndPoint: Position;
  /** Where the function ends after the edit. */
  newEnd: Position;
  delta: number;
  oldSource: string;
  newSource: string;
  /** The identifiers the function held before the edit: the links the edit may have cut. */
  oldIds: ReadonlySet<string>;
}

/**
 * Before the edit: the function, error-free, whose body holds every one of `changes` (applied in
 * order, as VS Code reports them) strictly between its braces, or undefined.
 */
export function planFunctionEdit(
  index: FunctionIndex,
  oldText: string,
  changes: readonly TextChange[],
): FunctionEdit | undefined {
  if (changes.length === 0) return undefined;
  const i = index.entryAt(changes[0].rangeOffset);
  if (i === undefined) return undefined;
  const entry = index.entries[i];
  if (entry.hasError) return undefined;
  const { start, end: oldEnd, bodyStart } = entry;
  let bodyEnd = entry.bodyEnd;
  const oldSource = oldText.slice(start, oldEnd);
  let source = oldSource;
  for (const change of changes) {
    if (change.rangeOffset <= bodyStart || change.rangeOffset + change.rangeLength >= bodyEnd - 1) return undefined;
    if (change.text.includes('\r')) return undefined;
    const at = change.rangeOffset - start;
    source = source.slice(0, at) + change.text + source.slice(at + change.rangeLength);
    bodyEnd += change.text.length - change.rangeLength;
  }
  return {
    entry: i,
    start,
    oldEnd,
    oldEndPoint: entry.endPoint,
    newEnd: endOf(entry.startPoint, source),
    delta: source.length - oldSource.length,
    oldSource,
    newSource: source,
    oldIds: entry.ids,
  };
}

/**
 * True when every comment, string and character literal `source` opens also ends in it. Else the
 * text after it decides how it lexes: `x /* y` is a division alone and a comment running into the
 * next function in the file. Raw strings and line splices are not followed: they count as open.
 */
export function closesWithin(source: string): boolean {
  if (source.includes('\\\n') || /\bR"/.test(source)) return false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 1;
    } else if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      if (end < 0) return false;
      i = end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      if (source[j] !== c) return false;
      i = j;
    }
  }
  return true;
}

/**
 * After the edit, on a parse holding the edited function at its place (the function alone, at
 * offset 0, or a blanked copy of the file): true when it is still one whole, error-free function
 * there and lexes the same whatever follows it (closesWithin). Then the file's own parse holds it
 * the same way: what precedes it is unchanged, and the function stands where one can.
 */
export function holdsEditedFunction(plan: FunctionEdit, tree: Tree, at: number): boolean {
  const func = tree.rootNode.descendantForIndex(at, at + plan.newSource.length - 1);
  return (
    closesWithin(plan.newSource) &&
    !!func &&
    func.type === 'function_definition' &&
    !func.hasError &&
    func.startIndex === at &&
    func.endIndex === at + plan.newSource.length
  );
}
