// Unix-domain socket paths the workspace's code binds, read with tree-sitter like code-ports.ts:
// JS/TS `listen('/tmp/x.sock')`, `listen({ path: '/run/app.sock' })`, `listen(SOCK)` with a const
// string in the file; C/C++ `strcpy/strncpy/snprintf(addr.sun_path, "/tmp/x.sock", ...)`, also
// through `#define SOCK_PATH "..."` or a `const char *` initialised with a literal; Python
// AF_UNIX binds and UnixStreamServer / UnixDatagramServer, from the analyzer's Python model.
// A socket file outlives its process; the UI checks each path for a stale leftover.
// Relative paths are resolved against the workspace folder (where servers are usually started).
// Abstract sockets (leading '\0' or '@') and Windows pipes are not files and are skipped.
import * as path from 'node:path';
import type { Language, Node, Query as QueryType, Tree } from 'web-tree-sitter';
import { Query } from 'web-tree-sitter';
import { buildModel } from '../../analysis/python/model';
import { unixBinds } from '../../analysis/python/rules/unix-socket-stale';
import { collectDefinitions } from './definitions';
import { type GrammarId, type ParserService, isCFamily } from '../../analysis/parser';
import { type PortSource, SourceLocator } from './source';

export interface FoundSocketPath {
  /** Absolute path of the socket file. */
  path: string;
  /** The call that binds it (`listen(...)`, `strcpy(addr.sun_path, ...)`). */
  source: PortSource;
}

const C_QUERY = `
(call_expression
  function: (identifier) @fn
  arguments: (argument_list . (_) @target)
  (#any-of? @fn "strcpy" "strncpy" "snprintf" "strlcpy" "memcpy")) @call
`;
const C_DEFINITIONS = `
(preproc_def name: (identifier) @name value: (preproc_arg) @value)
(init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)] value: (_) @value)
`;
const JS_QUERY = `
(call_expression
  function: [(member_expression property: (property_identifier) @fn) (identifier) @fn]
  arguments: (arguments . (_) @target)
  (#eq? @fn "listen")) @call
`;
const JS_DEFINITIONS = `
(variable_declarator name: (identifier) @name value: (_) @value)
`;

/** False when the text cannot bind a socket path we can read: such files are never parsed. */
export function mayBindSocketPath(grammar: GrammarId, text: string): boolean {
  if (grammar === 'python') return /\bAF_UNIX\b|\bUnix(?:Stream|Datagram)Server\b/.test(text);
  if (isCFamily(grammar)) return /\bsun_path\b/.test(text) && /\bbind\s*\(/.test(text);
  return /\blisten\s*\(/.test(text) && /['"`]/.test(text);
}

interface CompiledQueries {
  calls: QueryType;
  definitions: QueryType;
}

const compiled = new WeakMap<Language, CompiledQueries>();

/** Exported for the test that checks every query compiles against its grammar. */
export function socketQueriesFor(grammar: GrammarId, language: Language): CompiledQueries {
  let queries = compiled.get(language);
  if (!queries) {
    const c = isCFamily(grammar);
    queries = {
      calls: new Query(language, c ? C_QUERY : JS_QUERY),
      definitions: new Query(language, c ? C_DEFINITIONS : JS_DEFINITIONS),
    };
    compiled.set(language, queries);
  }
  return queries;
}

/** The text of a C string literal (`"a" "b"` concatenated), or undefined when it has escapes we do not decode. */
function cString(text: string): string | undefined {
  const parts = text.trim().match(/^(?:\s*"(?:[^"\\\n]|\\.)*")+\s*$/)
    ? [...text.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((m) => m[1])
    : undefined;
  if (!parts) return undefined;
  return decodeEscapes(parts.join(''));
}

/** Decodes `\\`, `\0` (the abstract namespace's lead byte, so it is recognised and skipped) and quotes; other escapes make the text unknowable. */
function decodeEscapes(body: string): string | undefined {
  let unknowable = false;
  const text = body.replace(/\\(.)/g, (_, c: string) => {
    if (c === '0') return '\0';
    if (c === '\\' || c === '"' || c === "'" || c === '`') return c;
    unknowable = true;
    return '';
  });
  return unknowable ? undefined : text;
}

/** Evaluates an expression to a string, following names to their definitions in the same file. */
class StringEvaluator {
  private readonly definitions: Map<string, Node[]>;

  constructor(root: Node, definitions: QueryType) {
    this.definitions = collectDefinitions(root, definitions);
  }

  evaluate(node: Node | null | undefined, depth = 0): string | undefined {
    if (!node || depth > 8) return undefined;
    switch (node.type) {
      case 'string_literal':
      case 'concatenated_string':
      case 'preproc_arg':
        return cString(node.text);
      case 'string':
        return jsString(node.text);
      case 'template_string':
        return node.namedChildren.some((c) => c?.type === 'template_substitution') ? undefined : jsString(node.text);
      case 'identifier':
        return this.valueOf(node.text, depth);
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
        return this.evaluate(node.namedChild(0), depth + 1);
      case 'object': {
        // listen({ path: '/run/app.sock' }), listen({ path })
        for (const child of node.namedChildren) {
          if (child?.type === 'pair' && /^["']?path["']?$/.test(child.childForFieldName('key')?.text ?? '')) {
            return this.evaluate(child.childForFieldName('value'), depth + 1);
          }
          if (child?.type === 'shorthand_property_identifier' && child.text === 'path') return this.valueOf('path', depth);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private valueOf(name: string, depth: number): string | undefined {
    for (const value of this.definitions.get(name) ?? []) {
      const text = this.evaluate(value, depth + 1);
      if (text !== undefined) return text;
    }
    return undefined;
  }
}

/** A JS string literal's value; escapes other than `\\` and `\0` make it unknowable (rare in paths). */
function jsString(text: string): string | undefined {
  return decodeEscapes(text.slice(1, -1));
}

/**
 * The socket file a bound name stands for, or undefined when it is no file: a port number
 * (`listen('3000')`), the abstract namespace (`\0name`, `@name`), a Windows pipe (`\\.\pipe\x`).
 */
export function socketFilePath(name: string, root: string): string | undefined {
  if (name === '' || /^\d+$/.test(name)) return undefined;
  if (name.startsWith('\0') || name.startsWith('@')) return undefined;
  if (/^\\\\[.?]\\pipe\\/i.test(name) || /^[A-Za-z]:[\\/]/.test(name)) return undefined;
  return path.posix.isAbsolute(name) ? path.posix.normalize(name) : path.resolve(root, name);
}

/** The string argument each C copy writes into sun_path: strcpy/strlcpy/memcpy 2nd, strncpy 2nd, snprintf 3rd (or its `%s` argument). */
function cCopiedArgument(fn: string, args: Node): Node | null | undefined {
  if (fn !== 'snprintf') return args.namedChild(1);
  const format = args.namedChild(2);
  if (format?.type === 'string_literal' && format.text === '"%s"') return args.namedChild(3);
  return format;
}

/**
 * `root` resolves relative paths; `file` is where the code is (the source location).
 * `parsed`: a tree of `text` the caller already has (and frees); without it the file is parsed here.
 */
export async function unixSocketPaths(
  service: ParserService,
  grammar: GrammarId,
  file: string,
  text: string,
  root: string,
  parsed?: Tree,
): Promise<FoundSocketPath[]> {
  if (!mayBindSocketPath(grammar, text)) return [];
  if (grammar === 'python') return pythonSocketPaths(service, file, text, root, parsed);
  const language = await service.language(grammar);
  const queries = socketQueriesFor(grammar, language);
  const tree = parsed ?? service.parseLoaded(grammar, text);
  try {
    const c = isCFamily(grammar);
    const evaluator = new StringEvaluator(tree.rootNode, queries.definitions);
    const locate = new SourceLocator(file, text, 'code');
    const found: FoundSocketPath[] = [];
    for (const match of queries.calls.matches(tree.rootNode)) {
      const call = match.captures.find((cap) => cap.name === 'call')?.node;
      const target = match.captures.find((cap) => cap.name === 'target')?.node;
      const fn = match.captures.find((cap) => cap.name === 'fn')?.node.text ?? '';
      if (!call || !target) continue;
      let value: string | undefined;
      if (c) {
        // Only the path field itself: `addr.sun_path + 1` is the abstract-namespace idiom.
        if (!/(?:\.|->)\s*sun_path$/.test(target.text)) continue;
        const args = call.childForFieldName('arguments');
        value = args ? evaluator.evaluate(cCopiedArgument(fn, args)) : undefined;
        if (value?.includes('%')) continue;
      } else {
        value = evaluator.evaluate(target);
      }
      const socketPath = value === undefined ? undefined : socketFilePath(value, root);
      if (socketPath) found.push({ path: socketPath, source: locate.at(call.startIndex) });
    }
    return found;
  } finally {
    if (!parsed) tree.delete();
  }
}

/** Python: the binds unix-socket-stale reads (one evaluator for the rule and the panel). */
async function pythonSocketPaths(
  service: ParserService,
  file: string,
  text: string,
  root: string,
  parsed?: Tree,
): Promise<FoundSocketPath[]> {
  await service.language('python');
  const tree = parsed ?? service.parseLoaded('python', text);
  try {
    const locate = new SourceLocator(file, text, 'code');
    const found: FoundSocketPath[] = [];
    for (const bind of unixBinds(buildModel({ path: file, text }, tree))) {
      const socketPath = socketFilePath(bind.path, root);
      if (socketPath) found.push({ path: socketPath, source: locate.at(bind.node.startIndex) });
    }
    return found.sort((a, b) => a.source.line - b.source.line);
  } finally {
    if (!parsed) tree.delete();
  }
}
