// Everything the JS/TS rules share, computed once per analysis: the collected nodes, module
// and origin resolvers, and which datagram sockets join groups, bind, and which servers
// listen and have an 'error' listener.
import type { Node, Tree } from 'web-tree-sitter';
import type { AnalysisContext } from '../context';
import { eolOf } from '../text';
import type { Range, SourceFile } from '../types';
import { type FileFacts, collectFacts, lookup } from './file-facts';
import { ModuleResolver } from './modules';
import { type Creation, OriginResolver, classifyCreation } from './origins';
import {
  argumentsOf,
  indentUnit,
  isLiteralFalse,
  methodCall,
  objectProperty,
  unwrap,
  quoteOf,
  stringValue,
  usesSemicolons,
} from './syntax';

export interface DatagramSocket {
  creation: Creation;
  /** addMembership / addSourceSpecificMembership / joinMulticastV4 / joinMulticastV6 calls on it. */
  joins: Node[];
  /** bind calls on it. */
  binds: Node[];
  /** `setBroadcast(true)` calls on it: broadcast receivers share their port like multicast ones. */
  broadcasts: Node[];
}

export interface ListenCall {
  call: Node;
  /** The called name: `listen` (`serve` for `Bun.serve`). */
  nameNode: Node;
  /** What is listening, when the file shows where it was created. */
  origin?: Creation;
}

export interface JsModel {
  file: SourceFile;
  text: string;
  lines: string[];
  /** The file's line ending, for inserted lines. */
  eol: '\n' | '\r\n';
  context: AnalysisContext;
  /** TypeScript syntax is allowed (annotations in inserted code). */
  typescript: boolean;
  facts: FileFacts;
  modules: ModuleResolver;
  datagrams: DatagramSocket[];
  listens: ListenCall[];
  /** Creation node ids (servers, or an app's listen call) that have an 'error' listener. */
  errorHandled: Set<number>;
  /**
   * 'error' listeners attached only on one branch (`if (unix) server.on('error', ...)`), by
   * creation node id, with the branch: they count for a listen inside that branch only.
   */
  branchErrorHandlers: Map<number, Node[]>;
  /** A group join on a receiver the file does not show: some socket may join after all. */
  unresolvedJoin: boolean;
  /** Filled on first use by `textStyle`. */
  style?: TextStyle;
  /** Scratch space for fix builders that cache per-file facts (keyed by builder). */
  cache: Map<string, unknown>;
}

/** How the file writes code, so inserted code looks like the rest. */
export interface TextStyle {
  quote: string;
  semicolons: boolean;
  indentUnit: string;
}

export function textStyle(model: JsModel): TextStyle {
  model.style ??= { quote: quoteOf(model.text), semicolons: usesSemicolons(model.text), indentUnit: indentUnit(model.lines) };
  return model.style;
}

const NODE_JOINS = new Set(['addMembership', 'addSourceSpecificMembership']);
const DENO_JOINS = new Set(['joinMulticastV4', 'joinMulticastV6']);
/** Member calls that create what the rules track here: `dgram.createSocket`, `Deno.listenDatagram`, `Deno.listen`, `Bun.serve`. */
const CREATING_METHODS = new Set(['createSocket', 'listenDatagram', 'listen', 'serve']);

/** A plain call (`cs('udp4')`) may be an imported or aliased createSocket; a call of an undeclared name is not. */
function mayBeAlias(facts: FileFacts, call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  if (fn.type !== 'identifier') return true;
  const decl = lookup(facts, fn);
  return decl !== undefined && (decl.kind === 'import' || decl.kind === 'variable');
}

function isDatagram(origin: Creation): boolean {
  return origin.kind === 'dgram-socket' || origin.kind === 'deno-datagram';
}

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

export function buildModel(file: SourceFile, tree: Tree, context: AnalysisContext): JsModel {
  const facts = collectFacts(tree);
  const modules = new ModuleResolver(facts);
  const origins = new OriginResolver(facts, modules);
  const datagrams = new Map<number, DatagramSocket>();
  const socketFor = (creation: Creation): DatagramSocket => {
    let s = datagrams.get(creation.node.id);
    if (!s) datagrams.set(creation.node.id, (s = { creation, joins: [], binds: [], broadcasts: [] }));
    return s;
  };
  const model: JsModel = {
    file,
    text: file.text,
    lines: file.text.split(/\r?\n|\r/),
    eol: eolOf(file.text),
    context,
    typescript: /\.(ts|mts|cts|tsx)$/i.test(file.path),
    facts,
    modules,
    datagrams: [],
    listens: [],
    errorHandled: new Set(),
    branchErrorHandlers: new Map(),
    unresolvedJoin: false,
    cache: new Map(),
  };

  const throughParameters: { call: Node; receiver: Node; event: 'joins' | 'binds' | 'broadcasts' }[] = [];
  for (const call of facts.calls) {
    const m = methodCall(call);
    // Resolving a callee costs calls into the tree: only callees that may name a creation.
    const created = (m ? CREATING_METHODS.has(m.method) : mayBeAlias(facts, call)) ? classifyCreation(call, modules) : undefined;
    if (created?.kind === 'dgram-socket' || created?.kind === 'deno-datagram') socketFor(created);
    if (created?.kind === 'runtime-listener' && m) {
      model.listens.push({ call, nameNode: m.methodNode, origin: created });
      continue;
    }
    markAwaitedEvent(call, m, origins, model.errorHandled);
    if (!m) {
      markListenerMapHandlers(call, origins, model.errorHandled);
      continue;
    }
    if (NODE_JOINS.has(m.method) || DENO_JOINS.has(m.method)) {
      const origin = origins.originOf(m.receiver);
      if (origin && isDatagram(origin)) socketFor(origin).joins.push(call);
      else if (origin) model.unresolvedJoin = true;
      else throughParameters.push({ call, receiver: m.receiver, event: 'joins' });
    } else if (m.method === 'bind' || (m.method === 'setBroadcast' && !isLiteralFalse(argumentsOf(call)[0]))) {
      const origin = origins.originOf(m.receiver);
      const event = m.method === 'bind' ? 'binds' : 'broadcasts';
      if (origin?.kind === 'dgram-socket') socketFor(origin)[event].push(call);
      else if (!origin) throughParameters.push({ call, receiver: m.receiver, event });
    } else if (m.method === 'listen') {
      model.listens.push({ call, nameNode: m.methodNode, origin: origins.originOf(m.receiver) });
    } else if (LISTENER_METHODS.has(m.method) && stringValue(argumentsOf(call)[0]) === 'error') {
      const origin = origins.originOf(m.receiver);
      const branch = origin ? conditionalBranchOf(call) : undefined;
      if (origin && branch)
        model.branchErrorHandlers.set(origin.node.id, [...(model.branchErrorHandlers.get(origin.node.id) ?? []), branch]);
      else if (origin) model.errorHandled.add(origin.node.id);
    }
  }
  // A helper given the socket (`onBind(s, isMc)`) acts on each socket its callers pass. Looking
  // the callers up costs a walk of the function's scope: only a file with datagram sockets needs it.
  for (const { call, receiver, event } of throughParameters) {
    const found = datagrams.size > 0 ? origins.originsAt(receiver, call) : undefined;
    for (const origin of found ?? [])
      if (event === 'joins' ? isDatagram(origin) : origin.kind === 'dgram-socket') socketFor(origin)[event].push(call);
    if (event === 'joins' && (!found || !found.every(isDatagram))) model.unresolvedJoin = true;
  }
  if (throughParameters.length > 0)
    for (const socket of datagrams.values())
      for (const list of [socket.joins, socket.binds, socket.broadcasts]) list.sort((a, b) => a.startIndex - b.startIndex);
  model.datagrams = [...datagrams.values()];
  if (model.listens.length > 0) markHandedOver(tree, model, origins);
  return model;
}

/**
 * The branch `node` runs on only some of the time, within its function: an if's consequence or
 * else, a switch case, a ternary's arm, the right of `&&` / `||`. Undefined when it always runs
 * once its function does.
 */
function conditionalBranchOf(node: Node): Node | undefined {
  let child = node;
  for (let p = node.parent; p && !FUNCTIONS.has(p.type) && p.type !== 'program'; child = p, p = p.parent) {
    if (p.type === 'if_statement' && child.id !== p.childForFieldName('condition')?.id) return child;
    if (p.type === 'switch_case' || p.type === 'switch_default') return p;
    if (p.type === 'ternary_expression' && child.id !== p.childForFieldName('condition')?.id) return child;
    if (
      p.type === 'binary_expression' &&
      /^(&&|\|\||\?\?)$/.test(p.childForFieldName('operator')?.text ?? '') &&
      child.id === p.childForFieldName('right')?.id
    )
      return child;
  }
  return undefined;
}

/** An 'error' listener of `origin` counts for `listen`: attached always, or on a branch that holds the listen. */
export function errorListenedFor(model: JsModel, originId: number, listen: Node): boolean {
  if (model.errorHandled.has(originId)) return true;
  return (model.branchErrorHandlers.get(originId) ?? []).some(
    (b) => b.startIndex <= listen.startIndex && listen.endIndex <= b.endIndex,
  );
}

const FUNCTIONS = new Set([
  'function_declaration',
  'function_expression',
  'arrow_function',
  'method_definition',
  'function',
  'generator_function_declaration',
]);

/** The innermost function holding `node`, or undefined at module level. */
function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTIONS.has(p.type)) return p;
  return undefined;
}

/**
 * Whether what `func` returns goes to code this file does not show: a method or a function
 * stored in a property (a library's API), or a named function the file never calls. A callback
 * handed to a call (`makeTransport(function () { ...; return server; })`) returns to a caller
 * the file shows: that caller's handling is what counts, and none is visible here.
 */
function returnsToOutside(model: JsModel, func: Node): boolean {
  const parent = func.parent;
  if (!parent || parent.type === 'arguments') return false;
  if (func.type === 'method_definition' || parent.type === 'pair') return true;
  if (parent.type === 'assignment_expression' && parent.childForFieldName('left')?.type === 'member_expression') return true;
  const name =
    func.type === 'function_declaration'
      ? func.childForFieldName('name')?.text
      : parent.type === 'variable_declarator'
        ? parent.childForFieldName('name')?.text
        : undefined;
  if (!name || !/^[A-Za-z_$][\w$]*$/.test(name)) return false;
  const calls = model.text.match(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*\\(`, 'g'))?.length ?? 0;
  // The definition itself (`function listen(`) is one match.
  return calls <= (func.type === 'function_declaration' ? 1 : 0);
}

/** `return x;` statements of `func` itself (not of functions nested in it). */
function returnsOf(func: Node): Node[] {
  return func.descendantsOfType('return_statement').filter((r): r is Node => !!r && enclosingFunction(r)?.id === func.id);
}

/**
 * Servers whose 'error' event is someone else's to handle, marked as handled: a server a function
 * returns to its caller (library code: the caller attaches the listener, or is reported where it
 * listens itself), and a server handed as `server` to a `new` object (`new WebSocket.Server({ server })`
 * attaches its own 'error' listener and re-emits it).
 */
function markHandedOver(tree: Tree, model: JsModel, origins: OriginResolver): void {
  const mark = (listen: ListenCall) =>
    model.errorHandled.add(listen.origin?.kind === 'node-server' ? listen.origin.node.id : listen.call.id);
  const sameServer = (expr: Node | null | undefined, listen: ListenCall): boolean => {
    if (!expr) return false;
    const value = unwrap(expr);
    if (value.id === listen.call.id) return true;
    const origin = origins.originOf(value);
    return !!origin && !!listen.origin && origin.node.id === listen.origin.node.id;
  };
  const handedTo: Node[] = [];
  if (/\bserver\b/.test(model.text)) {
    for (const created of tree.rootNode.descendantsOfType('new_expression')) {
      const args = created?.childForFieldName('arguments');
      for (const arg of args?.namedChildren ?? []) {
        if (arg?.type !== 'object') continue;
        for (const prop of arg.namedChildren) {
          if (prop?.type === 'pair' && prop.childForFieldName('key')?.text === 'server') {
            const value = prop.childForFieldName('value');
            if (value) handedTo.push(value);
          } else if (prop?.type === 'shorthand_property_identifier' && prop.text === 'server') handedTo.push(prop);
        }
      }
    }
  }
  for (const listen of model.listens) {
    if (listen.origin?.kind !== 'node-server' && listen.origin?.kind !== 'app') continue;
    const func = enclosingFunction(listen.call);
    if (
      func &&
      returnsToOutside(model, func) &&
      returnsOf(func).some((r) =>
        sameServer(
          r.namedChildren.find((c) => c?.type !== 'comment'),
          listen,
        ),
      )
    ) {
      mark(listen);
      continue;
    }
    for (const value of handedTo) {
      if (sameServer(value, listen) || (listen.call.startIndex >= value.startIndex && listen.call.endIndex <= value.endIndex)) {
        mark(listen);
        break;
      }
    }
  }
}

/**
 * `await once(server, 'listening')` (`events.once`, also `pEvent`): the promise rejects when the
 * emitter emits 'error' first, so the wait is the server's 'error' listener.
 */
function markAwaitedEvent(
  call: Node,
  m: ReturnType<typeof methodCall>,
  origins: OriginResolver,
  errorHandled: Set<number>,
): void {
  const name = m ? m.method : call.childForFieldName('function')?.text;
  if (name !== 'once' && name !== 'pEvent') return;
  const [emitter, event] = argumentsOf(call);
  if (!emitter || stringValue(emitter) !== undefined || stringValue(event) === undefined) return;
  const origin = origins.originOf(emitter);
  if (origin) errorHandled.add(origin.node.id);
}

/**
 * `addListeners(server, { error: onError, listening: ... })` (ws, many servers): a helper that
 * attaches a map of event handlers. An `error` entry beside the server counts as its 'error' listener.
 */
function markListenerMapHandlers(call: Node, origins: OriginResolver, errorHandled: Set<number>): void {
  const args = argumentsOf(call);
  if (args.length < 2 || !args.some((a) => a.type === 'object' && objectProperty(a, 'error'))) return;
  for (const arg of args) {
    if (arg.type === 'object') continue;
    const origin = origins.originOf(arg);
    if (origin) errorHandled.add(origin.node.id);
  }
}

/** A finding's range: from the called name to the end of the call's first line. */
export function callRange(model: JsModel, nameNode: Node, call: Node): Range {
  const start = { line: nameNode.startPosition.row, character: nameNode.startPosition.column };
  if (call.endPosition.row === start.line) return { start, end: { line: start.line, character: call.endPosition.column } };
  return { start, end: { line: start.line, character: (model.lines[start.line] ?? '').length } };
}
