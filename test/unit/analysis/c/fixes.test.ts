// The exact text of the C quick fixes, which the fixture table checks only by compiling it:
// indentation, the check style of the bind, flags, wrappers, includes and statement moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../../src/analysis/text';
import { analyzeFixtureText, syntaxCheck, readFixture, lineOf, EMPTY_CONTEXT } from './harness';

test('the fix mirrors how bind is checked: same indentation, perror("setsockopt"), same early return', async () => {
  const rel = 'missing-reuseaddr/tcp_server_no_reuse.c';
  const text = readFixture(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
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
  const text = readFixture(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
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
  const { findings } = await analyzeFixtureText(rel, readFixture(rel), EMPTY_CONTEXT);
  assert.equal(findings[0].fixes[0].edits[0].newText, '    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));\n');
});

test('a flag set to 1 across a comment or a continued line is reused, and `on = 10` is no flag', async () => {
  const server = (flag: string) => `#include <netinet/in.h>
#include <sys/socket.h>
int serve(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int on${flag};
    struct sockaddr_in addr = {0};
    addr.sin_port = htons(8080);
    bind(fd, (struct sockaddr *)&addr, sizeof addr);
    listen(fd, 5);
    return fd;
}
`;
  for (const [flag, reused] of [
    [' = /* enabled */ 1', true],
    [' = // enabled\n        1', true],
    [' = \\\n        1', true],
    [' =1', true],
    [' = 10', false],
    [' = 0', false],
  ] as const) {
    const { findings } = await analyzeFixtureText('flag.c', server(flag), EMPTY_CONTEXT);
    const newText = findings.find((f) => f.rule === 'missing-reuseaddr')!.fixes[0].edits[0].newText;
    assert.equal(/&on,/.test(newText) && !/int on/.test(newText), reused, `int on${flag}: ${newText}`);
  }
});

test('the fix uses ::setsockopt where the code uses ::bind, and the wrapper where bind is wrapped', async () => {
  const cpp = await analyzeFixtureText(
    'cpp/global_bind_unchecked.cpp',
    readFixture('cpp/global_bind_unchecked.cpp'),
    EMPTY_CONTEXT,
  );
  assert.match(
    cpp.findings[0].fixes[0].edits[0].newText,
    /^ {4}::setsockopt\(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof\(on\)\);$/m,
  );
  const wrapped = await analyzeFixtureText(
    'missing-reuseaddr/check_macro_wrapper.c',
    readFixture('missing-reuseaddr/check_macro_wrapper.c'),
    EMPTY_CONTEXT,
  );
  assert.match(
    wrapped.findings[0].fixes[0].edits[0].newText,
    /^ {4}CHECK\(setsockopt\(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof\(on\)\)\);$/m,
  );
  // The range is the real bind inside CHECK(...), not the macro.
  const text = readFixture('missing-reuseaddr/check_macro_wrapper.c');
  assert.equal(
    wrapped.findings[0].range.start.character,
    text.split('\n')[wrapped.findings[0].range.start.line].indexOf('bind('),
  );
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
  const { findings } = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
  assert.equal(findings.length, Math.ceil(count / 2));
  assert.ok(findings.every((f) => f.rule === 'missing-reuseaddr'));
  const fixed = applyEdits(
    text,
    findings.flatMap((f) => f.fixes.find((x) => x.isPreferred)!.edits),
  );
  assert.equal(syntaxCheck('big.c', fixed), '');
  assert.deepEqual((await analyzeFixtureText(rel, fixed, EMPTY_CONTEXT)).findings, []);
});

test('unix-socket-stale: unlink(path) before the bind, and #include <unistd.h> after the last include when missing', async () => {
  const rel = 'unix-socket-stale/stale_socket_no_unistd.c';
  const text = readFixture(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
  const fixed = applyEdits(text, findings[0].fixes.find((f) => f.isPreferred)!.edits);
  assert.match(fixed, /#include <sys\/un\.h>\n#include <unistd\.h>\n/);
  assert.match(fixed, /\n {4}unlink\("\/run\/app\/control\.sock"\);\n {4}return bind\(/);
});

test('reuseaddr-after-bind: the fix moves the statement (and a flag declared in between) before the bind', async () => {
  const rel = 'reuseaddr-after-bind/flag_declared_after_bind.c';
  const text = readFixture(rel);
  const finding = (await analyzeFixtureText(rel, text, EMPTY_CONTEXT)).findings.find((f) => f.rule === 'reuseaddr-after-bind')!;
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
  const text = readFixture(rel);
  const finding = (await analyzeFixtureText(rel, text, EMPTY_CONTEXT)).findings.find((f) => f.rule === 'sockopt-misuse')!;
  assert.equal(finding.severity, 'error');
  const fixed = applyEdits(text, finding.fixes.find((f) => f.isPreferred)!.edits);
  assert.match(
    fixed,
    /\n {4}setsockopt\(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof\(on\)\);\n {4}setsockopt\(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof\(on\)\);\n/,
  );
});
