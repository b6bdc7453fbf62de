// Functions that enable address reuse on one of their parameters (`make_reusable(int fd)`), so a
// call to them before bind counts as reuse enabled, in this file and (through the workspace
// scanners, which merge these maps into AnalysisContext.reuseHelpers) in every other file.
import type { Tree } from 'web-tree-sitter';
import { type AnalysisContext, EMPTY_CONTEXT } from '../context';
import { literalGated } from '../text';
import { CModel } from './model';
import { reuseEvent, socketArg } from './sockets';
import { keyOf } from './syntax';
import { MAY_DEFINE_WRAPPER, namesWorkspaceHelper } from './wrappers';

/** Finds the helpers of `model`'s file and registers them in `model.helpers` (helpers calling helpers included). */
export function addLocalHelpers(model: CModel): Map<string, number> {
  const found = new Map<string, number>();
  for (let changed = true; changed;) {
    changed = false;
    // Calls to helpers found in the last round were not scanned for when the model was built.
    model.scanMore(new Set([...found.keys()].filter((n) => !model.callsByName.has(n))));
    for (const func of model.functions) {
      if (func.calls.length === 0 || found.has(func.name)) continue;
      for (const call of func.calls) {
        if (!reuseEvent(model, call)) continue;
        const key = keyOf(socketArg(model, call));
        const index = key ? func.params.indexOf(key) : -1;
        if (index < 0) continue;
        found.set(func.name, index);
        model.helpers.set(func.name, index);
        changed = true;
        break;
      }
    }
  }
  return found;
}

/**
 * The reuse helpers `tree` defines. Under `context`, calls to the workspace's helpers and option
 * wrappers count as reuse too, so a function calling another file's helper is one in turn.
 */
// `sock` stands for both names (looser, and shared with the other C gates: one scan for the three).
const MAY_DEFINE_REUSE_HELPER = literalGated(/\b(setsockopt|evutil_make_listen_socket_reuseable)\b/, ['sock']);

/** Only such a file can define a reuse helper or a socket wrapper: the workspace passes parse no other for them. */
export function mayDefineHelpers(text: string, context: AnalysisContext): boolean {
  return MAY_DEFINE_REUSE_HELPER.test(text) || MAY_DEFINE_WRAPPER.test(text) || namesWorkspaceHelper(context, text);
}

export function collectReuseHelpers(tree: Tree, context: AnalysisContext = EMPTY_CONTEXT): Map<string, number> {
  const text = tree.rootNode.text;
  if (!MAY_DEFINE_REUSE_HELPER.test(text) && !namesWorkspaceHelper(context, text)) return new Map();
  return addLocalHelpers(new CModel({ path: '', text }, tree, context));
}
