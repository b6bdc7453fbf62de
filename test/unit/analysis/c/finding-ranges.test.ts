// Where a C finding points: its range, its related location at the socket() call, and parse
// errors or suppression comments around it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixtureText, parserService, readFixture, lineOf, EMPTY_CONTEXT } from './harness';

test('the seed listing: a syntax error elsewhere does not hide the finding, and the related location is the socket() call', async () => {
  const rel = 'missing-reuseaddr/seed_listing_no_reuse.syntax-error.c';
  const text = readFixture(rel);
  const service = await parserService();
  const tree = await service.parse('c', text);
  assert.equal(tree.rootNode.hasError, true, 'the listing is expected to keep its `:` typo');
  tree.delete();
  const { findings } = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
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
    readFixture('missing-reuseaddr/seed_listing.syntax-error.c'),
    EMPTY_CONTEXT,
  );
  assert.deepEqual(withReuse.findings, []);
});

test('a multi-line call: the range covers the first line from the function name', async () => {
  const rel = 'libevent/listener_no_reuseable.c';
  const text = readFixture(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
  const line = text.split('\n')[findings[0].range.start.line];
  assert.equal(findings[0].range.start.character, line.indexOf('evconnlistener_new_bind'));
  assert.equal(findings[0].range.end.line, findings[0].range.start.line);
  assert.equal(findings[0].range.end.character, line.length);
});

test('a socket from a factory function: the related location is the socket() call inside the factory', async () => {
  const rel = 'missing-reuseaddr/socket_factory_no_reuse.c';
  const text = readFixture(rel);
  const { findings } = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
  assert.equal(findings.length, 1);
  assert.deepEqual(
    findings[0].related?.map((r) => r.range.start.line),
    [lineOf(text, 'int s = socket(')],
  );
});

test('suppression comments silence a C finding (the analyzer front door honours them)', async () => {
  const rel = 'missing-reuseaddr/tcp_server_no_reuse.c';
  const text = readFixture(rel).replace(
    '    if (bind(',
    '    /* address-in-use-ignore-next-line missing-reuseaddr */\n    if (bind(',
  );
  const { findings } = await analyzeFixtureText(rel, text, EMPTY_CONTEXT);
  assert.deepEqual(findings, []);
});
