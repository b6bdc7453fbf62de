// unix-socket-stale: a server listening on a Unix-domain socket path that nothing removes
// first. A crashed or SIGKILLed run leaves the socket file behind, and the next listen fails
// with EADDRINUSE although nobody listens. Address reuse options do not help here.
import type { Node } from 'web-tree-sitter';
import type { Finding, TextEdit } from '../../types';
import { rmSyncAccess } from '../fixes/fs-import';
import { insertStatementBefore } from '../fixes/insert-statement';
import { type JsModel, type ListenCall, callRange } from '../model';
import { isMember } from '../modules';
import { isInFreshDirectory, listenTarget } from '../socket-path';
import { FUNCTION_TYPES, argumentsOf, isAncestor } from '../syntax';

/** Servers whose `listen` accepts a path. */
const PATH_LISTENERS = new Set(['node-server', 'app']);

const REMOVERS: [string[], ...string[]][] = [
  [['fs', 'fs-extra'], 'unlink'], [['fs', 'fs-extra'], 'unlinkSync'], [['fs', 'fs-extra'], 'rm'], [['fs', 'fs-extra'], 'rmSync'],
  [['fs'], 'promises', 'unlink'], [['fs'], 'promises', 'rm'],
  [['fs-extra'], 'remove'], [['fs-extra'], 'removeSync'],
];

export function unixSocketStale(model: JsModel): Finding[] {
  const findings: Finding[] = [];
  let removals: Node[] | undefined;
  for (const listen of model.listens) {
    if (!listen.origin || !PATH_LISTENERS.has(listen.origin.kind)) continue;
    const target = listenTarget(model.facts, model.modules, listen.call);
    if (target.kind !== 'path') continue;
    if (isInFreshDirectory(model.facts, model.modules, target.expr)) continue;
    removals ??= removalCalls(model);
    if (removals.some((r) => removesBefore(r, listen.call, target.expr))) continue;
    findings.push(finding(model, listen, target.expr));
  }
  return findings;
}

function removalCalls(model: JsModel): Node[] {
  return model.facts.calls.filter((call) => {
    const fn = call.childForFieldName('function');
    const ref = fn ? model.modules.resolve(fn) : undefined;
    return ref !== undefined && REMOVERS.some(([mods, ...path]) => isMember(ref, mods, ...path));
  });
}

/**
 * A removal of the same path counts when it runs before the listen: earlier in a scope that
 * encloses the listen (`fs.rmSync(p); server.listen(p)`, also after `await` or in a `.then`
 * chain), or as the call whose callback leads to it (`fs.unlink(p, () => server.listen(p))`).
 */
function removesBefore(removal: Node, listen: Node, pathExpr: Node): boolean {
  const removed = argumentsOf(removal)[0];
  if (!removed || !samePath(removed, pathExpr)) return false;
  if (isAncestor(removal, listen)) return true;
  if (removal.endIndex > listen.startIndex) return false;
  const scope = nearestScope(removal);
  return isAncestor(scope, listen);
}

function nearestScope(node: Node): Node {
  let last = node;
  for (let p = node.parent; p; last = p, p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return last;
}

function samePath(a: Node, b: Node): boolean {
  const norm = (n: Node): string => n.text.replace(/\s+/g, '').replace(/"/g, "'");
  return norm(a) === norm(b);
}

function finding(model: JsModel, listen: ListenCall, pathExpr: Node): Finding {
  return {
    rule: 'unix-socket-stale',
    severity: 'warning',
    message:
      'This server listens on a Unix socket path that is not removed first: the socket file a crashed or killed run leaves behind makes the next listen fail with EADDRINUSE.',
    range: callRange(model, listen.nameNode, listen.call),
    fixes: [{ title: 'Remove a stale socket file before listening', edits: removeFirstEdits(model, listen.call, pathExpr), isPreferred: true }],
  };
}

function removeFirstEdits(model: JsModel, listenCall: Node, pathExpr: Node): TextEdit[] {
  const access = rmSyncAccess(model, listenCall);
  const code = `${access.callee}(${pathExpr.text}, { force: true })`;
  return [...access.edits, insertStatementBefore(model, listenCall, code)];
}
