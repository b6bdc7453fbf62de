// The C front end's machinery: the node lookups find what tree-sitter queries would, the textual
// pre-filter never drops a file with findings, and reuse helpers are collected per file for the
// workspace (a helper named like the socket API changes nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Node, Query } from 'web-tree-sitter';
import { collectReuseHelpers, mayHaveCFindings } from '../../../../src/analysis/c/analyze';
import {
  declarationNodes,
  enumeratorNodes,
  literalAssignmentNodes,
  portAssignmentNodes,
} from '../../../../src/analysis/c/queries';
import { NAMES_BEFORE_HELPERS } from '../../../../src/analysis/c/sockets';
import { LINUX_MACROS, WINDOWS_MACROS, conditionalRanges, linuxRanges, windowsRanges } from '../../../../src/analysis/c/platform';
import { analyzeFixtureText, fixtureFiles, folderContext, markers, parserService, readFixture, EMPTY_CONTEXT } from './harness';

/** The tree-sitter queries the lookups of queries.ts replace: they must find the same nodes, in the same order. */
const REFERENCE_QUERIES = {
  literal: `
(init_declarator declarator: (identifier) @name value: [(number_literal) (true) (false)] @value) @at
(assignment_expression left: (identifier) @name right: [(number_literal) (true) (false)] @value) @at`,
  port: `
(assignment_expression left: (field_expression field: (field_identifier) @field) right: (_) @value
  (#match? @field "^(sin_port|sin6_port)$")) @at
(initializer_pair designator: (field_designator (field_identifier) @field) value: (_) @value
  (#match? @field "^(sin_port|sin6_port)$")) @at`,
  declarations: `
(declaration type: (_) @type) @decl
(parameter_declaration type: (_) @type) @decl
(field_declaration type: (_) @type) @decl`,
  enumerators: `
(enumerator name: (identifier) @name value: (_) @value)`,
};

/** Edge cases the fixtures may lack: nested designators, true/false, declarations inside types, K&R parameters. */
const EDGE_CASES = `
struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(0) }, b = { .x.sin_port = 0, .sin6_port = p };
struct sockaddr_in c[] = { [0].sin_port = 1, .sin_port.y = 3, [1][2] = 4 };
struct outer { struct inner { int x; } in; int y; } o = { 0 }, *po;
int f(a, b) int a; char *b; {
  bool on = true, off = false; int n = 0x10; on = 1; o.in.x = 0; po->sin_port = htons(8080); addr.sin6_port = 0;
  struct { int sin_port; } s = { .sin_port = 5 }; for (int i = 0, j = 1; i < 3; i++) { int k = 2; k = false; }
  return n = 0;
}
`;

test('the C lookups find what the queries they replace found, in the same order', async () => {
  const service = await parserService();
  const texts: [string, 'c' | 'cpp', string][] = [
    ['edge.c', 'c', EDGE_CASES],
    ['edge.cpp', 'cpp', EDGE_CASES],
    ...fixtureFiles().map((rel): [string, 'c' | 'cpp', string] => [rel, rel.endsWith('.c') ? 'c' : 'cpp', readFixture(rel)]),
  ];
  const at = (n: Node) => `${n.type}@${n.startIndex}-${n.endIndex}`;
  const compiled = new Map<string, Query>();
  let compared = 0;
  for (const [rel, grammar, text] of texts) {
    const tree = await service.parse(grammar, text);
    try {
      const reference = (name: keyof typeof REFERENCE_QUERIES, node: Node, captures: string[]) => {
        const key = `${grammar}:${name}`;
        if (!compiled.has(key)) compiled.set(key, new Query(tree.language, REFERENCE_QUERIES[name]));
        return compiled
          .get(key)!
          .matches(node)
          .map((m) => captures.map((c) => at(m.captures.find((x) => x.name === c)!.node)).join(' '));
      };
      const roots = [tree.rootNode, ...tree.rootNode.descendantsOfType('function_definition').filter((n) => !!n)];
      for (const node of roots) {
        const where = `${rel} at ${at(node)}`;
        assert.deepEqual(
          literalAssignmentNodes(node).map((m) => `${at(m.name)} ${at(m.value)} ${at(m.at)}`),
          reference('literal', node, ['name', 'value', 'at']),
          `literal assignments, ${where}`,
        );
        assert.deepEqual(
          portAssignmentNodes(node).map((m) => `${at(m.value)} ${at(m.at)}`),
          reference('port', node, ['value', 'at']),
          `port assignments, ${where}`,
        );
        assert.deepEqual(
          enumeratorNodes(node).map((m) => `${at(m.name)} ${at(m.value)}`),
          reference('enumerators', node, ['name', 'value']),
          `enumerators, ${where}`,
        );
        const declarations = declarationNodes(node).map((m) => `${at(m.decl)} ${at(m.type)}`);
        assert.deepEqual(declarations, reference('declarations', node, ['decl', 'type']), `declarations, ${where}`);
        compared += declarations.length;
      }
    } finally {
      tree.delete();
    }
  }
  for (const q of compiled.values()) q.delete();
  assert.ok(compared > 1000, `only ${compared} declarations compared`);
});

/** Directives that name a platform macro in the ways the textual test must see, one per text (it looks at the whole file). */
const PLATFORM_DIRECTIVES = [
  '#ifdef _WIN32\nint a;\n#endif\n',
  'int x; /* before */ #ifdef linux\nint b;\n#endif\n',
  '#if \\\n    defined(_WIN64)\nint c;\n#endif\n',
  '#if /* a comment\n over two lines */ defined(__linux__)\nint d;\n#endif\n',
  '#ifndef _MSC_VER\nint f;\n#else\nint g;\n#endif\n',
];

test('the platform ranges skip the walk over directives only where none names a platform macro', async () => {
  const service = await parserService();
  const texts: [string, 'c' | 'cpp', string][] = [
    ...PLATFORM_DIRECTIVES.flatMap((text, i): [string, 'c' | 'cpp', string][] => [
      [`platform${i}.c`, 'c', text],
      [`platform${i}.cpp`, 'cpp', text],
    ]),
    ['include-guard.c', 'c', '#include <linux/tcp.h>\n#ifndef _LINUX_TCP_H\n#define _LINUX_TCP_H\n#endif\n'],
    ...fixtureFiles().map((rel): [string, 'c' | 'cpp', string] => [rel, rel.endsWith('.c') ? 'c' : 'cpp', readFixture(rel)]),
  ];
  let found = 0;
  for (const [rel, grammar, text] of texts) {
    const tree = await service.parse(grammar, text);
    try {
      const windows = conditionalRanges(tree, WINDOWS_MACROS);
      const linux = conditionalRanges(tree, LINUX_MACROS);
      assert.deepEqual(windowsRanges(tree, text), windows, `Windows ranges of ${rel}`);
      assert.deepEqual(linuxRanges(tree, text), linux, `Linux ranges of ${rel}`);
      if (rel.startsWith('platform')) assert.equal(windows.length + linux.length, 1, `${rel}: one range`);
      found += windows.length + linux.length;
    } finally {
      tree.delete();
    }
  }
  assert.ok(found > 15, `only ${found} ranges in the fixtures`);
});

test('reuse helpers are collected per file and make calls in other files count', async () => {
  const service = await parserService();
  const helpers = async (rel: string) => {
    const tree = await service.parse(rel.endsWith('.c') ? 'c' : 'cpp', readFixture(rel));
    try {
      return collectReuseHelpers(tree);
    } finally {
      tree.delete();
    }
  };
  assert.deepEqual([...(await helpers('workspace-helper/net_util.c'))], [['set_reuse', 0]]);
  assert.deepEqual([...(await helpers('missing-reuseaddr/helper_in_file.c'))], [['make_reusable', 0]]);
  assert.deepEqual([...(await helpers('missing-reuseaddr/tcp_server_no_reuse.c'))], []);

  const rel = 'workspace-helper/server_uses_helper.c';
  const alone = await analyzeFixtureText(rel, readFixture(rel), EMPTY_CONTEXT);
  assert.deepEqual(
    alone.findings.map((f) => f.rule),
    ['missing-reuseaddr'],
    'without the workspace the helper is unknown',
  );
  const withWorkspace = await analyzeFixtureText(rel, readFixture(rel), { reuseHelpers: new Map([['set_reuse', 0]]) });
  assert.deepEqual(withWorkspace.findings, []);
});

test('a workspace helper named like the socket API the rules read first changes no result', async () => {
  // The workspace check analyzes a file again only when it names another helper (namesAnyHelper).
  for (const index of [0, 1]) {
    const context = { reuseHelpers: new Map([...NAMES_BEFORE_HELPERS].map((name) => [name, index] as [string, number])) };
    for (const rel of fixtureFiles()) {
      const text = readFixture(rel);
      const alone = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
      const withHelpers = await analyzeFixtureText(rel, text, context);
      assert.deepEqual(withHelpers, alone, `${rel}, helpers at parameter ${index}`);
    }
  }
});

test('the pre-filter never drops a file with findings, and drops files without socket calls', async () => {
  for (const rel of fixtureFiles()) {
    // A file binding through another file's xbind() is kept for the workspace's wrappers only.
    if (markers(readFixture(rel)).length > 0) assert.ok(mayHaveCFindings(readFixture(rel), await folderContext(rel)), rel);
  }
  assert.equal(mayHaveCFindings(readFixture('workspace-wrapper/server_no_reuse.c')), false);
  assert.equal(mayHaveCFindings('int main(void) { int binder = 1; return binder; }'), false);
  assert.equal(mayHaveCFindings('x.bind(ep);'), true);
});
