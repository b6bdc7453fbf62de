// utf8Length is the size cap's measure in the browser build, where Node's Buffer is absent: it
// must agree with Buffer.byteLength on every string, lone surrogates included.
import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { utf8Length } from '../../../src/analysis/text';

test('utf8Length agrees with Buffer.byteLength', () => {
  for (const sample of ['', 'abc', 'é', '€', '😀', 'a\ud800b', '\udc00', 'x😀y€z'])
    assert.equal(utf8Length(sample), Buffer.byteLength(sample, 'utf8'), JSON.stringify(sample));
  fc.assert(
    fc.property(
      // UTF-16 units at random (lone surrogates too) and whole code points.
      fc.oneof(
        fc.array(fc.integer({ min: 0, max: 0xffff })).map((units) => String.fromCharCode(...units)),
        fc.string({ unit: 'binary' }),
      ),
      (text) => utf8Length(text) === Buffer.byteLength(text, 'utf8'),
    ),
    { numRuns: 2000 },
  );
});
