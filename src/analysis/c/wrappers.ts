// Die-on-error wrappers (busybox's `xsocket`, `xbind`, `xlisten`): a function whose only socket
// call is one socket(), bind() or listen() made of its own parameters, plus error handling. A call
// to it is the wrapped call (with its arguments mapped), so the socket's life runs through it like
// through the call it stands for. The file's own wrappers, and those defined in other files of the
// workspace (AnalysisContext.socketWrappers, merged from `wrapperShapes` of each file).
import type { Tree } from 'web-tree-sitter';
import { type AnalysisContext, EMPTY_CONTEXT, type WrapperShape } from '../context';
import { literalGated } from '../text';
import { type CallSite, CModel, type FunctionInfo } from './model';

export const WRAPPABLE = ['socket', 'bind', 'listen'] as const;
type Wrapped = (typeof WRAPPABLE)[number];

/** Socket calls besides the wrapped one that make a function more than a wrapper. */
const OTHER_SOCKET_CALLS = new Set(['socket', 'bind', 'listen', 'connect', 'setsockopt', 'evconnlistener_new']);

export interface SocketWrapper {
  wrapped: Wrapped;
  /** The wrapped call's argument i is the wrapper's parameter `params[i]`. */
  params: number[];
  /** The wrapped call inside the wrapper. */
  inner: CallSite;
}

/** `r = socket(...)` / `int r = socket(...)` ... `return r;`: the socket() wrapper hands out what it made. */
function returnsResult(model: CModel, func: FunctionInfo, call: CallSite): boolean {
  let p = model.parentOf(call.call);
  while (p?.type === 'parenthesized_expression' || p?.type === 'cast_expression') p = model.parentOf(p);
  const target =
    p?.type === 'assignment_expression'
      ? p.childForFieldName('left')
      : p?.type === 'init_declarator'
        ? p.childForFieldName('declarator')
        : p?.type === 'return_statement'
          ? call.call
          : undefined;
  if (!target) return false;
  if (target === call.call) return true;
  if (target.type !== 'identifier') return false;
  return new RegExp(`\\breturn\\s*\\(?\\s*${target.text}\\s*\\)?\\s*;`).test(model.file.text.slice(call.start, func.end));
}

function wrapperOf(model: CModel, func: FunctionInfo): SocketWrapper | undefined {
  const core = func.calls.filter((c) => !c.scope && !c.receiver && OTHER_SOCKET_CALLS.has(c.name));
  if (core.length !== 1 || !func.name || (WRAPPABLE as readonly string[]).includes(func.name)) return undefined;
  const inner = core[0];
  const wrapped = WRAPPABLE.find((w) => w === inner.name);
  if (!wrapped || inner.args.length !== (wrapped === 'listen' ? 2 : 3)) return undefined;
  const params = inner.args.map((a) => func.params.indexOf(a.text.trim()));
  if (params.some((i) => i < 0) || new Set(params).size !== params.length) return undefined;
  if (wrapped === 'socket' && !returnsResult(model, func, inner)) return undefined;
  return { wrapped, params, inner };
}

/** What the file's wrappers and option helper functions (not its macros) stand for, for the workspace context. */
export function wrapperShapes(model: CModel): Map<string, WrapperShape> {
  const shapes = new Map<string, WrapperShape>();
  for (const [name, w] of model.wrappers)
    shapes.set(name, { wrapped: w.wrapped, params: w.params, arity: model.functionsByName.get(name)![0].params.length });
  for (const [name, helper] of model.optionHelpers) {
    const funcs = model.functions.filter((f) => f.name === name);
    if (funcs.length === 1 && !shapes.has(name))
      shapes.set(name, { wrapped: 'setsockopt', params: [helper.socket, helper.option], arity: funcs[0].params.length });
  }
  return shapes;
}

const bindWrapperNames = new WeakMap<ReadonlyMap<string, WrapperShape>, RegExp | undefined>();

/** Whether `text` calls a workspace wrapper of bind() (`xbind(`): a file with no bind of its own may still bind. */
export function namesBindWrapper(context: AnalysisContext | undefined, text: string): boolean {
  const wrappers = context?.socketWrappers;
  if (!wrappers || wrappers.size === 0) return false;
  if (!bindWrapperNames.has(wrappers)) {
    const names = [...wrappers].filter(([, s]) => s.wrapped === 'bind').map(([n]) => n);
    bindWrapperNames.set(wrappers, names.length > 0 ? new RegExp(`\\b(?:${names.join('|')})\\s*\\(`) : undefined);
  }
  return bindWrapperNames.get(wrappers)?.test(text) ?? false;
}

const helperNames = new WeakMap<AnalysisContext, RegExp | null>();

/**
 * Whether `text` names one of the context's reuse helpers or setsockopt wrappers: only then can a
 * file with no setsockopt of its own define a helper, by passing its parameter to one of them.
 */
export function namesWorkspaceHelper(context: AnalysisContext, text: string): boolean {
  let re = helperNames.get(context);
  if (re === undefined) {
    const names = [
      ...context.reuseHelpers.keys(),
      ...[...(context.socketWrappers ?? [])].filter(([, s]) => s.wrapped === 'setsockopt').map(([n]) => n),
    ].filter((n) => /^[A-Za-z_]\w*$/.test(n));
    re = names.length > 0 ? new RegExp(`\\b(?:${names.join('|')})\\s*\\(`) : null;
    helperNames.set(context, re);
  }
  return re?.test(text) ?? false;
}

/** Only a file naming one of these can define a wrapper. */
export const MAY_DEFINE_WRAPPER = literalGated(/\b(socket|bind|listen)\s*\(/, ['bind', 'sock', 'listen']);

/**
 * The wrappers a file defines (for a file the analysis itself skips); under `context`, also the
 * functions passing their socket and option to another file's setsockopt wrapper.
 */
export function collectSocketWrappers(tree: Tree, context: AnalysisContext = EMPTY_CONTEXT): Map<string, WrapperShape> {
  const text = tree.rootNode.text;
  if (!MAY_DEFINE_WRAPPER.test(text) && !/\bsetsockopt\b/.test(text) && !namesWorkspaceHelper(context, text)) return new Map();
  return wrapperShapes(new CModel({ path: '', text }, tree, context));
}

/**
 * Finds the file's wrappers and adds, for every call of one (outside it) or of a workspace
 * wrapper the file does not define, a call site of the wrapped function at the same place with
 * the arguments it stands for. Returns the file's own wrappers by name.
 */
export function addWrappedCalls(model: CModel, workspace?: ReadonlyMap<string, WrapperShape>): Map<string, SocketWrapper> {
  const wrappers = new Map<string, SocketWrapper>();
  for (const [name, funcs] of model.functionsByName) {
    // Two definitions (`#ifdef` variants) may differ: only one definition is read as a wrapper.
    const wrapper = funcs.length === 1 ? wrapperOf(model, funcs[0]) : undefined;
    if (wrapper) wrappers.set(name, wrapper);
  }
  const shapes = new Map<string, { shape: WrapperShape; inner?: CallSite }>();
  for (const [name, shape] of workspace ?? [])
    if (shape.wrapped !== 'setsockopt' && !model.functionsByName.has(name)) shapes.set(name, { shape });
  for (const [name, w] of wrappers)
    shapes.set(name, {
      shape: { wrapped: w.wrapped, params: w.params, arity: model.functionsByName.get(name)![0].params.length },
      inner: w.inner,
    });
  if (shapes.size === 0) return wrappers;
  const touched = new Set<FunctionInfo>();
  for (const [name, { shape, inner }] of shapes) {
    for (const c of model.callsByName.get(name) ?? []) {
      if (c.scope || c.receiver || !c.func || c.func === inner?.func) continue;
      if (c.args.length !== shape.arity) continue;
      const site: CallSite = { ...c, name: shape.wrapped, args: shape.params.map((i) => c.args[i]) };
      c.func.calls.push(site);
      touched.add(c.func);
      const list = model.callsByName.get(shape.wrapped) ?? [];
      list.push(site);
      model.callsByName.set(shape.wrapped, list);
    }
  }
  for (const func of touched) func.calls.sort((a, b) => a.start - b.start);
  for (const w of WRAPPABLE) model.callsByName.get(w)?.sort((a, b) => a.start - b.start);
  return wrappers;
}
