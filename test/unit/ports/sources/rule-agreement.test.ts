// Discovery and unix-socket-stale read a bind's socket path through one model and evaluator
// (src/analysis/{c,js}/bound.ts): for each case, the path discovery lists is the one the rule
// reports stale (none of these remove it first), and neither sees a file in an abstract name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../../src/analysis/analyzer';
import { type GrammarId, ParserService } from '../../../../src/analysis/parser';
import { unixSocketPaths } from '../../../../src/ports/sources/unix-socket-paths';

const C_HEAD = [
  '#include <stdio.h>',
  '#include <string.h>',
  '#include <sys/socket.h>',
  '#include <sys/un.h>',
  '#define SOCK_PATH "/tmp/aiu-agree-define.sock"',
  'static const char CONST_PATH[] = "/tmp/aiu-agree-const.sock";',
  'int main(void) {',
  '  int fd = socket(AF_UNIX, SOCK_STREAM, 0);',
  '  struct sockaddr_un addr;',
  '  memset(&addr, 0, sizeof addr);',
  '  addr.sun_family = AF_UNIX;',
];
const C_TAIL = ['  bind(fd, (struct sockaddr *)&addr, sizeof addr);', '  return listen(fd, 8);', '}'];

interface Case {
  /** The copy into sun_path (C) or the whole file (JS). */
  code: string;
  /** The path discovery lists; undefined: none. */
  path?: string;
  /** unix-socket-stale reports the bind. */
  stale: boolean;
}

const C_CASES: Case[] = [
  { code: '  sprintf(addr.sun_path, "/tmp/aiu-agree-sprintf.sock");', path: '/tmp/aiu-agree-sprintf.sock', stale: true },
  { code: '  sprintf(addr.sun_path, "%s", SOCK_PATH);', path: '/tmp/aiu-agree-define.sock', stale: true },
  { code: '  strcpy(addr.sun_path, CONST_PATH);', path: '/tmp/aiu-agree-const.sock', stale: true },
  { code: '  snprintf(addr.sun_path, sizeof addr.sun_path, "%s", SOCK_PATH);', path: '/tmp/aiu-agree-define.sock', stale: true },
  // The abstract namespace: no file for either.
  { code: '  sprintf(addr.sun_path + 1, "aiu-agree-abstract");', stale: false },
  { code: '  sprintf(addr.sun_path, "\\0aiu-agree-abstract");', stale: false },
  { code: '  memcpy(addr.sun_path, "\\0aiu-agree-abstract", 19);', stale: false },
  // A file whose name the code computes: the rule reports the bind (its fix unlinks addr.sun_path); no one path to list.
  { code: '  sprintf(addr.sun_path, "/tmp/aiu-agree-%d.sock", 7);', stale: true },
];

const JS_CASES: Case[] = [
  {
    code: "require('net').createServer().listen('/tmp/aiu-agree-literal.sock');",
    path: '/tmp/aiu-agree-literal.sock',
    stale: true,
  },
  {
    code: "const SOCK = '/tmp/aiu-agree-const.sock';\nrequire('net').createServer().listen({ path: SOCK });",
    path: '/tmp/aiu-agree-const.sock',
    stale: true,
  },
  {
    code: "let sock = '/tmp/aiu-agree-let.sock';\nrequire('net').createServer().listen(sock);",
    path: '/tmp/aiu-agree-let.sock',
    stale: true,
  },
  // Linux's abstract namespace: Node binds no file for a leading NUL.
  { code: "require('net').createServer().listen('\\0aiu-agree-abstract');", stale: false },
  { code: "const NAME = '\\0aiu-agree-abstract';\nrequire('net').createServer().listen({ path: NAME });", stale: false },
];

describe('discovery and unix-socket-stale agree on the bound path', () => {
  let parser: ParserService;
  before(async () => {
    parser = await ParserService.create();
  });
  after(() => parser.dispose());

  async function check(grammar: GrammarId, file: string, text: string, c: Case): Promise<void> {
    const found = await unixSocketPaths(parser, grammar, file, text, '/w');
    const stale = (await analyzeText(parser, { path: file, text }, grammar)).findings.filter(
      (f) => f.rule === 'unix-socket-stale',
    );
    assert.deepEqual(
      found.map((f) => f.path),
      c.path ? [c.path] : [],
      `discovery of:\n${c.code}`,
    );
    assert.equal(stale.length, c.stale ? 1 : 0, `unix-socket-stale on:\n${c.code}\n${JSON.stringify(stale)}`);
  }

  test('C: sprintf, snprintf, strcpy and memcpy copies; abstract names; a computed name', async () => {
    for (const c of C_CASES) await check('c', '/w/agree.c', [...C_HEAD, c.code, ...C_TAIL].join('\n'), c);
  });

  test('JS: literals, const and never-reassigned let paths; abstract names', async () => {
    for (const c of JS_CASES) await check('javascript', '/w/agree.js', c.code, c);
  });
});
