// The int flag a setsockopt call points to: an existing `int on = 1` in scope, or a new one
// whose name clashes with nothing in the function or the file.
import type { Node } from 'web-tree-sitter';
import type { CModel, FunctionInfo } from '../model';
import { declaredType, lastLiteral, literalAssignments } from '../values';

const INT_TYPE = /^((const|static|volatile|signed|unsigned)\s+)*int$/;
const CANDIDATE_NAMES = ['on', 'reuse', 'one', 'enable', 'reuse_on', 'reuse_flag'];

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * A `1` given by `=` (or `+=`), across blanks, comments and continued lines: a function whose text
 * holds none assigns no flag, and the walk over its assignments is not needed to find one.
 */
const ASSIGNED_ONE = /=(?:\s|\\\r?\n|\/\*(?:[^*]|\*(?!\/))*\*\/|\/\/[^\n]*)*1\b/;

/** An int variable holding 1 at `at`, declared in a block enclosing `at`. */
export function existingFlag(model: CModel, func: FunctionInfo | undefined, at: Node): string | undefined {
  const local = func && ASSIGNED_ONE.test(model.file.text.slice(func.start, func.end)) ? literalAssignments(model, func) : [];
  const candidates = [...local, ...literalAssignments(model, undefined)];
  for (const a of candidates) {
    if (a.value !== '1' || a.at.startIndex >= at.startIndex) continue;
    if (lastLiteral(model, func, a.name, at.startIndex)?.value !== '1') continue;
    const decl = declaredType(model, func, a.name);
    if (!decl || decl.pointer || !INT_TYPE.test(decl.type.trim()) || decl.node.type !== 'declaration') continue;
    const scope = model.parentOf(decl.node);
    if (!scope || !contains(scope, at)) continue;
    // An assignment must run on the way to `at`, not in a branch beside it.
    if (a.at.type === 'assignment_expression') {
      const stmt = model.parentOf(a.at);
      const block = stmt ? model.parentOf(stmt) : null;
      if (!block || !contains(block, at)) continue;
    }
    return a.name;
  }
  return undefined;
}

/**
 * An int declared in a block enclosing `at` and never used since (`int sock, ret, on;` in the
 * seed listing): the fix may set it to 1 and point to it, as the article does.
 */
export function unusedIntVariable(model: CModel, func: FunctionInfo | undefined, at: Node): string | undefined {
  if (!func) return undefined;
  const body = model.file.text.slice(func.start, func.end);
  for (const name of ['on', 'yes', 'one', 'optval', 'opt', 'flag', 'reuse', 'enable']) {
    if ((body.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length !== 1) continue;
    const decl = declaredType(model, func, name);
    if (!decl || decl.pointer || decl.node.type !== 'declaration' || !/^int$/.test(decl.type.trim())) continue;
    const scope = model.parentOf(decl.node);
    if (scope && contains(scope, at) && decl.node.startIndex < at.startIndex && !/=/.test(decl.node.text)) return name;
  }
  return undefined;
}

/**
 * The flag names fixes have handed out, per function. One instance serves every rule of an
 * analysis: "Fix all" applies their fixes together, so two of them must not declare the same flag.
 */
export class ReservedFlagNames {
  private readonly byFunction = new Map<number, Set<string>>();

  in(func: FunctionInfo | undefined): Set<string> {
    const id = func?.node.id ?? -1;
    let names = this.byFunction.get(id);
    if (!names) this.byFunction.set(id, (names = new Set()));
    return names;
  }
}

/** A name for a new flag: not used in the function nor declared in the file, nor handed out already. */
export function freshFlagName(model: CModel, func: FunctionInfo | undefined, reserved: Set<string>): string {
  const body = func?.node.text ?? model.file.text;
  for (let n = 0; ; n++) {
    for (const base of CANDIDATE_NAMES) {
      const name = n === 0 ? base : `${base}${n + 1}`;
      if (reserved.has(name) || new RegExp(`\\b${name}\\b`).test(body) || declaredType(model, undefined, name)) continue;
      reserved.add(name);
      return name;
    }
  }
}
