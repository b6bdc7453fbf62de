import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IncrementalDocument } from '../../../src/analysis/incremental';
import { ParserService } from '../../../src/analysis/parser';
import { textChange } from '../../shared/text-change';

const source = [
  'int serve(void) {',
  '  int s = socket(AF_INET, SOCK_STREAM, 0); /* é𝄞 non-ASCII before the edit */',
  '  bind(s, 0, 0);',
  '  return listen(s, 5);',
  '}',
  '',
].join('\n');

test('an incrementally reparsed tree equals a fresh parse', async () => {
  const service = await ParserService.create();
  const doc = await IncrementalDocument.open(service, 'c', source);
  let text = source;
  const edits: [string, string][] = [
    ['bind(s', 'bind(fd'],
    ['  return', '  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);\n  return'],
    ['é𝄞', ''],
  ];
  for (const [find, replacement] of edits) {
    const offset = text.indexOf(find);
    assert.ok(offset >= 0);
    const c = textChange(text, offset, find.length, replacement);
    text = text.slice(0, offset) + replacement + text.slice(offset + find.length);
    doc.update(text, [c]);
    const fresh = await service.parse('c', text);
    assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
    assert.equal(doc.tree.rootNode.endIndex, text.length);
    fresh.delete();
  }
  doc.dispose();
});
