import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParserService, grammarForPath, type GrammarId } from '../../../src/analysis/parser';

const samples: Record<GrammarId, string> = {
  c: 'int main(void) { return bind(s, 0, 0); }',
  cpp: 'int main() { return ::bind(s, nullptr, 0); }',
  javascript: "const s = require('dgram').createSocket('udp4');",
  typescript: 'const n: number = 3; server.listen(n);',
  tsx: 'const x = <div a={1} />;',
  python: 'import socket\ns = socket.socket()\ns.bind(("", 8000))\n',
};

test('every grammar loads and parses without errors', async () => {
  const service = await ParserService.create();
  for (const [grammar, text] of Object.entries(samples) as [GrammarId, string][]) {
    const tree = await service.parse(grammar, text);
    assert.equal(tree.rootNode.hasError, false, `${grammar}: ${tree.rootNode.toString()}`);
    tree.delete();
  }
  service.dispose();
});

test('file extensions map to the right grammar', () => {
  assert.equal(grammarForPath('/a/server.c'), 'c');
  assert.equal(grammarForPath('x.HPP'), 'cpp');
  assert.equal(grammarForPath('a.mts'), 'typescript');
  assert.equal(grammarForPath('a.tsx'), 'tsx');
  assert.equal(grammarForPath('a.cjs'), 'javascript');
  assert.equal(grammarForPath('server.py'), 'python');
  assert.equal(grammarForPath('tool.PYW'), 'python');
  assert.equal(grammarForPath('README.md'), undefined);
});
