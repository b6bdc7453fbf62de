// Die-on-error wrappers (busybox's `xsocket`, `xbind`, `xlisten`): a function of the file whose
// only socket call is one socket(), bind() or listen() made of its own parameters, plus error
// handling. A call to it is the wrapped call (with its arguments mapped), so the socket's life
// runs through it like through the call it stands for.
import type { CallSite, CModel, FunctionInfo } from './model';

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

/**
 * Finds the file's wrappers and adds, for every call of one (outside it), a call site of the
 * wrapped function at the same place with the arguments it stands for. Returns the wrappers by name.
 */
export function addWrappedCalls(model: CModel): Map<string, SocketWrapper> {
  const wrappers = new Map<string, SocketWrapper>();
  for (const [name, funcs] of model.functionsByName) {
    // Two definitions (`#ifdef` variants) may differ: only one definition is read as a wrapper.
    const wrapper = funcs.length === 1 ? wrapperOf(model, funcs[0]) : undefined;
    if (wrapper) wrappers.set(name, wrapper);
  }
  if (wrappers.size === 0) return wrappers;
  const touched = new Set<FunctionInfo>();
  for (const [name, wrapper] of wrappers) {
    for (const c of model.callsByName.get(name) ?? []) {
      if (c.scope || c.receiver || !c.func || c.func === wrapper.inner.func) continue;
      if (c.args.length !== model.functionsByName.get(name)![0].params.length) continue;
      const site: CallSite = { ...c, name: wrapper.wrapped, args: wrapper.params.map((i) => c.args[i]) };
      c.func.calls.push(site);
      touched.add(c.func);
      const list = model.callsByName.get(wrapper.wrapped) ?? [];
      list.push(site);
      model.callsByName.set(wrapper.wrapped, list);
    }
  }
  for (const func of touched) func.calls.sort((a, b) => a.start - b.start);
  for (const w of WRAPPABLE) model.callsByName.get(w)?.sort((a, b) => a.start - b.start);
  return wrappers;
}
