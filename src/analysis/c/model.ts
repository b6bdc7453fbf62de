// The per-file view the C/C++ rules share: function definitions and the calls that matter to
// address reuse, found by a textual scan for their names and confirmed in the syntax tree
// (so a `bind` in a comment or string counts for nothing, and a 10,000-line file costs one regex pass).
import type { Node, Tree } from 'web-tree-sitter';
import type { AnalysisContext } from '../context';
import type { SourceFile } from '../types';
import { lineStarts } from '../text';
import { type CallShape, callArgs, callShape, functionSignature } from './syntax';
import { isWindowsFile, isWindowsOnly } from './platform';

/** Calls every rule may look at; calls to the file's own functions and to reuse helpers are added per file. */
export const SOCKET_CALLS = [
  'socket', 'bind', 'listen', 'connect', 'setsockopt', 'close',
  'evconnlistener_new_bind', 'evconnlistener_new', 'evutil_make_listen_socket_reuseable', 'evutil_make_listen_socket_reuseable_port',
  'unlink', 'remove', 'unlinkat', 'mkdtemp', 'mkdir', 'strcpy', 'strncpy', 'strlcpy', 'memcpy', 'snprintf', 'sprintf',
  'open', 'set_option',
];

export interface CallSite extends CallShape {
  call: Node;
  args: Node[];
  start: number;
  func?: FunctionInfo;
}

export interface FunctionInfo {
  node: Node;
  name: string;
  params: string[];
  calls: CallSite[];
}

export class CModel {
  readonly functions: FunctionInfo[] = [];
  readonly functionsByName = new Map<string, FunctionInfo[]>();
  readonly calls: CallSite[] = [];
  readonly callsByName = new Map<string, CallSite[]>();
  /** Reuse helpers of this file merged with the workspace's (name → socket parameter index). */
  readonly helpers: Map<string, number>;
  readonly isCpp: boolean;
  readonly windowsFile: boolean;
  private starts?: number[];
  private readonly functionById = new Map<number, FunctionInfo>();

  constructor(readonly file: SourceFile, readonly tree: Tree, context: AnalysisContext) {
    this.isCpp = tree.language.name === 'cpp' || /\.(cc|cpp|cxx|c\+\+|hpp|hh|hxx)$/i.test(file.path);
    this.helpers = new Map(context.reuseHelpers);
    this.windowsFile = isWindowsFile(file.path, tree);
    for (const def of tree.rootNode.descendantsOfType('function_definition')) {
      if (!def) continue;
      const sig = functionSignature(def);
      if (!sig) continue;
      const info: FunctionInfo = { node: def, name: sig.name, params: sig.params, calls: [] };
      this.functions.push(info);
      this.functionById.set(def.id, info);
      const list = this.functionsByName.get(sig.name) ?? [];
      list.push(info);
      this.functionsByName.set(sig.name, list);
    }
    const names = new Set([...SOCKET_CALLS, ...this.functionsByName.keys(), ...this.helpers.keys()]);
    this.scanCalls(names);
  }

  private scanCalls(names: Set<string>): void {
    const text = this.file.text;
    const alternatives = [...names].filter((n) => /^\w+$/.test(n)).sort((a, b) => b.length - a.length).join('|');
    const pattern = new RegExp(`\\b(?:${alternatives})\\s*\\(`, 'g');
    const root = this.tree.rootNode;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const name = /^\w+/.exec(m[0])![0];
      const node = root.descendantForIndex(m.index, m.index + name.length);
      if (!node || (node.type !== 'identifier' && node.type !== 'field_identifier')) continue;
      let call: Node | null = node.parent;
      if (call?.type === 'qualified_identifier' || call?.type === 'field_expression') call = call.parent;
      if (!call || call.type !== 'call_expression') continue;
      const shape = callShape(call);
      if (!shape || shape.name !== name) continue;
      const site: CallSite = { ...shape, call, args: callArgs(call), start: call.startIndex, func: this.functionOf(call) };
      this.calls.push(site);
      site.func?.calls.push(site);
      const list = this.callsByName.get(name) ?? [];
      list.push(site);
      this.callsByName.set(name, list);
    }
  }

  functionOf(node: Node): FunctionInfo | undefined {
    for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return this.functionById.get(p.id);
    return undefined;
  }

  /** Calls of the POSIX function `name` (`name(...)` or `::name(...)`, not `std::name` nor `obj.name`). */
  posixCalls(name: string): CallSite[] {
    return (this.callsByName.get(name) ?? []).filter((c) => !c.scope && !c.receiver);
  }

  isWindowsOnly(node: Node): boolean {
    return this.windowsFile || isWindowsOnly(node);
  }

  lineEnd = (row: number): number => {
    this.starts ??= lineStarts(this.file.text);
    const next = row + 1 < this.starts.length ? this.starts[row + 1] : this.file.text.length;
    let end = next;
    while (end > this.starts[row] && (this.file.text[end - 1] === '\n' || this.file.text[end - 1] === '\r')) end--;
    return end - this.starts[row];
  };

  lineText(row: number): string {
    this.starts ??= lineStarts(this.file.text);
    return this.file.text.slice(this.starts[row], this.starts[row] + this.lineEnd(row));
  }

  /** True when `node` starts its line (only blanks before it). */
  startsLine(node: Node): boolean {
    return /^[ \t]*$/.test(this.lineText(node.startPosition.row).slice(0, node.startPosition.column));
  }

  indentOf(row: number): string {
    return /^[ \t]*/.exec(this.lineText(row))![0];
  }
}
