// The textual pre-filters behind their literal gates (text.ts literalGated): each must answer
// exactly as its bare regex, on every fixture and on text built from the words they look for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mayHaveCFindings } from '../../../src/analysis/c/analyze';
import { mayDefineHelpers } from '../../../src/analysis/c/reuse-helpers';
import { EMPTY_CONTEXT } from '../../../src/analysis/context';
import { mayHaveJsFindings } from '../../../src/analysis/js/analyze';
import { mayHavePythonFindings } from '../../../src/analysis/python/analyze';
import { literalGated } from '../../../src/analysis/text';
import { allFixtures, fuzzSeed } from './fuzz-inputs';

/** Each filter and the regex (or regexes) it stands for. */
const FILTERS: [string, (text: string) => boolean, (text: string) => boolean][] = [
  ['C findings', (t) => mayHaveCFindings(t), (t) => /\b(bind|setsockopt|evconnlistener_new_bind)\b/.test(t)],
  [
    'C helper definitions',
    (t) => mayDefineHelpers(t, EMPTY_CONTEXT),
    (t) => /\b(setsockopt|evutil_make_listen_socket_reuseable)\b/.test(t) || /\b(socket|bind|listen)\s*\(/.test(t),
  ],
  ['JS findings', mayHaveJsFindings, (t) => /createSocket|listenDatagram|\blisten\b|\bBun\.serve\b/.test(t)],
  [
    'Python findings',
    mayHavePythonFindings,
    (t) => /\b(?:socket|_socket|socketserver|SocketServer|http\.server|BaseHTTPServer|wsgiref|xmlrpc)\b/.test(t),
  ],
];

test('a gated pre-filter answers as its regex: on every fixture', () => {
  for (const { rel, text } of allFixtures())
    for (const [name, gated, bare] of FILTERS) assert.equal(gated(text), bare(text), `${name} on ${rel}`);
});

test('a gated pre-filter answers as its regex: on text made of the words it looks for', () => {
  const piece = fc.constantFrom(
    ...['bind', 'rebind', 'setsockopt', 'evconnlistener_new_bind', 'evutil_make_listen_socket_reuseable', 'socket'],
    ...['_socket', 'SocketServer', 'listen', 'listenDatagram', 'createSocket', 'Bun.serve', 'Bun', '.serve', 'http.server'],
    ...['BaseHTTPServer', 'wsgiref', 'xmlrpc', 'socketserver', 'x', '_', ' ', '\n', '(', '.', '9'],
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
      const text = pieces.join('');
      for (const [name, gated, bare] of FILTERS) assert.equal(gated(text), bare(text), `${name} on ${JSON.stringify(text)}`);
    }),
    { seed: fuzzSeed(), numRuns: 3000 },
  );
});

test('a gate never lets a regex run on a text without its literals, and never hides a match', () => {
  let ran = 0;
  const pattern = /\bbind\b/;
  const counting = { test: (t: string) => (ran++, pattern.test(t)) } as RegExp;
  const filter = literalGated(counting, ['bind']);
  assert.equal(filter.test('int listen(void);'), false);
  assert.equal(ran, 0);
  assert.equal(filter.test('rebinding'), false);
  assert.equal(filter.test('x = bind(fd)'), true);
  assert.equal(ran, 2);
});

test('gates asking texts in turn: an answer kept for one text is never given for another', () => {
  const bindGate = literalGated(/bind/, ['bind']);
  const sockGate = literalGated(/socket/, ['sock', 'socket']);
  // Same length, so only the contents tell them apart.
  const a = 'bind(s); /* socket */';
  const b = 'xxxx(s); /* xxxxxx */';
  for (let i = 0; i < 3; i++) {
    assert.equal(bindGate.test(a), true);
    assert.equal(sockGate.test(a), true);
    assert.equal(bindGate.test(b), false);
    assert.equal(sockGate.test(b), false);
  }
  // `socket` is known absent once `sock` is; a text holding `sock` alone still asks for `socket`.
  assert.equal(literalGated(/sock/, ['sock']).test('a sock drawer'), true);
  assert.equal(sockGate.test('a sock drawer'), false);
});
