// The parameter values the Python walk binds when it inlines a call (values.ts BoundParams):
// each is evaluated when first asked for and then kept, and a default the function turns out
// not to have leaves the name unbound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundParams, type Value } from '../../../../src/analysis/python/values';

test('bound parameters: evaluated once, on the first question; a missing default is no binding', () => {
  const params = new BoundParams();
  const asked: string[] = [];
  const port: Value = { kind: 'int', value: 8080 };
  params.bind('port', () => (asked.push('port'), port));
  params.bind('host', () => (asked.push('host'), undefined));
  assert.deepEqual([...asked], [], 'nothing is evaluated by binding');
  assert.equal(params.has('port'), true);
  assert.equal(params.get('port'), port);
  assert.equal(params.get('port'), port);
  assert.equal(params.has('host'), false);
  assert.equal(params.get('host'), undefined);
  assert.equal(params.has('other'), false);
  assert.deepEqual([...asked], ['port', 'host'], 'each at most once');
  params.bind('port', () => (asked.push('port again'), { kind: 'int', value: 0 }));
  assert.deepEqual(params.get('port'), { kind: 'int', value: 0 }, 'a later binding replaces the earlier one');
});
