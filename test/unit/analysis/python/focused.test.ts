// Hovers on bind( and server constructors, `#` suppression comments and the "Ignore" fix, the
// pre-filter, and the evaluator's values (the pieces the fixture table does not show one by one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayHaveFindings } from '../../../../src/analysis/analyzer';
import { applyEdits } from '../../../../src/analysis/text';
import { analyze, pyCompile } from './harness';

const SERVER = `import socket
import socketserver
from http.server import HTTPServer, BaseHTTPRequestHandler

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", 8000))
s.listen()
t = socket.socket()
t.bind(("", 8001))
t.listen()
server = socketserver.TCPServer(("", 8002), socketserver.BaseRequestHandler)
web = HTTPServer(("", 8003), BaseHTTPRequestHandler)
`;

function hoverAt(
  hovers: { range: { start: { line: number; character: number } }; markdown: string }[],
  line: number,
  text: string,
) {
  return hovers.find(
    (h) =>
      h.range.start.line === line && h.range.start.character === text.split('\n')[line].search(/bind|TCPServer\(|HTTPServer\(/),
  );
}

test('hovers say whether reuse is on at each bind and server constructor', async () => {
  const { hovers } = await analyze('server.py', SERVER);
  assert.match(hoverAt(hovers, 6, SERVER)?.markdown ?? '', /\*\*on\*\*.*line 6/);
  assert.match(hoverAt(hovers, 9, SERVER)?.markdown ?? '', /\*\*off\*\*/);
  assert.match(hoverAt(hovers, 11, SERVER)?.markdown ?? '', /\*\*off\*\*.*TCPServer/);
  assert.match(hoverAt(hovers, 12, SERVER)?.markdown ?? '', /\*\*on\*\*.*HTTPServer/);
});

test('a # comment suppresses a finding on its line or the next, and the Ignore fix writes one', async () => {
  const { findings } = await analyze('server.py', SERVER);
  assert.deepEqual(
    findings.map((f) => `${f.range.start.line}:${f.rule}`),
    ['9:missing-reuseaddr', '11:missing-reuseaddr'],
  );
  const ignore = findings[0].fixes.find((f) => f.title === 'Ignore missing-reuseaddr on this line');
  assert.ok(ignore);
  const ignored = applyEdits(SERVER, ignore.edits);
  assert.match(ignored.split('\n')[9], /^# address-in-use-ignore-next-line missing-reuseaddr$/);
  assert.equal(pyCompile(ignored), '');
  assert.deepEqual(
    (await analyze('server.py', ignored)).findings.map((f) => f.range.start.line),
    [12],
  );
  const sameLine = SERVER.replace('t.bind(("", 8001))', 't.bind(("", 8001))  # address-in-use-ignore-line');
  assert.equal((await analyze('server.py', sameLine)).findings.length, 1);
  const inString = SERVER.replace('t.bind(("", 8001))', 't.bind(("", 8001)); x = "# address-in-use-ignore-line"');
  assert.equal((await analyze('server.py', inString)).findings.length, 2, 'a marker inside a string silences nothing');
});

test('files without socket code are not parsed', () => {
  assert.equal(mayHaveFindings('python', 'import os\nprint("hello")\n'), false);
  assert.equal(mayHaveFindings('python', 'import socketserver\n'), true);
  assert.equal(mayHaveFindings('python', 'from http.server import HTTPServer\n'), true);
});

test('the evaluator follows ports through constants, os.environ.get defaults, int() and helper parameters', async () => {
  const port0 = `import os, socket
PORT = int(os.environ.get("PORT", 0))
def serve(port):
    s = socket.socket()
    s.bind(("", port))
    s.listen()
serve(PORT)
`;
  assert.equal((await analyze('a.py', port0)).findings.length, 0, 'port 0 through a helper parameter');
  assert.equal((await analyze('a.py', port0.replace('"PORT", 0', '"PORT", 8000'))).findings.length, 1);
});

test('the walk looks into f-strings only: code in an interpolation counts, the same text in a plain string does not', async () => {
  // Non-ASCII before the strings: the prefix is read at the node's index in the text.
  const program = (prefix: string) => `# café ☕ 🚀 — “quoted”
import socket
s = socket.socket()
_ = ${prefix}"""{s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)}"""
s.bind(("", 8080))
s.listen()
`;
  for (const prefix of ['f', 'F', 'rf', 'Rf', 'fR']) {
    assert.equal(pyCompile(program(prefix)), '', prefix);
    assert.deepEqual((await analyze('server.py', program(prefix))).findings, [], `${prefix}: reuse is set inside the f-string`);
  }
  for (const prefix of ['', 'r', 'b', 'u', 'Rb']) {
    assert.equal(pyCompile(program(prefix)), '', prefix);
    assert.deepEqual(
      (await analyze('server.py', program(prefix))).findings.map((f) => `${f.range.start.line}:${f.rule}`),
      ['4:missing-reuseaddr'],
      `${prefix || 'no prefix'}: the string's text is not code`,
    );
  }
});
