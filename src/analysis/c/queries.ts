// Tree-sitter queries of the C/C++ rules, compiled once per grammar and kept for the process
// (a Query is compiled wasm state; recompiling per keystroke would dominate the analysis time).
import { type Language, Query } from 'web-tree-sitter';

/** `x = 1`, `int x = 1`, `x = false`: the last literal a variable was given, for flags and visibly-0 values. */
const LITERAL_ASSIGNMENTS = `
(init_declarator declarator: (identifier) @name value: [(number_literal) (true) (false)] @value) @at
(assignment_expression left: (identifier) @name right: [(number_literal) (true) (false)] @value) @at
`;

/** `addr.sin_port = htons(0)` and `{ .sin_port = htons(0) }`: where a sockaddr gets its port. */
const PORT_ASSIGNMENTS = `
(assignment_expression left: (field_expression field: (field_identifier) @field) right: (_) @value
  (#match? @field "^(sin_port|sin6_port)$")) @at
(initializer_pair designator: (field_designator (field_identifier) @field) value: (_) @value
  (#match? @field "^(sin_port|sin6_port)$")) @at
`;

/** Declarations with their declarator, to learn a variable's type (`struct sockaddr_un addr`, `int on`, `tcp::acceptor a`). */
const DECLARATIONS = `
(declaration type: (_) @type) @decl
(parameter_declaration type: (_) @type) @decl
(field_declaration type: (_) @type) @decl
`;

/** `enum { PORT = 8080 }`: names a port may be given by. */
const ENUMERATORS = `
(enumerator name: (identifier) @name value: (_) @value)
`;

export const ALL_QUERIES = { LITERAL_ASSIGNMENTS, PORT_ASSIGNMENTS, DECLARATIONS, ENUMERATORS } as const;
export type QueryName = keyof typeof ALL_QUERIES;

const cache = new Map<Language, Map<QueryName, Query>>();

export function query(language: Language, name: QueryName): Query {
  let perLanguage = cache.get(language);
  if (!perLanguage) cache.set(language, (perLanguage = new Map<QueryName, Query>()));
  let compiled = perLanguage.get(name);
  if (!compiled) perLanguage.set(name, (compiled = new Query(language, ALL_QUERIES[name])));
  return compiled;
}
