// Fix builder: a way to call `fs.rmSync` at a given place, reusing the file's own fs import
// (namespace, default, `require`, or a named `rmSync`), extending a named fs import list, or
// adding an import in the file's module style (ESM `import`, TS `import = require`, or `require`).
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { type JsModel, textStyle } from '../model';
import { normalizeModule } from '../modules';
import type { Declaration } from '../file-facts';
import { namedChildren, pos, stringValue, unwrap } from '../syntax';

export interface RmSyncAccess {
  /** The expression to call: `fs.rmSync`, `rmSync`, ... */
  callee: string;
  /** Edits that make it available (none when the file already has it). */
  edits: TextEdit[];
}

const BUILTINS = new Set([
  'fs',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'path',
  'os',
  'child_process',
  'url',
  'util',
  'events',
  'stream',
  'crypto',
]);

export function rmSyncAccess(model: JsModel, at: Node): RmSyncAccess {
  const visible = fsBindings(model).filter(({ decl }) => decl.scopeStart <= at.startIndex && at.startIndex < decl.scopeEnd);
  for (const { decl, member } of visible) {
    if (member === undefined) return { callee: `${decl.name}.rmSync`, edits: [] };
    if (member === 'rmSync') return { callee: decl.name, edits: [] };
  }
  const unlinkSync = visible.find(({ decl, member }) => member === 'unlinkSync' && decl.scope.type === 'program');
  const extended = unlinkSync && extendNamedList(unlinkSync.decl.node);
  if (extended) return { callee: 'rmSync', edits: [extended] };
  const name = model.facts.declarations.has('fs') ? 'nodeFs' : 'fs';
  return { callee: `${name}.rmSync`, edits: [addFsImport(model, name)] };
}

interface FsBinding {
  decl: Declaration;
  /** undefined: the module itself (`fs`); else the function imported (`rmSync`, `unlinkSync`). */
  member?: string;
}

/** Names bound to node:fs or one of its functions, once per file. */
function fsBindings(model: JsModel): FsBinding[] {
  const cached = model.cache.get('fs-bindings') as FsBinding[] | undefined;
  if (cached) return cached;
  const found: FsBinding[] = [];
  for (const decls of model.facts.declarations.values()) {
    for (const decl of decls) {
      if (decl.kind !== 'import' && decl.kind !== 'variable') continue;
      const ref = model.modules.resolveDeclaration(decl);
      if (!ref || ref.module !== 'fs') continue;
      const path = ref.path[0] === 'default' ? ref.path.slice(1) : ref.path;
      if (path.length === 0) found.push({ decl });
      else if (path.length === 1 && (path[0] === 'rmSync' || path[0] === 'unlinkSync')) found.push({ decl, member: path[0] });
    }
  }
  model.cache.set('fs-bindings', found);
  return found;
}

/** `import { unlinkSync } from 'fs'` -> `import { unlinkSync, rmSync } from 'fs'`; same for a destructured require. */
function extendNamedList(declNode: Node): TextEdit | undefined {
  const list =
    declNode.type === 'import_statement' ? declNode.descendantsOfType('named_imports')[0] : declNode.childForFieldName('name');
  if (!list || (list.type !== 'named_imports' && list.type !== 'object_pattern')) return undefined;
  const members = namedChildren(list);
  const last = members[members.length - 1];
  if (!last) return undefined;
  const end = pos(last.endPosition);
  return { range: { start: end, end }, newText: ', rmSync' };
}

type ModuleStyle = 'esm-default' | 'esm-namespace' | 'ts-import-require' | 'require';

function moduleStyle(model: JsModel): ModuleStyle {
  let defaultImports = 0;
  let namespaceImports = 0;
  let importRequire = 0;
  for (const statement of model.facts.imports) {
    for (const child of namedChildren(statement)) {
      if (child.type === 'import_require_clause') importRequire++;
      if (child.type !== 'import_clause') continue;
      for (const part of namedChildren(child)) {
        if (part.type === 'identifier') defaultImports++;
        if (part.type === 'namespace_import') namespaceImports++;
      }
    }
  }
  const esm = model.facts.imports.length > importRequire || model.facts.root.descendantsOfType('export_statement').length > 0;
  if (importRequire > 0 && !esm) return 'ts-import-require';
  if (esm) {
    if (namespaceImports > defaultImports) return 'esm-namespace';
    if (defaultImports > 0) return 'esm-default';
    return model.typescript ? 'esm-namespace' : 'esm-default';
  }
  if (hasTopLevelRequire(model)) return 'require';
  if (/\.(mjs|mts)$/i.test(model.file.path)) return 'esm-default';
  if (/\.(ts|tsx)$/i.test(model.file.path)) return 'esm-namespace';
  return 'require';
}

function hasTopLevelRequire(model: JsModel): boolean {
  return model.facts.calls.some((c) => c.childForFieldName('function')?.text === 'require');
}

/** `node:fs` unless the file imports builtins without the prefix. */
function fsSpecifier(model: JsModel): string {
  let prefixed = 0;
  let bare = 0;
  const count = (spec: string | undefined): void => {
    if (spec === undefined) return;
    if (spec.startsWith('node:')) prefixed++;
    else if (BUILTINS.has(normalizeModule(spec).module)) bare++;
  };
  for (const statement of model.facts.imports) {
    count(stringValue(statement.childForFieldName('source')));
    for (const clause of statement.descendantsOfType('import_require_clause'))
      count(stringValue(clause?.childForFieldName('source')));
  }
  for (const call of model.facts.calls) {
    if (call.childForFieldName('function')?.text !== 'require') continue;
    count(stringValue(call.childForFieldName('arguments')?.namedChild(0)));
  }
  return bare > prefixed ? 'fs' : 'node:fs';
}

function addFsImport(model: JsModel, name: string): TextEdit {
  const key = `fs-import:${name}`;
  const cached = model.cache.get(key) as TextEdit | undefined;
  if (cached) return cached;
  const edit = buildFsImport(model, name);
  model.cache.set(key, edit);
  return edit;
}

function buildFsImport(model: JsModel, name: string): TextEdit {
  const q = textStyle(model).quote;
  const semi = textStyle(model).semicolons ? ';' : '';
  const spec = `${q}${fsSpecifier(model)}${q}`;
  const style = moduleStyle(model);
  const line =
    style === 'esm-default'
      ? `import ${name} from ${spec}${semi}`
      : style === 'esm-namespace'
        ? `import * as ${name} from ${spec}${semi}`
        : style === 'ts-import-require'
          ? `import ${name} = require(${spec})${semi}`
          : `const ${name} = require(${spec})${semi}`;
  const row = importInsertionLine(model);
  return { range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: line + model.eol };
}

/** After the last top-level import or require, else after a hashbang and 'use strict'. */
function importInsertionLine(model: JsModel): number {
  let after = -1;
  for (const statement of namedChildren(model.facts.root)) {
    if (statement.type === 'import_statement' || isRequireDeclaration(statement)) after = statement.endPosition.row;
  }
  if (after >= 0) return after + 1;
  for (const statement of namedChildren(model.facts.root)) {
    if (statement.type === 'hash_bang_line') after = statement.endPosition.row;
    else if (statement.type === 'expression_statement' && unwrap(statement.namedChild(0) ?? statement).type === 'string')
      after = statement.endPosition.row;
    else break;
  }
  return after + 1;
}

function isRequireDeclaration(statement: Node): boolean {
  if (statement.type !== 'lexical_declaration' && statement.type !== 'variable_declaration') return false;
  return namedChildren(statement).some((d) => {
    const value = d.childForFieldName('value');
    return value !== null && /^require\s*\(/.test(unwrap(value).text);
  });
}
