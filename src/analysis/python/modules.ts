// Which names of a Python file really are the `socket`, `socketserver`, `os`, ... modules or
// their members: `import socket`, `import socket as so`, `from socket import socket, AF_INET`,
// `from socket import *`. Names are resolved to dotted qualified names (`socket.SO_REUSEADDR`,
// `socketserver.TCPServer`); a name the file defines itself, or a parameter, is not an import.
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, parameterNames } from './syntax';

/** Python 2 spellings and C modules, read as the modules they became. */
const MODULE_ALIASES: Record<string, string> = { _socket: 'socket', SocketServer: 'socketserver', BaseHTTPServer: 'http.server' };

/** What `from socket import *` / `from socketserver import *` bring in (the names rules read). */
const STAR_NAMES: Record<string, RegExp> = {
  socket: /^(?:socket|create_server|socketpair|fromfd|(?:AF|SOCK|SOL|SO|IPPROTO|IP|IPV6|INADDR)_[A-Z0-9_]+)$/,
  socketserver: /^(?:\w+Server|ThreadingMixIn|ForkingMixIn)$/,
};

export const IMPORT_TYPES = ['import_statement', 'import_from_statement', 'future_import_statement'] as const;

export interface ImportStyle {
  /** `socket` for `import socket`, `so` for `import socket as so`. */
  moduleAlias?: string;
  /** The first `from socket import a, b` statement, to extend with missing names. */
  fromImport?: Node;
  /** Names brought in by from-imports (local name -> member). */
  members: Set<string>;
  star: boolean;
}

export class Imports {
  /** Local name -> qualified name (`so` -> `socket`, `TCPServer` -> `socketserver.TCPServer`). */
  private readonly names = new Map<string, string>();
  private readonly stars = new Set<string>();
  /** Names the module defines itself (def, class, assignment): they hide star imports. */
  private readonly defined = new Set<string>();
  readonly importStatements: Node[] = [];
  /** Node id -> qualified name ('' for none). */
  private readonly qualified = new Map<number, string>();

  /** `statements`: the file's import statements in document order, when the caller has them from its own scan. */
  constructor(
    private readonly root: Node,
    statements?: readonly Node[],
  ) {
    for (const stmt of statements ?? root.descendantsOfType([...IMPORT_TYPES])) {
      if (!stmt) continue;
      this.importStatements.push(stmt);
      if (stmt.type === 'import_statement') {
        for (const name of stmt.childrenForFieldName('name')) {
          if (!name) continue;
          if (name.type === 'aliased_import') {
            const full = name.childForFieldName('name')?.text;
            const alias = name.childForFieldName('alias')?.text;
            if (full && alias) this.names.set(alias, canonical(full));
          } else {
            const first = name.text.split('.')[0];
            this.names.set(first, canonical(first));
          }
        }
      } else if (stmt.type === 'import_from_statement') {
        const moduleNode = stmt.childForFieldName('module_name');
        if (!moduleNode || moduleNode.type === 'relative_import') continue;
        const module = canonical(moduleNode.text);
        if (stmt.namedChildren.some((c) => c?.type === 'wildcard_import')) this.stars.add(module);
        for (const name of stmt.childrenForFieldName('name')) {
          if (!name) continue;
          if (name.type === 'aliased_import') {
            const member = name.childForFieldName('name')?.text;
            const alias = name.childForFieldName('alias')?.text;
            if (member && alias) this.names.set(alias, `${module}.${member}`);
          } else this.names.set(name.text, `${module}.${name.text}`);
        }
      }
    }
    for (const child of root.namedChildren) {
      const def = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (def?.type === 'function_definition' || def?.type === 'class_definition') {
        const name = def.childForFieldName('name')?.text;
        if (name) this.defined.add(name);
      }
    }
  }

  /** Whether the file imports anything of `module` (`socket`, `socketserver`). */
  uses(module: string): boolean {
    if (this.stars.has(module)) return true;
    for (const q of this.names.values()) if (q === module || q.startsWith(module + '.')) return true;
    return false;
  }

  /** The dotted qualified name `node` (an identifier or attribute chain) stands for, if it is an import. */
  qualify(node: Node | null | undefined): string | undefined {
    if (!node) return undefined;
    // The walk, the evaluator and the rules ask for the same nodes again and again.
    const known = this.qualified.get(node.id);
    if (known !== undefined) return known || undefined;
    const q = this.qualifyNode(node);
    this.qualified.set(node.id, q ?? '');
    return q;
  }

  private qualifyNode(node: Node): string | undefined {
    if (node.type === 'identifier') {
      const name = node.text;
      let q = this.names.get(name);
      if (!q && !this.defined.has(name))
        for (const module of this.stars) if (STAR_NAMES[module]?.test(name)) q = `${module}.${name}`;
      // Only a name that is an import can be shadowed: the (costly) scope walk runs for those alone.
      return q && !shadowedByParameter(node, name) ? q : undefined;
    }
    if (node.type === 'attribute') {
      const base = this.qualify(node.childForFieldName('object'));
      const attr = node.childForFieldName('attribute')?.text;
      return base && attr ? `${base}.${attr}` : undefined;
    }
    if (node.type === 'parenthesized_expression') return this.qualify(node.namedChild(0));
    return undefined;
  }

  /** How the file imports `module`, so inserted code names its members the same way. */
  style(module: string): ImportStyle {
    const style: ImportStyle = { members: new Set(), star: this.stars.has(module) };
    for (const [local, q] of this.names) {
      if (q === module && !style.moduleAlias) style.moduleAlias = local;
      else if (q.startsWith(module + '.') && !q.slice(module.length + 1).includes('.')) style.members.add(local);
    }
    for (const stmt of this.importStatements) {
      if (stmt.type !== 'import_from_statement') continue;
      const moduleNode = stmt.childForFieldName('module_name');
      if (moduleNode && canonical(moduleNode.text) === module && !stmt.namedChildren.some((c) => c?.type === 'wildcard_import')) {
        style.fromImport = stmt;
        break;
      }
    }
    return style;
  }

  /** The local name of `module.member` already in scope (`socket.SOL_SOCKET`, or `SOL_SOCKET`). */
  localName(module: string, member: string): string | undefined {
    for (const [local, q] of this.names) if (q === `${module}.${member}`) return local;
    for (const [local, q] of this.names) if (q === module) return `${local}.${member}`;
    if (this.stars.has(module) && !this.defined.has(member)) return member;
    return undefined;
  }

  get rootNode(): Node {
    return this.root;
  }
}

function canonical(module: string): string {
  return MODULE_ALIASES[module] ?? module;
}

/** A parameter of an enclosing function with this name hides the import. */
function shadowedByParameter(node: Node, name: string): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) if (parameterNames(fn).includes(name)) return true;
  return false;
}
