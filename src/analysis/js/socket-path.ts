// What a `listen(...)` call listens on: a port, a Unix-domain socket path, or a Windows named
// pipe. Node's own rule (net.js `isPipeName`): a string that is not a non-negative number is a
// path; `{ path }` is always a path.
import type { Node } from 'web-tree-sitter';
import { type FileFacts, assignedValues, lookup } from './file-facts';
import { type ModuleResolver, isMember } from './modules';
import { objectLiteralOf } from './options';
import { argumentsOf, namedChildren, objectProperty, propertyValue, stringValue, unwrap } from './syntax';

export type ListenTarget =
  { kind: 'port'; expr?: Node } | { kind: 'path'; expr: Node } | { kind: 'pipe' } | { kind: 'unknown'; expr?: Node };

const PIPE = /^\\\\[.?]\\pipe\\/i;

/** The string a literal denotes, with the escapes a path may contain (`\\`) decoded. */
function cooked(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}

export function listenTarget(facts: FileFacts, modules: ModuleResolver, call: Node): ListenTarget {
  const first = argumentsOf(call)[0];
  if (!first) return { kind: 'port' };
  const object = objectLiteralOf(facts, first);
  if (object) {
    const pathProp = objectProperty(object, 'path');
    if (pathProp) {
      const expr = propertyValue(pathProp);
      return classifyPathValue(facts, modules, expr, 0) === 'pipe' ? { kind: 'pipe' } : { kind: 'path', expr };
    }
    const portProp = objectProperty(object, 'port');
    return { kind: 'port', expr: portProp ? propertyValue(portProp) : undefined };
  }
  const inner = unwrap(first);
  if (inner.type === 'arrow_function' || inner.type === 'function_expression') return { kind: 'port' };
  const verdict = classifyPathValue(facts, modules, first, 0);
  if (verdict === 'path') return { kind: 'path', expr: first };
  if (verdict === 'pipe') return { kind: 'pipe' };
  if (verdict === 'port') return { kind: 'port', expr: first };
  return { kind: 'unknown', expr: first };
}

type Verdict = 'path' | 'pipe' | 'port' | 'unknown';

function classifyPathValue(facts: FileFacts, modules: ModuleResolver, expr: Node, depth: number): Verdict {
  if (depth > 5) return 'unknown';
  const node = unwrap(expr);
  switch (node.type) {
    case 'number':
      return 'port';
    case 'string': {
      const value = cooked(stringValue(node) ?? '');
      if (PIPE.test(value)) return 'pipe';
      return Number(value) >= 0 ? 'port' : 'path';
    }
    case 'template_string': {
      const literal = namedChildren(node)
        .filter((c) => c.type === 'string_fragment' || c.type === 'escape_sequence')
        .map((c) => c.text)
        .join('');
      if (PIPE.test(cooked(literal))) return 'pipe';
      const value = stringValue(node);
      if (value !== undefined) return Number(cooked(value)) >= 0 ? 'port' : 'path';
      // `${dir}/app.sock` is a path; `${port}` alone could be anything.
      return /[^\d\s]/.test(literal) ? 'path' : 'unknown';
    }
    case 'binary_expression': {
      // 'a' + b: string concatenation with a literal part
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (node.child(1)?.type !== '+' || !left || !right) return 'unknown';
      const l = classifyPathValue(facts, modules, left, depth + 1);
      if (l === 'pipe') return 'pipe';
      return unwrap(left).type === 'string' && l === 'path' ? 'path' : 'unknown';
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const ref = fn ? modules.resolve(fn) : undefined;
      const isPathJoin = ['join', 'resolve'].some((f) => isMember(ref, ['path'], f) || isMember(ref, ['path'], 'posix', f));
      if (!isPathJoin) return 'unknown';
      return argumentsOf(node).some((a) => classifyPathValue(facts, modules, a, depth + 1) === 'pipe') ? 'pipe' : 'path';
    }
    case 'identifier': {
      // A `const`, or a `let`/`var` the file never assigns again.
      const decl = lookup(facts, node);
      if (decl?.kind === 'variable' && !decl.path && decl.value && (decl.constant || assignedValues(facts, decl).length === 0))
        return classifyPathValue(facts, modules, decl.value, depth + 1);
      return 'unknown';
    }
    default:
      return 'unknown';
  }
}

/** A directory the code has just created for itself (`fs.mkdtempSync`): nothing stale can be in it. */
export function isInFreshDirectory(facts: FileFacts, modules: ModuleResolver, expr: Node, depth = 0): boolean {
  if (depth > 4) return false;
  const ids = unwrap(expr).type === 'identifier' ? [unwrap(expr)] : unwrap(expr).descendantsOfType('identifier');
  for (const id of ids) {
    if (!id) continue;
    const decl = lookup(facts, id);
    if (decl?.kind !== 'variable' || !decl.value || decl.path) continue;
    const value = unwrap(decl.value);
    const call = value.type === 'await_expression' ? unwrap(value.namedChild(0) ?? value) : value;
    if (call.type === 'call_expression') {
      const fn = call.childForFieldName('function');
      const ref = fn ? modules.resolve(fn) : undefined;
      if (isMember(ref, ['fs'], 'mkdtempSync') || isMember(ref, ['fs'], 'promises', 'mkdtemp')) return true;
    }
    if (isInFreshDirectory(facts, modules, decl.value, depth + 1)) return true;
  }
  return false;
}
