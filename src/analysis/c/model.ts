// The per-file view the C/C++ rules share: function definitions and the calls that matter to
// address reuse, found by a textual scan for their names and confirmed in the syntax tree
// (so a `bind` in a comment or string counts for nothing, and a 10,000-line file costs a few regex passes).
import type { Node, Tree } from 'web-tree-sitter';
import type { AnalysisContext } from '../context';
import { lineEndAt } from '../text';
import type { SourceFile } from '../types';
import { type CallShape, callArgs, callShape, functionSignature } from './syntax';
import { optionNames } from './options';
import { type SocketWrapper, addWrappedCalls } from './wrappers';
import { type OffsetRange, inRanges, isWindowsFile, linuxRanges, windowsRanges } from './platform';

/** Calls every rule may look at; calls to the file's own functions and to reuse helpers are added per file. */
const FILE_WIDE_CALLS = [
  'socket',
  'bind',
  'listen',
  'connect',
  'setsockopt',
  'evconnlistener_new_bind',
  'evconnlistener_new',
  'evutil_make_listen_socket_reuseable',
  'evutil_make_listen_socket_reuseable_port',
  'set_option',
];

/** Calls that copy a path into `sun_path` (bound.ts reads the path a bind uses from them). */
export const PATH_COPIES: readonly string[] = ['strcpy', 'strncpy', 'strlcpy', 'memcpy', 'snprintf', 'sprintf'];
/** Calls that remove a socket file before its bind (unix-socket-stale). */
export const PATH_REMOVES: readonly string[] = ['unlink', 'remove', 'unlinkat'];
/** Calls that make a fresh folder, where no stale socket file can be (unix-socket-stale). */
export const FRESH_DIRS: readonly string[] = ['mkdtemp', 'mkdir'];

/**
 * Calls the rules read only inside a function that holds socket code (unix-socket-stale's unlink,
 * fresh folder and path copies). They are everywhere in ordinary C (`snprintf`, `memcpy`), so they
 * are scanned for only within those functions: scanning the whole file for them doubled the
 * analysis time of a large file.
 */
const SOCKET_FUNCTION_CALLS = [
  ...PATH_REMOVES,
  ...FRESH_DIRS,
  ...PATH_COPIES,
  // The port a bind uses (bound.ts).
  'htons',
  'getaddrinfo',
];

/** Calls that make a function part of the socket code (string copies and unlink alone do not). */
const SOCKET_CORE = new Set([
  'socket',
  'bind',
  'listen',
  'setsockopt',
  'evconnlistener_new',
  'evutil_make_listen_socket_reuseable',
  'evutil_make_listen_socket_reuseable_port',
]);

export interface CallSite extends CallShape {
  call: Node;
  args: Node[];
  start: number;
  func?: FunctionInfo;
}

/** A function definition; its name and parameters are read only for functions that matter. */
export class FunctionInfo {
  readonly calls: CallSite[] = [];
  readonly start: number;
  readonly end: number;
  private signature?: { name: string; params: string[] } | null;

  constructor(readonly node: Node) {
    this.start = node.startIndex;
    this.end = node.endIndex;
  }

  private sig(): { name: string; params: string[] } | null {
    if (this.signature === undefined) this.signature = functionSignature(this.node) ?? null;
    return this.signature;
  }

  get name(): string {
    return this.sig()?.name ?? '';
  }

  get params(): string[] {
    return this.sig()?.params ?? [];
  }
}

/** Where function definitions live: descending only into these is much cheaper than a full-tree walk. */
const FUNCTION_CONTAINERS = new Set([
  'translation_unit',
  'namespace_definition',
  'declaration_list',
  'class_specifier',
  'struct_specifier',
  'union_specifier',
  'field_declaration_list',
  'linkage_specification',
  'template_declaration',
  'preproc_if',
  'preproc_ifdef',
  'preproc_else',
  'preproc_elif',
  'ERROR',
]);

/**
 * Function definitions, and declarations outside functions (globals, class members), without a
 * full-tree walk: in classes, namespaces, templates and preprocessor blocks, not in function bodies.
 */
export function walkFileScope(
  node: Node,
  onFunction: (def: Node, parent: Node) => void,
  onDeclaration?: (decl: Node) => void,
): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'function_definition') onFunction(child, node);
    else if (child.type === 'declaration' || child.type === 'field_declaration') {
      onDeclaration?.(child);
      // `class X { ... } x;` keeps its body in the declaration's type.
      const type = child.childForFieldName('type');
      if (type && (type.type === 'class_specifier' || type.type === 'struct_specifier') && type.childForFieldName('body')) {
        walkFileScope(type, onFunction, onDeclaration);
      }
    } else if (FUNCTION_CONTAINERS.has(child.type)) walkFileScope(child, onFunction, onDeclaration);
  }
}

/** The spans of `functions` (sorted by start) with nested and overlapping ones merged, so no call is found twice. */
function disjointSpans(functions: readonly FunctionInfo[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const f of functions) {
    const last = spans[spans.length - 1];
    if (last && f.start < last[1]) last[1] = Math.max(last[1], f.end);
    else spans.push([f.start, f.end]);
  }
  return spans;
}

export interface OptionHelper {
  socket: number;
  option: number;
}

/** `#define turnon(fd, opt) setsockopt(fd, SOL_SOCKET, opt, &on, sizeof(on))`: function-like macros around setsockopt. */
function optionMacros(text: string): Map<string, OptionHelper> {
  const found = new Map<string, OptionHelper>();
  if (!/#\s*define\b[^\n]*\(/.test(text)) return found;
  const pattern = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^)]*)\)((?:[^\n]*\\\r?\n)*[^\n]*)/gm;
  for (const m of text.matchAll(pattern)) {
    const call = /\bsetsockopt\s*\(\s*\(?\s*(\w+)\s*\)?\s*,[^,]*,\s*\(?\s*(\w+)\s*\)?\s*,/.exec(m[3]);
    if (!call) continue;
    const params = m[2].split(',').map((p) => p.trim());
    const socket = params.indexOf(call[1]);
    const option = params.indexOf(call[2]);
    if (socket >= 0 && option >= 0) found.set(m[1], { socket, option });
  }
  return found;
}

export class CModel {
  readonly functions: FunctionInfo[] = [];
  /** Declarations outside function bodies: globals, class and struct members. */
  readonly fileDeclarations: Node[] = [];
  readonly functionsByName = new Map<string, FunctionInfo[]>();
  readonly callsByName = new Map<string, CallSite[]>();
  /** Reuse helpers of this file merged with the workspace's (name → socket parameter index). */
  readonly helpers: Map<string, number>;
  /**
   * setsockopt wrappers whose option is a parameter: `turnon(fd, opt)` macros and functions such
   * as `setsockopt_1(int fd, int level, int optname)` (name → the socket's and the option's index).
   */
  readonly optionHelpers = new Map<string, OptionHelper>();
  /** `xsocket`/`xbind`/`xlisten`-style wrappers of the file; calls to them are also listed as the wrapped call. */
  readonly wrappers: ReadonlyMap<string, SocketWrapper>;
  readonly isCpp: boolean;
  // Computed on the first question: most files the pre-filter lets through hold no call that asks.
  private windowsFile?: boolean;
  private windowsCode?: OffsetRange[];
  private linuxCode?: OffsetRange[];
  private readonly parents = new Map<number, Node | null>();
  // Tree.rootNode hands a new node over from the parser on every read: once per call found was measurable.
  private rootNode?: Node;
  /** The workspace's wrappers this file does not define: calls to them are socket code here. */
  private readonly workspaceWrappers: ReadonlySet<string>;

  constructor(
    readonly file: SourceFile,
    readonly tree: Tree,
    context: AnalysisContext,
  ) {
    this.isCpp = tree.language.name === 'cpp' || /\.(cc|cpp|cxx|c\+\+|hpp|hh|hxx)$/i.test(file.path);
    this.helpers = new Map(context.reuseHelpers);
    walkFileScope(
      tree.rootNode,
      (def) => this.functions.push(new FunctionInfo(def)),
      (decl) => this.fileDeclarations.push(decl),
    );
    this.functions.sort((a, b) => a.start - b.start);
    this.workspaceWrappers = new Set(
      [...(context.socketWrappers ?? [])].filter(([, s]) => s.wrapped !== 'setsockopt').map(([n]) => n),
    );
    // The scan stays proportional to the socket code, not to the file: first the socket API over
    // the file, then the string and unlink calls inside the functions holding it, then calls to
    // those functions (listen in a callee, reuse helpers, sockets returned to or passed in by callers).
    for (const [name, helper] of optionMacros(file.text)) this.optionHelpers.set(name, helper);
    // Option helpers of other files (ncat's `Setsockopt()` in sys_wrap.c); the file's own definitions come first.
    // The names of the file's functions are read only when there is such a helper: reading them costs a walk of each signature.
    let defined: Set<string> | undefined;
    for (const [name, shape] of context.socketWrappers ?? [])
      if (
        shape.wrapped === 'setsockopt' &&
        !(defined ??= new Set(this.functions.map((f) => f.name))).has(name) &&
        !this.optionHelpers.has(name)
      )
        this.optionHelpers.set(name, { socket: shape.params[0], option: shape.params[1] });
    this.scanCalls(
      new Set([...FILE_WIDE_CALLS, ...this.helpers.keys(), ...this.optionHelpers.keys(), ...this.workspaceWrappers]),
    );
    const socketFunctions: FunctionInfo[] = [];
    for (const func of this.functions) {
      if (
        !func.calls.some(
          (c) =>
            SOCKET_CORE.has(c.name) ||
            this.helpers.has(c.name) ||
            this.optionHelpers.has(c.name) ||
            this.workspaceWrappers.has(c.name),
        )
      )
        continue;
      socketFunctions.push(func);
      if (!func.name) continue;
      const list = this.functionsByName.get(func.name) ?? [];
      list.push(func);
      this.functionsByName.set(func.name, list);
    }
    this.scanCalls(new Set(SOCKET_FUNCTION_CALLS), socketFunctions);
    const known = new Set([
      ...FILE_WIDE_CALLS,
      ...SOCKET_FUNCTION_CALLS,
      ...this.helpers.keys(),
      ...this.optionHelpers.keys(),
      ...this.workspaceWrappers,
    ]);
    const more = new Set([...this.functionsByName.keys()].filter((n) => !known.has(n)));
    if (more.size > 0) this.scanCalls(more);
    for (const func of more.size > 0 ? this.functions : socketFunctions) func.calls.sort((a, b) => a.start - b.start);
    this.addOptionHelperFunctions(socketFunctions, known, more);
    for (const list of this.callsByName.values()) list.sort((a, b) => a.start - b.start);
    this.wrappers = addWrappedCalls(this, context.socketWrappers);
  }

  /**
   * Functions that pass their own socket and option parameters to setsockopt or to another option
   * helper (`setsockopt_SOL_SOCKET_1(fd, opt)` calling `setsockopt_int(fd, SOL_SOCKET, opt, 1)`),
   * to a fixed point; calls to the new helpers are scanned for, so their callers are found in turn.
   */
  private addOptionHelperFunctions(candidates: FunctionInfo[], known: Set<string>, scanned: Set<string>): void {
    const pending = [...candidates];
    for (let round = 0; round < 4 && pending.length > 0; round++) {
      const found: string[] = [];
      for (const func of pending) {
        if (!func.name || this.optionHelpers.has(func.name)) continue;
        for (const c of func.calls) {
          if (c.scope || c.receiver) continue;
          const shape = c.name === 'setsockopt' ? { socket: 0, option: 2 } : this.optionHelpers.get(c.name);
          if (!shape) continue;
          const socket = func.params.indexOf(c.args[shape.socket]?.text.trim() ?? '');
          const option = func.params.indexOf(c.args[shape.option]?.text.trim() ?? '');
          if (socket < 0 || option < 0) continue;
          this.optionHelpers.set(func.name, { socket, option });
          found.push(func.name);
          break;
        }
      }
      if (found.length === 0) break;
      const fresh = new Set(found.filter((n) => !known.has(n) && !scanned.has(n)));
      for (const n of fresh) scanned.add(n);
      this.scanMore(fresh);
      const names = new Set(found);
      pending.length = 0;
      for (const func of this.functions) {
        if (!func.calls.some((c) => names.has(c.name))) continue;
        pending.push(func);
        if (func.name && !this.functionsByName.has(func.name)) this.functionsByName.set(func.name, [func]);
      }
    }
  }

  /** Scans for calls to `names` not scanned before (helpers found after construction) and keeps the call lists sorted. */
  scanMore(names: Set<string>): void {
    if (names.size === 0) return;
    this.scanCalls(names);
    for (const func of this.functions) func.calls.sort((a, b) => a.start - b.start);
    for (const list of this.callsByName.values()) list.sort((a, b) => a.start - b.start);
  }

  private get root(): Node {
    return (this.rootNode ??= this.tree.rootNode);
  }

  /** Finds calls to `names` in the whole file, or only within `within` (functions, in file order). */
  private scanCalls(names: Set<string>, within?: readonly FunctionInfo[]): void {
    const text = this.file.text;
    const valid = [...names].filter((n) => /^[A-Za-z_]\w*$/.test(n));
    // `~Server` or `operator()` name no call to scan for; an empty alternation would match every `(`.
    if (valid.length === 0) return;
    const alternatives = valid.sort((a, b) => b.length - a.length).join('|');
    const pattern = new RegExp(`\\b(?:${alternatives})\\s*\\(`, 'g');
    if (!within) {
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) this.addCall(m.index, m[0]);
      return;
    }
    // Each span is searched on its own: a search from the span's start that finds nothing inside
    // it would run on to the end of the file, and 24,000 socket functions made that quadratic.
    for (const [start, end] of disjointSpans(within)) {
      const span = text.slice(start, end);
      pattern.lastIndex = 0;
      for (let m = pattern.exec(span); m; m = pattern.exec(span)) this.addCall(start + m.index, m[0]);
    }
  }

  private addCall(index: number, matched: string): void {
    const name = /^\w+/.exec(matched)![0];
    // The smallest node spanning the name and its `(` is the call itself (comments and strings are not calls).
    const call = this.root.descendantForIndex(index, index + matched.length);
    if (!call || call.type !== 'call_expression') return;
    const func = this.functionAt(call);
    const shape = callShape(call);
    if (!shape || shape.name !== name) return;
    const site: CallSite = { ...shape, call, args: callArgs(call), start: call.startIndex, func };
    site.func?.calls.push(site);
    const list = this.callsByName.get(name) ?? [];
    list.push(site);
    this.callsByName.set(name, list);
  }

  /** The innermost function definition holding `node` (functions are sorted by start; nested ones start later). */
  functionAt(node: Node): FunctionInfo | undefined {
    const fns = this.functions;
    let lo = 0;
    let hi = fns.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (fns[mid].start <= node.startIndex) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const end = node.endIndex;
    for (let i = found; i >= 0; i--) {
      if (fns[i].end >= end && fns[i].node.id !== node.id) return fns[i];
    }
    return undefined;
  }

  /**
   * `node.parent`, found by walking down from the enclosing function: web-tree-sitter's own
   * Node.parent walks down from the root, which costs O(top-level declarations) per call.
   */
  parentOf(node: Node, func = this.functionAt(node)): Node | null {
    const cached = this.parents.get(node.id);
    if (cached !== undefined) return cached;
    let current: Node | null = func ? func.node : this.root;
    let parent: Node | null = null;
    while (current && current.id !== node.id) {
      parent = current;
      current = current.childWithDescendant(node);
    }
    if (!current) parent = null;
    this.parents.set(node.id, parent);
    return parent;
  }

  /** Containers whose children are statements: inserting before such a child is safe. */
  static readonly BLOCKS = new Set([
    'compound_statement',
    'translation_unit',
    'preproc_if',
    'preproc_ifdef',
    'preproc_else',
    'preproc_elif',
    'case_statement',
    'declaration_list',
    'ERROR',
  ]);

  /** The statement holding `node` that sits directly in a block (`if (bind(...) < 0) {...}` for the bind). */
  statementOf(node: Node): Node {
    let current = node;
    for (let parent = this.parentOf(current); parent && !CModel.BLOCKS.has(parent.type); parent = this.parentOf(current))
      current = parent;
    return current;
  }

  private readonly macroCache = new Map<string, string[]>();

  /**
   * The option names a setsockopt's `optname` stands for, through the file's object-like macros:
   * `#define REUSE_OPT SO_REUSEPORT` / `#else` / `#define REUSE_OPT SO_REUSEADDR` gives both.
   */
  optionNames(optname: Node | undefined): string[] {
    return optionNames(optname).flatMap((name) => (/^(SO|IP|IPV6|MCAST|TCP)_/.test(name) ? [name] : this.macroOptions(name, 0)));
  }

  private macroOptions(name: string, depth: number): string[] {
    const cached = this.macroCache.get(name);
    if (cached) return cached;
    const found: string[] = [];
    if (depth < 3) {
      for (const m of this.file.text.matchAll(new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}[ \\t]+([^\\r\\n]*)`, 'gm'))) {
        for (const part of m[1]
          .replace(/\/\*.*?\*\/|\/\/.*$/g, '')
          .split(/[\s|+()]+/)
          .filter((n) => /^[A-Z_][A-Z0-9_]*$/.test(n))) {
          found.push(...(/^(SO|IP|IPV6|MCAST|TCP)_/.test(part) ? [part] : this.macroOptions(part, depth + 1)));
        }
      }
    }
    const result = found.length > 0 ? [...new Set(found)] : [name];
    this.macroCache.set(name, result);
    return result;
  }

  /** Calls of the POSIX function `name` (`name(...)` or `::name(...)`, not `std::name` nor `obj.name`). */
  posixCalls(name: string): CallSite[] {
    return (this.callsByName.get(name) ?? []).filter((c) => !c.scope && !c.receiver);
  }

  isWindowsOnly(node: Node): boolean {
    this.windowsFile ??= isWindowsFile(this.file.path, this.tree, this.file.text);
    return this.windowsFile || inRanges((this.windowsCode ??= windowsRanges(this.tree, this.file.text)), node);
  }

  isLinuxOnly(node: Node): boolean {
    return inRanges((this.linuxCode ??= linuxRanges(this.tree, this.file.text)), node);
  }

  private lineStartOf(node: Node): number {
    return node.startIndex - node.startPosition.column;
  }

  /** True when `node` starts its line (only blanks before it). */
  startsLine(node: Node): boolean {
    return /^[ \t]*$/.test(this.file.text.slice(this.lineStartOf(node), node.startIndex));
  }

  /** The blanks that start `node`'s first line. */
  indentOf(node: Node): string {
    const start = this.lineStartOf(node);
    return /^[ \t]*/.exec(this.file.text.slice(start, start + 200))![0];
  }

  /** What follows `node` on its last line. */
  restOfLine(node: Node): string {
    const text = this.file.text;
    return text.slice(node.endIndex, lineEndAt(text, node.endIndex));
  }
}
