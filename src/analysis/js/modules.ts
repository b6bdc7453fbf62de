// Which module a value really comes from. `dgram.createSocket` only matters when `dgram` is
// Node's dgram: imported (default, namespace, named, aliased), required (also destructured
// or through `.createSocket` on the require), or reached through a local alias.
import type { Node } from 'web-tree-sitter';
import { type Declaration, type FileFacts, lookup } from './file-facts';
import { namedChildren, stringValue, unwrap } from './syntax';

/** A module and the property path taken from it: `dgram.createSocket` is { module: 'dgram', path: ['createSocket'] }. */
export interface ModuleRef {
  module: string;
  path: readonly string[];
}

/** Globals the rules know by name when nothing local shadows them. */
const RUNTIME_GLOBALS = new Set(['Deno', 'Bun']);

/** `node:dgram` and `dgram` are the same module; `fs/promises` is `fs.promises`. */
export function normalizeModule(specifier: string): ModuleRef {
  const bare = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  if (bare === 'fs/promises') return { module: 'fs', path: ['promises'] };
  return { module: bare, path: [] };
}

export class ModuleResolver {
  private readonly cache = new Map<number, ModuleRef | null>();

  constructor(private readonly facts: FileFacts) {}

  /** The module member `expr` evaluates to, or undefined when it is not visibly a module's. */
  resolve(expr: Node): ModuleRef | undefined {
    const node = unwrap(expr);
    const cached = this.cache.get(node.id);
    if (cached !== undefined) return cached ?? undefined;
    this.cache.set(node.id, null); // cycles (`a = b; b = a`) resolve to nothing
    const result = this.compute(node);
    this.cache.set(node.id, result ?? null);
    return result;
  }

  private compute(node: Node): ModuleRef | undefined {
    switch (node.type) {
      case 'identifier': {
        const decl = lookup(this.facts, node);
        if (!decl) return RUNTIME_GLOBALS.has(node.text) ? { module: node.text, path: [] } : undefined;
        return this.resolveDeclaration(decl);
      }
      case 'member_expression': {
        const object = node.childForFieldName('object');
        const property = node.childForFieldName('property');
        if (!object || !property) return undefined;
        const base = this.resolve(object);
        return base && { module: base.module, path: [...base.path, property.text] };
      }
      case 'subscript_expression': {
        const object = node.childForFieldName('object');
        const key = stringValue(node.childForFieldName('index'));
        if (!object || key === undefined) return undefined;
        const base = this.resolve(object);
        return base && { module: base.module, path: [...base.path, key] };
      }
      case 'await_expression': {
        const inner = node.namedChild(0);
        return inner ? this.resolve(inner) : undefined;
      }
      case 'call_expression':
        return this.requireCall(node);
      default:
        return undefined;
    }
  }

  /** `require('m')` (not a local `require`) and `import('m')`. */
  private requireCall(call: Node): ModuleRef | undefined {
    const fn = call.childForFieldName('function');
    if (!fn) return undefined;
    const isRequire = fn.type === 'identifier' && fn.text === 'require' && !lookup(this.facts, fn);
    if (!isRequire && fn.type !== 'import') return undefined;
    const args = call.childForFieldName('arguments');
    const specifier = args ? stringValue(namedChildren(args)[0]) : undefined;
    return specifier === undefined ? undefined : normalizeModule(specifier);
  }

  /** The module member a declared name is bound to. */
  resolveDeclaration(decl: Declaration): ModuleRef | undefined {
    if (decl.kind === 'import') return importBinding(decl.node, decl.name);
    if (decl.kind !== 'variable' || !decl.value) return undefined;
    const base = this.resolve(decl.value);
    if (!base) return undefined;
    if (decl.path === undefined && decl.node.childForFieldName('name')?.type !== 'identifier') return undefined;
    return { module: base.module, path: [...base.path, ...(decl.path ?? [])] };
  }
}

/** What local `name` is bound to by an import statement. */
function importBinding(statement: Node, name: string): ModuleRef | undefined {
  const source = stringValue(statement.childForFieldName('source'));
  for (const child of namedChildren(statement)) {
    if (child.type === 'import_require_clause') {
      const src = stringValue(child.childForFieldName('source'));
      return src === undefined ? undefined : normalizeModule(src);
    }
    if (child.type !== 'import_clause' || source === undefined) continue;
    const mod = normalizeModule(source);
    for (const part of namedChildren(child)) {
      if (part.type === 'identifier' && part.text === name) return mod;
      if (part.type === 'namespace_import' && part.namedChildren.some((c) => c?.text === name)) return mod;
      if (part.type !== 'named_imports') continue;
      for (const spec of namedChildren(part)) {
        const imported = spec.childForFieldName('name');
        const local = spec.childForFieldName('alias') ?? imported;
        if (!imported || local?.text !== name) continue;
        const importedName = imported.type === 'string' ? (stringValue(imported) ?? '') : imported.text;
        // `import { default as x }` is the default export: the module itself for CommonJS modules.
        return importedName === 'default' ? mod : { module: mod.module, path: [...mod.path, importedName] };
      }
    }
  }
  return undefined;
}

/** Whether `ref` is exactly `module.member...` (a `.default` hop from ESM interop is allowed first). */
export function isMember(ref: ModuleRef | undefined, modules: readonly string[], ...path: string[]): boolean {
  if (!ref || !modules.includes(ref.module)) return false;
  const p = ref.path[0] === 'default' ? ref.path.slice(1) : ref.path;
  return p.length === path.length && p.every((segment, i) => segment === path[i]);
}
