// unix-socket-stale: an AF_UNIX socket bound to a filesystem path with no unlink of that path
// before. A socket file survives its process, so the next run's bind fails with EADDRINUSE.
import type { Finding, TextEdit } from '../../types';
import { insertBefore } from '../fixes/edits';
import { includeEdit } from '../fixes/includes';
import { messages } from '../messages';
import { type CModel, FRESH_DIRS, type FunctionInfo, PATH_REMOVES } from '../model';
import { type UnixPath, unixPathOf } from '../bound';
import { type BindFacts, fileCallers } from '../sockets';
import { escapeRegExp, firstLineRange, identifiersIn, keyOf, unwrap } from '../syntax';
import { stringConstant } from '../values';

function removedBefore(facts: BindFacts, path: UnixPath): boolean {
  const wanted = new Set([keyOf(path.source) ?? path.source?.text, path.target.replace(/\s+/g, '')].filter(Boolean));
  return (facts.func?.calls ?? []).some((c) => {
    if (c.start >= facts.site.start || !PATH_REMOVES.includes(c.name)) return false;
    const arg = c.name === 'unlinkat' ? c.args[1] : c.args[0];
    if (!arg) return false;
    const key = keyOf(arg) ?? arg.text;
    return !path.source || wanted.has(key) || wanted.has(arg.text) || /sun_path/.test(arg.text);
  });
}

/**
 * The parameters of `func` and the locals built from them before `offset` (`char *p = url;`,
 * `p += 5;`, `n = snprintf(buf, ..., "%s/x", dir)` makes `buf` one): a path made of these is the caller's.
 */
function fromParameters(model: CModel, func: FunctionInfo, offset: number): Set<string> {
  const derived = new Set(func.params.filter(Boolean));
  const text = model.file.text.slice(func.start, offset);
  const assignments = [...text.matchAll(/(?<![\w.>])([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?[+]?=(?!=)\s*([^;]*);/g)].map((m) => ({
    target: m[1],
    ids: m[2].match(/[A-Za-z_]\w*/g) ?? [],
  }));
  const copies = [
    ...text.matchAll(/\b(?:str[nl]?cpy|str[nl]?cat|memcpy|s?n?printf)\s*\(\s*&?\s*([A-Za-z_]\w*)\s*,([^;]*);/g),
  ].map((m) => ({
    target: m[1],
    ids: m[2].match(/[A-Za-z_]\w*/g) ?? [],
  }));
  for (let changed = true; changed;) {
    changed = false;
    for (const a of [...assignments, ...copies]) {
      if (derived.has(a.target) || !a.ids.some((id) => derived.has(id))) continue;
      derived.add(a.target);
      changed = true;
    }
  }
  return derived;
}

function fromCallerOrFreshDir(model: CModel, facts: BindFacts, path: UnixPath): boolean {
  const func = facts.func;
  if (!func) return true;
  if (facts.fromParameter) return true;
  const given = func.params.length > 0 ? fromParameters(model, func, facts.site.start) : new Set<string>();
  if (path.source && identifiersIn(path.source).some((id) => given.has(id))) return true;
  if (path.copy && path.copy.args.slice(1).some((a) => identifiersIn(a).some((id) => given.has(id)))) return true;
  return inFreshDir(facts);
}

function inFreshDir(facts: BindFacts): boolean {
  return (facts.func?.calls ?? []).some((c) => c.start < facts.site.start && FRESH_DIRS.includes(c.name));
}

/** A call of `unlink`/`remove`/`unlinkat` in `func` before `offset` whose path is `path` as written. */
function removedInCaller(model: CModel, func: FunctionInfo, offset: number, path: string): boolean {
  // The caller may hold no socket call, so its unlink calls were not scanned: read its text.
  const text = model.file.text.slice(func.start, offset);
  const pattern = new RegExp(
    `\\b(?:unlink|remove)\\s*\\(\\s*${escapeRegExp(path)}\\s*\\)|\\bunlinkat\\s*\\([^,]*,\\s*${escapeRegExp(path)}\\s*,`,
    'g',
  );
  for (const m of text.matchAll(pattern)) {
    const node = model.tree.rootNode.descendantForIndex(func.start + m.index);
    if (node?.type === 'identifier' && model.parentOf(node)?.type === 'call_expression') return true;
  }
  return false;
}

/**
 * `sctl = open_ctl_socket("/var/run/app.ctl")`: the helper binds the path parameter it is given,
 * so the stale file is the caller's to remove. One finding per caller in the file that passes a
 * constant path and does not remove it before the call (a computed path stays the caller's job).
 */
function staleFromCallers(model: CModel, facts: BindFacts, path: UnixPath): Finding[] {
  const func = facts.func;
  const source = unwrap(path.source);
  if (!func?.name || facts.fromParameter || source?.type !== 'identifier' || inFreshDir(facts)) return [];
  const index = func.params.indexOf(source.text);
  // The parameter must reach the copy unchanged (no `path = fallback;` in between).
  const reassigned = new RegExp(`(?<![\\w.>])${escapeRegExp(source.text)}\\s*[+]?=(?!=)`);
  if (index < 0 || reassigned.test(model.file.text.slice(func.start, facts.site.start))) return [];
  const findings: Finding[] = [];
  const bindRange = firstLineRange(facts.site.callee, facts.site.call, model.file.text);
  for (const c of fileCallers(model, func)) {
    const arg = c.args[index];
    const value = stringConstant(model, arg);
    if (!c.func || c.func === func || !value || /^"\\0/.test(value)) continue;
    if (removedInCaller(model, c.func, c.start, arg.text.trim()) || removedInCaller(model, c.func, c.start, value)) continue;
    const stmt = model.statementOf(c.call);
    const callee = c.global || facts.site.global ? '::unlink' : 'unlink';
    const edits: TextEdit[] = [insertBefore(model, stmt, [`${callee}(${arg.text.trim()});`])];
    const include = includeEdit(model, 'unistd.h');
    if (include) edits.unshift(include);
    findings.push({
      rule: 'unix-socket-stale',
      severity: 'warning',
      message: messages.unixStaleVia(value),
      range: firstLineRange(c.callee, c.call, model.file.text),
      related: [{ range: bindRange, message: messages.boundIn(func.name) }],
      fixes: [{ title: `Unlink ${arg.text.trim()} before ${func.name}()`, edits, isPreferred: true }],
    });
  }
  return findings;
}

export function unixSocketStale(model: CModel, binds: BindFacts[]): Finding[] {
  const findings: Finding[] = [];
  for (const facts of binds) {
    if (facts.domain !== 'unix') continue;
    const path = unixPathOf(model, facts.site);
    if (!path || path.abstract || removedBefore(facts, path)) continue;
    if (fromCallerOrFreshDir(model, facts, path)) {
      findings.push(...staleFromCallers(model, facts, path));
      continue;
    }
    const source = unwrap(path.source);
    const shown = source && (source.type === 'string_literal' || source.type === 'identifier') ? source.text : path.target;
    const stmt = model.statementOf(facts.site.call);
    const callee = facts.site.global ? '::unlink' : 'unlink';
    const edits: TextEdit[] = [insertBefore(model, stmt, [`${callee}(${shown});`])];
    const include = includeEdit(model, 'unistd.h');
    if (include) edits.unshift(include);
    findings.push({
      rule: 'unix-socket-stale',
      severity: 'warning',
      message: messages.unixStale(source?.type === 'string_literal' ? source.text : shown),
      range: firstLineRange(facts.site.callee, facts.site.call, model.file.text),
      fixes: [{ title: `Unlink ${shown} before bind`, edits, isPreferred: true }],
    });
  }
  return findings;
}
