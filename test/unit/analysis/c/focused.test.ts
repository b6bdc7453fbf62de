// Focused checks the fixture table does not express: exact fix text, related locations, hovers,
// workspace helpers, the pre-filter, query compilation, and parse errors that must not hide findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Query } from 'web-tree-sitter';
import { collectReuseHelpers, mayHaveCFindings } from '../../../../src/analysis/c/analyze';
import { ALL_QUERIES, type QueryName, query } from '../../../../src/analysis/c/queries';
import { applyEdits } from '../../../../src/analysis/text';
import { FIXTURES, analyzeFixtureText, fixtureFiles, markers, parserService, syntaxCheck } from './harness';

function read(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line contains ${needle}`);
  return i;
}

const EMPTY = { reuseHelpers: new Map<string, number>() };

test('every query compiles for C and C++', async () => {
  const service = await parserService();
  for (const grammar of ['c', 'cpp'] as const) {
    const language = await service.language(grammar);
    for (const name of Object.keys(ALL_QUERIES) as QueryName[]) {
      const compiled = query(language, name);
      assert.ok(compiled instanceof Query);
      assert.equal(query(language, name), compiled, 'queries are compiled once and cached');
    }
  }
});

test('the seed listing: a syntax error elsewhere does not hide the finding, and the related location is the socket() call', async () => {
  const rel = 'missing-reuseaddr/seed_listing_no_reuse.syntax-error.c';
  const text = read(rel);
  const service = await parserService();
  const tree = await service.parse('c', text);
  assert.equal(tree.rootNode.hasError, true, 'the listing is expected to keep its `:` typo');
  tree.delete();
  const { findings } = await analyzeFixtureText(rel, text, EMPTY);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding.rule, 'missing-reuseaddr');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /TIME_WAIT/);
  assert.match(finding.message, /60 s/);
  assert.equal((finding.message.match(/\.(\s|$)/g) ?? []).length, 1, 'one sentence');
  assert.equal(finding.range.start.line, lineOf(text, 'ret = bind('));
  assert.deepEqual(
    finding.related?.map((r) => r.range.start.line),
    [lineOf(text, 'sock = socket(')],
  );
  const withReuse = await analyzeFixtureText(
    'missing-reuseaddr/seed_listing.syntax-error.c',
    read('missing-reuseaddr/seed_listing.syntax-error.c'),
    EMPTY,
  );
  assert.deepEqual(withReuse.findings, []);
});

test('the fix mirrors how bind is checked: same indentation, perror("setsockopt"), same early return', async () => {
  const rel = 'missing-reuseaddr/tcp_server_no_reuse.c';
  const text = read(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY);
  const fix = findings[0].fixes.find((f) => f.isPreferred)!;
  assert.equal(fix.edits.length, 1);
  const bindLine = lineOf(text, 'if (bind(');
  assert.deepEqual(fix.edits[0].range.start, { line: bindLine, character: 0 });
  assert.equal(
    fix.edits[0].newText,
    [
      '    int on = 1;',
      '    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {',
      '        perror("setsockopt");',
      '        return 1;',
      '    }',
      '',
    ].join('\n'),
  );
});

test('`ret = bind(...)` checked by the next if: the fix checks `ret` the same way, above the comment on the bind', async () => {
  const rel = 'missing-reuseaddr/tcp_ret_checked_after.c';
  const text = read(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY);
  const fix = findings[0].fixes.find((f) => f.isPreferred)!;
  assert.deepEqual(fix.edits[0].range.start, { line: lineOf(text, '/* Bind to the address'), character: 0 });
  assert.equal(
    fix.edits[0].newText,
    [
      '    int on = 1;',
      '    ret = setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));',
      '    if (ret < 0) {',
      '        perror("setsockopt");',
      '        return 1;',
      '    }',
      '',
    ].join('\n'),
  );
  assert.equal(syntaxCheck(rel, applyEdits(text, fix.edits)), '');
});

test('the fix reuses an int flag already set to 1 and adds no check to an unchecked bind', async () => {
  const rel = 'missing-reuseaddr/tcp_reassigned_socket.c';
  const { findings } = await analyzeFixtureText(rel, read(rel), EMPTY);
  assert.equal(findings[0].fixes[0].edits[0].newText, '    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));\n');
});

test('the fix uses ::setsockopt where the code uses ::bind, and the wrapper where bind is wrapped', async () => {
  const cpp = await analyzeFixtureText('cpp/global_bind_unchecked.cpp', read('cpp/global_bind_unchecked.cpp'), EMPTY);
  assert.match(
    cpp.findings[0].fixes[0].edits[0].newText,
    /^ {4}::setsockopt\(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof\(on\)\);$/m,
  );
  const wrapped = await analyzeFixtureText(
    'missing-reuseaddr/check_macro_wrapper.c',
    read('missing-reuseaddr/check_macro_wrapper.c'),
    EMPTY,
  );
  assert.match(
    wrapped.findings[0].fixes[0].edits[0].newText,
    /^ {4}CHECK\(setsockopt\(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof\(on\)\)\);$/m,
  );
  // The range is the real bind inside CHECK(...), not the macro.
  const text = read('missing-reuseaddr/check_macro_wrapper.c');
  assert.equal(
    wrapped.findings[0].range.start.character,
    text.split('\n')[wrapped.findings[0].range.start.line].indexOf('bind('),
  );
});

test('a multi-line call: the range covers the first line from the function name', async () => {
  const rel = 'libevent/listener_no_reuseable.c';
  const text = read(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY);
  const line = text.split('\n')[findings[0].range.start.line];
  assert.equal(findings[0].range.start.character, line.indexOf('evconnlistener_new_bind'));
  assert.equal(findings[0].range.end.line, findings[0].range.start.line);
  assert.equal(findings[0].range.end.character, line.length);
});

test('hovers on bind say whether reuse is on and where it was set', async () => {
  const on = read('missing-reuseaddr/tcp_server_reuse.c');
  const onResult = await analyzeFixtureText('missing-reuseaddr/tcp_server_reuse.c', on, EMPTY);
  assert.equal(onResult.hovers.length, 1);
  const hover = onResult.hovers[0];
  assert.equal(hover.range.start.line, lineOf(on, 'if (bind('));
  assert.equal(
    on.split('\n')[hover.range.start.line].slice(hover.range.start.character, hover.range.start.character + 4),
    'bind',
  );
  assert.equal(hover.markdown, `Address reuse: **on** for \`fd\` — SO_REUSEADDR set on line ${lineOf(on, 'setsockopt(') + 1}.`);

  const off = await analyzeFixtureText(
    'missing-reuseaddr/tcp_server_no_reuse.c',
    read('missing-reuseaddr/tcp_server_no_reuse.c'),
    EMPTY,
  );
  assert.match(
    off.hovers[0].markdown,
    /^Address reuse: \*\*off\*\* for `fd` — no `setsockopt\(SO_REUSEADDR\)` before this bind on any path/,
  );

  const member = read('cpp/class_member_reuse.cpp');
  const memberResult = await analyzeFixtureText('cpp/class_member_reuse.cpp', member, EMPTY);
  const memberHover = memberResult.hovers[0];
  assert.equal(member.split('\n')[memberHover.range.start.line].slice(memberHover.range.start.character).slice(0, 6), '::bind');
  assert.match(memberHover.markdown, /\*\*on\*\* for `fd_` — SO_REUSEADDR set on line \d+ \(in `Server\(\)`\)/);

  const asio = await analyzeFixtureText('asio/acceptor_open_bind_reuse.cpp', read('asio/acceptor_open_bind_reuse.cpp'), EMPTY);
  assert.match(asio.hovers[0].markdown, /\*\*on\*\* for `acceptor` — `reuse_address\(true\)` set on line 10/);
});

test('reuse helpers are collected per file and make calls in other files count', async () => {
  const service = await parserService();
  const helpers = async (rel: string) => {
    const tree = await service.parse(rel.endsWith('.c') ? 'c' : 'cpp', read(rel));
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
  const alone = await analyzeFixtureText(rel, read(rel), EMPTY);
  assert.deepEqual(
    alone.findings.map((f) => f.rule),
    ['missing-reuseaddr'],
    'without the workspace the helper is unknown',
  );
  const withWorkspace = await analyzeFixtureText(rel, read(rel), { reuseHelpers: new Map([['set_reuse', 0]]) });
  assert.deepEqual(withWorkspace.findings, []);
});

test('the pre-filter never drops a file with findings, and drops files without socket calls', () => {
  for (const rel of fixtureFiles()) {
    if (markers(read(rel)).length > 0) assert.ok(mayHaveCFindings(read(rel)), rel);
  }
  assert.equal(mayHaveCFindings('int main(void) { int binder = 1; return binder; }'), false);
  assert.equal(mayHaveCFindings('x.bind(ep);'), true);
});

test('suppression comments silence a C finding (the analyzer front door honours them)', async () => {
  const rel = 'missing-reuseaddr/tcp_server_no_reuse.c';
  const text = read(rel).replace('    if (bind(', '    /* address-in-use-ignore-next-line missing-reuseaddr */\n    if (bind(');
  const { findings } = await analyzeFixtureText(rel, text, EMPTY);
  assert.deepEqual(findings, []);
});

test('a 10,000-line file: every server among many functions is found, and its fixes still compile', async () => {
  const unit = (i: number) => `
static int serve_${i}(unsigned short port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (${i % 2 ? 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int)) < 0 || ' : ''}bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        return -1;
    return listen(fd, 8);
}
`;
  const header = '#include <netinet/in.h>\n#include <string.h>\n#include <sys/socket.h>\n';
  let body = '';
  let count = 0;
  while ((header + body).split('\n').length < 10_000) body += unit(count++);
  const text = header + body;
  const rel = 'generated/big.c';
  const { findings } = await analyzeFixtureText(rel, text, EMPTY);
  assert.equal(findings.length, Math.ceil(count / 2));
  assert.ok(findings.every((f) => f.rule === 'missing-reuseaddr'));
  const fixed = applyEdits(
    text,
    findings.flatMap((f) => f.fixes.find((x) => x.isPreferred)!.edits),
  );
  assert.equal(syntaxCheck('big.c', fixed), '');
  assert.deepEqual((await analyzeFixtureText(rel, fixed, EMPTY)).findings, []);
});

test('a socket from a factory function: the related location is the socket() call inside the factory', async () => {
  const rel = 'missing-reuseaddr/socket_factory_no_reuse.c';
  const text = read(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY);
  assert.equal(findings.length, 1);
  assert.deepEqual(
    findings[0].related?.map((r) => r.range.start.line),
    [lineOf(text, 'int s = socket(')],
  );
});

test('unix-socket-stale: unlink(path) before the bind, and #include <unistd.h> after the last include when missing', async () => {
  const rel = 'unix-socket-stale/stale_socket_no_unistd.c';
  const text = read(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY);
  const fixed = applyEdits(text, findings[0].fixes.find((f) => f.isPreferred)!.edits);
  assert.match(fixed, /#include <sys\/un\.h>\n#include <unistd\.h>\n/);
  assert.match(fixed, /\n {4}unlink\("\/run\/app\/control\.sock"\);\n {4}return bind\(/);
});

test('reuseaddr-after-bind: the fix moves the statement (and a flag declared in between) before the bind', async () => {
  const rel = 'reuseaddr-after-bind/flag_declared_after_bind.c';
  const text = read(rel);
  const finding = (await analyzeFixtureText(rel, text, EMPTY)).findings.find((f) => f.rule === 'reuseaddr-after-bind')!;
  const fixed = applyEdits(text, finding.fixes.find((f) => f.isPreferred)!.edits);
  const lines = fixed.split('\n');
  const decl = lines.findIndex((l) => l === '    int reuse = 1;');
  assert.ok(decl >= 0);
  assert.match(lines[decl + 1], /^ {4}setsockopt\(fd, SOL_SOCKET, SO_REUSEPORT, &reuse, sizeof reuse\);$/);
  assert.match(lines[decl + 2], /^ {4}bind\(fd, /);
  assert.equal(fixed.split('setsockopt(').length, 2, 'moved, not copied');
});

test('sockopt-misuse: or-ed option names become one call per option', async () => {
  const rel = 'sockopt-misuse/ored_options.c';
  const text = read(rel);
  const finding = (await analyzeFixtureText(rel, text, EMPTY)).findings.find((f) => f.rule === 'sockopt-misuse')!;
  assert.equal(finding.severity, 'error');
  const fixed = applyEdits(text, finding.fixes.find((f) => f.isPreferred)!.edits);
  assert.match(
    fixed,
    /\n {4}setsockopt\(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof\(on\)\);\n {4}setsockopt\(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof\(on\)\);\n/,
  );
});

test('a UDP multicast receiver without reuse is told about a second receiver, not TIME_WAIT (UDP has none)', async () => {
  const { findings, hovers } = await analyzeFixtureText(
    'missing-reuseaddr/udp_multicast_no_reuse.c',
    read('missing-reuseaddr/udp_multicast_no_reuse.c'),
    EMPTY,
  );
  assert.equal(findings.length, 1);
  assert.doesNotMatch(findings[0].message, /TIME_WAIT|60 s/);
  assert.match(findings[0].message, /second receiver .* EADDRINUSE/);
  assert.ok(
    // The hover adds where reuse was looked for; the message already names the second receiver.
    hovers.some((h) => /\*\*off\*\* .* before this bind/.test(h.markdown) && !/TIME_WAIT/.test(h.markdown)),
    hovers.map((h) => h.markdown).join('\n'),
  );
});
