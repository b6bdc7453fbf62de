import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../src/analysis/analyzer';
import { selectPreferredEdits } from '../../../src/analysis/fix-all';
import { ParserService } from '../../../src/analysis/parser';
import { applyEdits } from '../../../src/analysis/text';

const server = (extra: { above?: string; trailing?: string } = {}) => `#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

int serve(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_port = htons(8080);
${extra.above ?? ''}  bind(fd, (struct sockaddr *)&addr, sizeof addr);${extra.trailing ?? ''}
  return listen(fd, 5);
}
`;

async function rules(text: string, path = 'server.c'): Promise<string[]> {
  const service = await ParserService.create();
  const result = await analyzeText(service, { path, text }, 'c');
  return result.findings.map((f) => f.rule);
}

test('the unsuppressed server has a missing-reuseaddr finding (the baseline of the tests below)', async () => {
  assert.deepEqual(await rules(server()), ['missing-reuseaddr']);
});

test('ignore-next-line naming the rule silences it; naming another rule does not', async () => {
  assert.deepEqual(await rules(server({ above: '  /* address-in-use-ignore-next-line missing-reuseaddr */\n' })), []);
  assert.deepEqual(await rules(server({ above: '  // address-in-use-ignore-next-line sockopt-misuse\n' })), [
    'missing-reuseaddr',
  ]);
  assert.deepEqual(await rules(server({ above: '  // address-in-use-ignore-next-line\n' })), []);
});

test('ignore-line at the end of the line silences it', async () => {
  assert.deepEqual(await rules(server({ trailing: ' // address-in-use-ignore-line missing-reuseaddr' })), []);
});

test('the marker inside a string literal silences nothing', async () => {
  assert.deepEqual(await rules(server({ above: '  const char *s = "address-in-use-ignore-next-line";\n' })), [
    'missing-reuseaddr',
  ]);
});

test('severity settings override or turn a rule off', async () => {
  const service = await ParserService.create();
  const text = server();
  const raised = await analyzeText(service, { path: 'a.c', text }, 'c', { severities: { 'missing-reuseaddr': 'error' } });
  assert.deepEqual(
    raised.findings.map((f) => f.severity),
    ['error'],
  );
  const off = await analyzeText(service, { path: 'a.c', text }, 'c', { severities: { 'missing-reuseaddr': 'off' } });
  assert.equal(off.findings.length, 0);
});

test('the "Ignore this line" fix writes a comment the analyzer honours, indented like the line', async () => {
  const service = await ParserService.create();
  const text = server();
  const [finding] = (await analyzeText(service, { path: 'a.c', text }, 'c')).findings;
  const ignore = finding.fixes.find((f) => f.title.startsWith('Ignore'));
  assert.ok(ignore);
  const fixed = applyEdits(text, ignore.edits);
  assert.match(fixed, /\n {2}\/\* address-in-use-ignore-next-line missing-reuseaddr \*\/\n {2}bind\(/);
  assert.deepEqual(await rules(fixed), []);
});

test('fix-all applies every preferred fix once, never the ignore fix', async () => {
  const service = await ParserService.create();
  const two = server().replace('int serve(void)', 'int serve_b(void)').replace('8080', '8081');
  const text = server() + '\n' + two.split('\n').slice(3).join('\n');
  const findings = (await analyzeText(service, { path: 'a.c', text }, 'c')).findings;
  assert.equal(findings.length, 2);
  const fixed = applyEdits(text, selectPreferredEdits(findings).edits);
  assert.doesNotMatch(fixed, /address-in-use-ignore/);
  assert.equal(fixed.match(/SO_REUSEADDR/g)?.length, 2);
  assert.deepEqual(await rules(fixed), []);
});

test('"Ignore this line" under another ignore comment names its rule there, so both stay ignored', async () => {
  const service = await ParserService.create();
  let text = `const net = require('net');\nconst server = net.createServer(() => {});\nserver.listen('/tmp/app.sock');\n`;
  const analyze = async () => (await analyzeText(service, { path: 'a.js', text }, 'javascript')).findings;
  let findings = await analyze();
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['unix-socket-stale', 'listen-no-error-handler'],
  );
  for (let round = 0; round < 2; round++) {
    const ignore = findings[0].fixes.find((f) => f.title.startsWith('Ignore'));
    assert.ok(ignore);
    text = applyEdits(text, ignore.edits);
    findings = await analyze();
  }
  assert.deepEqual(findings, []);
  assert.match(text, /\n\/\/ address-in-use-ignore-next-line unix-socket-stale listen-no-error-handler\nserver\.listen\(/);
  assert.equal(text.match(/address-in-use-ignore/g)?.length, 1);
});

test('the same in C with a block comment and CRLF line ends', async () => {
  const service = await ParserService.create();
  const text = server({ above: '  /* address-in-use-ignore-next-line sockopt-misuse */\n' }).replace(/\n/g, '\r\n');
  const [finding] = (await analyzeText(service, { path: 'a.c', text }, 'c')).findings;
  const ignore = finding.fixes.find((f) => f.title.startsWith('Ignore'));
  assert.ok(ignore);
  const fixed = applyEdits(text, ignore.edits);
  assert.match(fixed, /\r\n {2}\/\* address-in-use-ignore-next-line sockopt-misuse missing-reuseaddr \*\/\r\n {2}bind\(/);
  assert.deepEqual(await rules(fixed), []);
});
