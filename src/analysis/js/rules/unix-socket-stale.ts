// unix-socket-stale: a server listening on a Unix-domain socket path that nothing removes
// first. A crashed or SIGKILLed run leaves the socket file behind, and the next listen fails
// with EADDRINUSE although nobody listens. Address reuse options do not help here.
import type { Node } from 'web-tree-sitter';
import type { Finding, TextEdit } from '../../types';
import { rmSyncAccess } from '../fixes/fs-import';
import { insertStatementBefore } from '../fixes/insert-statement';
import { type JsModel, type ListenCall, callRange } from '../model';
import { isMember } from '../modules';
import { listenedPath } from '../bound';
import { isInFreshDirectory } from '../socket-path';
import { lookup } from '../file-facts';
import { argumentsOf, enclosingFunction, unwrap } from '../syntax';

/** Servers whose `listen` accepts a path. */
const PATH_LISTENERS = new Set(['node-server', 'app']);

const REMOVERS: [string[], ...string[]][] = [
  [['fs', 'fs-extra'], 'unlink'],
  [['fs', 'fs-extra'], 'unlinkSync'],
  [['fs', 'fs-extra'], 'rm'],
  [['fs', 'fs-extra'], 'rmSync'],
  [['fs'], 'promises', 'unlink'],
  [['fs'], 'promises', 'rm'],
  [['fs-extra'], 'remove'],
  [['fs-extra'], 'removeSync'],
];

const REMOVER_NAMES = new Set(REMOVERS.map(([, ...path]) => path[path.length - 1]));

export function unixSocketStale(model: JsModel): Finding[] {
  const findings: Finding[] = [];
  let removals: Removal[] | undefined;
  for (const listen of model.listens) {
    if (!listen.origin || !PATH_LISTENERS.has(listen.origin.kind)) continue;
    const target = listenedPath(model, listen);
    if (!target || target.abstract) continue;
    if (isInFreshDirectory(model.facts, model.modules, target.expr)) continue;
    if (comesFromParameter(model, target.expr)) continue; // the caller's job, as in C
    removals ??= removalCalls(model);
    const path = normalized(target.expr);
    if (removals.some((r) => r.path === path && removesBefore(r, listen.call))) continue;
    findings.push(finding(model, listen, target.expr));
  }
  return findings;
}

/** `listen({ path })`, `listen({ path: opts.socket })` with `path` / `opts` a parameter. */
function comesFromParameter(model: JsModel, expr: Node): boolean {
  let base = unwrap(expr);
  while (base.type === 'member_expression') base = unwrap(base.childForFieldName('object') ?? base);
  if (base.type !== 'identifier' && base.type !== 'shorthand_property_identifier') return false;
  return lookup(model.facts, base)?.kind === 'parameter';
}

interface Removal {
  call: Node;
  /** The removed path's text, normalized for comparison. */
  path: string;
  start: number;
  end: number;
  /** The function (or program) the removal runs in, found on first need. */
  scope?: { start: number; end: number };
}

function removalCalls(model: JsModel): Removal[] {
  const removals: Removal[] = [];
  for (const call of model.facts.calls) {
    const fn = call.childForFieldName('function');
    // Member calls are judged by name first; plain calls may be aliased imports (`rmSync as rm`).
    const property = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
    if (property !== undefined && !REMOVER_NAMES.has(property)) continue;
    const ref = fn ? model.modules.resolve(fn) : undefined;
    if (ref === undefined || !REMOVERS.some(([mods, ...path]) => isMember(ref, mods, ...path))) continue;
    const removed = argumentsOf(call)[0];
    if (removed) removals.push({ call, path: normalized(removed), start: call.startIndex, end: call.endIndex });
  }
  return removals;
}

/**
 * A removal of the same path counts when it runs before the listen: earlier in a scope that
 * encloses the listen (`fs.rmSync(p); server.listen(p)`, also after `await` or in a `.then`
 * chain), or as the call whose callback leads to it (`fs.unlink(p, () => server.listen(p))`).
 */
function removesBefore(removal: Removal, listen: Node): boolean {
  const at = listen.startIndex;
  if (removal.start <= at && at < removal.end) return true;
  if (removal.end > at) return false;
  if (!removal.scope) {
    const scope = nearestScope(removal.call);
    removal.scope = { start: scope.startIndex, end: scope.endIndex };
  }
  return removal.scope.start <= at && at < removal.scope.end;
}

function nearestScope(node: Node): Node {
  return enclosingFunction(node) ?? node.tree.rootNode;
}

/** Same path, same text: whitespace and quote style aside. */
function normalized(n: Node): string {
  return n.text.replace(/\s+/g, '').replace(/"/g, "'");
}

function finding(model: JsModel, listen: ListenCall, pathExpr: Node): Finding {
  return {
    rule: 'unix-socket-stale',
    severity: 'warning',
    message: 'This server listens on a Unix socket path it does not remove first: the next run gets EADDRINUSE.',
    range: callRange(model, listen.nameNode, listen.call),
    fixes: [
      {
        title: 'Remove a stale socket file before listening',
        edits: removeFirstEdits(model, listen.call, pathExpr),
        isPreferred: true,
      },
    ],
  };
}

function removeFirstEdits(model: JsModel, listenCall: Node, pathExpr: Node): TextEdit[] {
  const access = rmSyncAccess(model, listenCall);
  const code = `${access.callee}(${pathExpr.text}, { force: true })`;
  return [...access.edits, insertStatementBefore(model, listenCall, code)];
}
