// Rule behaviour the fixture table does not show by position alone: messages that depend on the
// Node version, related locations, the textual pre-filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mayHaveJsFindings } from '../../../../src/analysis/js/analyze';
import { analyze, expectedFindings, fixtureFiles } from './harness';

const REUSE_PORT =
  "const net = require('net');\nconst s = net.createServer();\ns.on('error', console.error);\ns.listen({ port: 3000, reusePort: true });\n";

test('reuseport-unsupported names the project Node version when it is too old', async () => {
  const [old] = (await analyze('/w/a.js', REUSE_PORT, '>=20')).findings;
  assert.equal(old.rule, 'reuseport-unsupported');
  assert.equal(old.severity, 'information');
  assert.match(old.message, /this project allows Node >=20, which ignores it/);
  const [recent] = (await analyze('/w/a.js', REUSE_PORT, '^22.12.0')).findings;
  assert.match(recent.message, /works only on Linux and FreeBSD/);
  assert.equal(recent.related?.[0].message, 'reusePort is set here');
});

test('dgram-missing-reuseaddr points at the group join', async () => {
  const text =
    "const dgram = require('dgram');\nconst s = dgram.createSocket('udp4');\ns.bind(5353, () => {\n  s.addMembership('224.0.0.251');\n});\n";
  const [f] = (await analyze('/w/a.js', text, '')).findings;
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 36 } });
  assert.equal(f.related?.[0].range.start.line, 3);
  assert.equal(f.related?.[0].message, 'joins the multicast group here');
});

test('a multi-line call is underlined on its first line only', async () => {
  const text =
    "const dgram = require('dgram');\nconst s = dgram.createSocket({\n  type: 'udp4',\n});\ns.addMembership('224.0.0.251');\n";
  const [f] = (await analyze('/w/a.js', text, '')).findings;
  assert.deepEqual(f.range, { start: { line: 1, character: 16 }, end: { line: 1, character: 30 } });
});

test('suppression comments silence a JS finding', async () => {
  const text =
    "const dgram = require('dgram');\n// address-in-use-ignore-next-line dgram-missing-reuseaddr\nconst s = dgram.createSocket('udp4');\ns.addMembership('224.0.0.251');\n";
  assert.deepEqual((await analyze('/w/a.js', text, '')).findings, []);
});

test('the pre-filter passes every fixture with findings and skips files without sockets', () => {
  for (const file of fixtureFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    if (expectedFindings(text).length > 0) assert.ok(mayHaveJsFindings(text), file);
  }
  assert.equal(mayHaveJsFindings('export const Button = () => <button onClick={handler.bind(null)} />;\n'), false);
  assert.equal(mayHaveJsFindings('const listener = makeListener();\n'), false);
  assert.equal(mayHaveJsFindings('server.listen(3000)'), true);
  assert.equal(mayHaveJsFindings("const { createSocket: c } = require('dgram')"), true);
});

test('fact collection finds calls, news, fields, assignments and declarations in every JS/TS grammar', async () => {
  const { parserService } = await import('./harness');
  const { collectFacts } = await import('../../../../src/analysis/js/file-facts');
  const service = await parserService();
  const samples = {
    javascript: 'class A { f = g(); } function h(a) { let b = a; b = new C(); }',
    typescript: 'class A { private f = g(); } function h(a: number) { let b = a; b = new C(); }',
    tsx: 'class A { f = g(); } const h = (a: number) => { let b = a; b = new C(); return <div />; };',
  } as const;
  for (const [grammar, text] of Object.entries(samples) as [keyof typeof samples, string][]) {
    const tree = await service.parse(grammar, text);
    try {
      const facts = collectFacts(tree);
      assert.equal(facts.calls.length, 1, grammar);
      assert.equal(facts.news.length, 1, grammar);
      assert.equal(facts.fields.length, 1, grammar);
      assert.equal(facts.assignmentsTo.get('b')?.length, 1, grammar);
      assert.deepEqual([...facts.declarations.keys()].sort(), ['A', 'a', 'b', 'h'], grammar);
    } finally {
      tree.delete();
    }
  }
});
