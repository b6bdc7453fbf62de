// Ports the workspace's code binds, read with tree-sitter (the analyzer's ParserService):
// C/C++ `htons(45000)`, `sin_port = htons(PORT)` with `#define PORT 8080` / `const int` / enum,
// `getaddrinfo(NULL, "8080", ...)`; JS/TS `listen(3000)`, `listen(process.env.PORT || 3000)`,
// `listen({ port: 3000 })`, dgram `bind(5353)`, `const PORT = 8080; app.listen(PORT)`,
// `Deno.serve({ port })`, `Bun.serve({ port })`; Python through the analyzer's model (python-ports.ts).
// A cheap textual pre-filter runs first: most files of a workspace bind nothing and are never parsed.
import type { Language, Node, Query as QueryType, Tree } from 'web-tree-sitter';
import { Query } from 'web-tree-sitter';
import { collectDefinitions } from './definitions';
import { type GrammarId, type ParserService, isCFamily } from '../../analysis/parser';
import type { Protocol } from '../model';
import { type FoundPort, SourceLocator, isValidPort, parsePort } from './source';
import { mayBindPythonPort, pythonCodePorts } from './python-ports';

const C_QUERY = `
(call_expression function: (identifier) @fn arguments: (argument_list . (_) @port) (#eq? @fn "htons")) @call
(call_expression function: (identifier) @fn arguments: (argument_list . (_) . (_) @port) (#eq? @fn "getaddrinfo")) @call
`;
const C_DEFINITIONS = `
(preproc_def name: (identifier) @name value: (preproc_arg) @value)
(init_declarator declarator: (identifier) @name value: (_) @value)
(enumerator name: (identifier) @name value: (_) @value)
`;
const JS_QUERY = `
(call_expression
  function: [(member_expression property: (property_identifier) @fn) (identifier) @fn]
  arguments: (arguments . (_) @port)
  (#any-of? @fn "listen" "bind" "serve" "listenDatagram")) @call
`;
const JS_DEFINITIONS = `
(variable_declarator name: (identifier) @name value: (_) @value)
(object_assignment_pattern left: (shorthand_property_identifier_pattern) @name right: (_) @value)
(assignment_pattern left: (identifier) @name right: (_) @value)
`;
// TypeScript writes a parameter default as required_parameter, not assignment_pattern.
const TS_DEFINITIONS = `
(required_parameter pattern: (identifier) @name value: (_) @value)
`;

/** False when the text cannot bind a port we can read: such files are never parsed. */
export function mayBindPort(grammar: GrammarId, text: string): boolean {
  if (grammar === 'python') return mayBindPythonPort(text);
  if (isCFamily(grammar)) return /\bbind\s*\(/.test(text) && /\b(?:htons|getaddrinfo)\s*\(/.test(text);
  return /\b(?:listen|bind|serve|listenDatagram)\s*\(/.test(text);
}

interface CompiledQueries {
  calls: QueryType;
  definitions: QueryType;
}

// Compiled once per loaded grammar for the life of the process (queries are immutable and shared).
const compiled = new WeakMap<Language, CompiledQueries>();

/** Exported for the test that checks every query compiles against its grammar. */
export function queriesFor(grammar: GrammarId, language: Language): CompiledQueries {
  let queries = compiled.get(language);
  if (!queries) {
    const c = isCFamily(grammar);
    const ts = grammar === 'typescript' || grammar === 'tsx';
    const definitions = c ? C_DEFINITIONS : ts ? JS_DEFINITIONS + TS_DEFINITIONS : JS_DEFINITIONS;
    queries = { calls: new Query(language, c ? C_QUERY : JS_QUERY), definitions: new Query(language, definitions) };
    compiled.set(language, queries);
  }
  return queries;
}

/** A C integer literal in decimal (`8080`, `8080u`); hex/octal ports are rare enough to skip. */
function cNumber(text: string): number | undefined {
  const m = /^\(*\s*"?(\d{1,5})[uUlL]*"?\s*\)*$/.exec(text.trim());
  return m ? parsePort(m[1]) : undefined;
}

/** Evaluates an expression to a port, following names to their definitions in the same file. */
class PortEvaluator {
  private readonly definitions: Map<string, Node[]>;

  constructor(
    private readonly c: boolean,
    root: Node,
    definitions: QueryType,
  ) {
    this.definitions = collectDefinitions(root, definitions);
  }

  evaluate(node: Node | null | undefined, depth = 0): number | undefined {
    if (!node || depth > 8) return undefined;
    switch (node.type) {
      case 'number_literal':
      case 'preproc_arg':
        return cNumber(node.text);
      case 'number': {
        const n = Number(node.text.replace(/_/g, ''));
        return isValidPort(n) ? n : undefined;
      }
      case 'string':
      case 'string_literal':
      case 'template_string':
        // `process.env.PORT || '3000'`, getaddrinfo's "8080"; a template with `${}` is unknowable.
        return node.namedChildren.some((c) => c?.type === 'template_substitution')
          ? undefined
          : parsePort(node.text.slice(1, -1));
      case 'identifier':
      case 'shorthand_property_identifier': {
        for (const value of this.definitions.get(node.text) ?? []) {
          const port = this.evaluate(value, depth + 1);
          if (port !== undefined) return port;
        }
        return undefined;
      }
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'type_assertion':
        return this.evaluate(
          node.namedChildren.find((c) => c && !c.type.endsWith('type') && c.type !== 'type_identifier'),
          depth + 1,
        );
      case 'cast_expression':
        return this.evaluate(node.childForFieldName('value'), depth + 1);
      case 'unary_expression':
        return node.child(0)?.type === '+' ? this.evaluate(node.childForFieldName('argument'), depth + 1) : undefined;
      case 'binary_expression': {
        // `process.env.PORT || 3000`, `env.PORT ?? 3000`: the left side when it is known, else the default.
        const op = node.childForFieldName('operator')?.type;
        if (op !== '||' && op !== '??') return undefined;
        return (
          this.evaluate(node.childForFieldName('left'), depth + 1) ?? this.evaluate(node.childForFieldName('right'), depth + 1)
        );
      }
      case 'call_expression': {
        // Number(x), parseInt(x, 10), Number.parseInt(x): the port is x's.
        if (this.c) return undefined;
        const fn = node.childForFieldName('function')?.text;
        if (fn !== 'Number' && fn !== 'parseInt' && fn !== 'Number.parseInt') return undefined;
        return this.evaluate(node.childForFieldName('arguments')?.namedChild(0), depth + 1);
      }
      case 'object': {
        // listen({ port: 3000 }), Deno.serve({ port }), Bun.serve({ port: 8080, fetch })
        for (const child of node.namedChildren) {
          if (child?.type === 'pair' && /^["']?port["']?$/.test(child.childForFieldName('key')?.text ?? '')) {
            return this.evaluate(child.childForFieldName('value'), depth + 1);
          }
          if (child?.type === 'shorthand_property_identifier' && child.text === 'port') return this.evaluate(child, depth + 1);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }
}

/** C sockets say their protocol at socket(); when a file makes only one kind, that is the port's. */
function cProtocol(text: string): Protocol | undefined {
  const stream = /\bSOCK_STREAM\b/.test(text);
  const dgram = /\bSOCK_DGRAM\b/.test(text);
  return stream === dgram ? undefined : stream ? 'tcp' : 'udp';
}

/** The leftmost name of `addr.sin_port`, `srv->addr.sin_port`, `(*p).sin_port`: the struct being filled. */
function rootIdentifier(node: Node | null): string | undefined {
  while (node && node.type !== 'identifier') {
    if (node.type === 'field_expression' || node.type === 'pointer_expression') node = node.childForFieldName('argument');
    else if (node.type === 'parenthesized_expression') node = node.namedChild(0);
    else return undefined;
  }
  return node?.text;
}

/**
 * The variable whose port `htons(...)` fills: `addr.sin_port = htons(N)` -> addr,
 * `struct sockaddr_in a = { .sin_port = htons(N) }` -> a. Undefined when the code does not say.
 */
function filledStruct(call: Node): string | undefined {
  let node = call.parent;
  while (node && (node.type === 'parenthesized_expression' || node.type === 'cast_expression')) node = node.parent;
  if (node?.type === 'assignment_expression') return rootIdentifier(node.childForFieldName('left'));
  if (node?.type === 'initializer_pair') {
    while (node && node.type !== 'init_declarator') node = node.parent;
    const declarator = node?.childForFieldName('declarator');
    return declarator?.type === 'identifier' ? declarator.text : undefined;
  }
  return undefined;
}

/** Argument texts of every bind()/::bind() call: a port counts when its struct is passed to one. */
function bindArguments(root: Node): string[] {
  return root
    .descendantsOfType('call_expression')
    .filter((call) => /^(?:::)?bind$/.test(call?.childForFieldName('function')?.text ?? ''))
    .map((call) => call!.childForFieldName('arguments')?.text ?? '');
}

function jsProtocol(method: string): Protocol {
  return method === 'bind' || method === 'listenDatagram' ? 'udp' : 'tcp';
}

/** `parsed`: a tree of `text` the caller already has (and frees); without it the file is parsed here. */
export async function codePorts(
  service: ParserService,
  grammar: GrammarId,
  file: string,
  text: string,
  parsed?: Tree,
): Promise<FoundPort[]> {
  if (!mayBindPort(grammar, text)) return [];
  if (grammar === 'python') {
    const tree = parsed ?? (await service.parse(grammar, text));
    try {
      return pythonCodePorts(file, text, tree);
    } finally {
      if (!parsed) tree.delete();
    }
  }
  const language = await service.language(grammar);
  const queries = queriesFor(grammar, language);
  const tree = parsed ?? service.parseLoaded(grammar, text);
  try {
    const c = isCFamily(grammar);
    const evaluator = new PortEvaluator(c, tree.rootNode, queries.definitions);
    const locate = new SourceLocator(file, text, 'code');
    const protocolOfFile = c ? cProtocol(text) : undefined;
    const found: FoundPort[] = [];
    // A client fills a sockaddr for connect() with htons(80) too: only structs passed to bind() count.
    let binds: string[] | undefined;
    const passedToBind = (call: Node) => {
      const name = filledStruct(call);
      if (!name) return true; // the code does not say which struct: keep the port
      binds ??= bindArguments(tree.rootNode);
      return binds.some((args) => new RegExp(`\\b${name}\\b`).test(args));
    };
    for (const match of queries.calls.matches(tree.rootNode)) {
      const call = match.captures.find((cap) => cap.name === 'call')?.node;
      const method = match.captures.find((cap) => cap.name === 'fn')?.node.text ?? '';
      const port = evaluator.evaluate(match.captures.find((cap) => cap.name === 'port')?.node);
      if (!call || port === undefined) continue;
      if (c && method === 'htons' && !passedToBind(call)) continue;
      found.push(locate.found(port, call.startIndex, c ? protocolOfFile : jsProtocol(method)));
    }
    return found;
  } finally {
    if (!parsed) tree.delete();
  }
}
