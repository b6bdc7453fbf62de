// `npm test` names the failed tests again at the end of its summary (scripts/tap-failures.cjs),
// read from the TAP report of a real `node --test` run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const load = createRequire(__filename);
const tapFailures = load(path.join(__dirname, '..', '..', '..', '..', 'scripts', 'tap-failures.cjs')) as (
  tap: string,
) => string[];

/** The TAP report of `node --test` on one file with this source (it exits 1 when a test fails). */
function tapOf(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tap-failures-'));
  try {
    const file = path.join(dir, 'sample.test.js');
    fs.writeFileSync(file, source);
    // Without NODE_TEST_CONTEXT, which would make the child report to this run instead.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    try {
      return execFileSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', env });
    } catch (error) {
      return (error as { stdout: string }).stdout;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the failed tests are named with the first line of their error, their suites are not', () => {
  const tap = tapOf(`
    const { test, describe } = require('node:test');
    const assert = require('node:assert/strict');
    describe('a suite', () => {
      test('inner fails', () => assert.equal(1, 2));
      test('inner passes', () => {});
    });
    test('top fails', () => { throw new Error('boom\\nsecond line'); });
    test('top passes', () => {});
  `);
  assert.deepEqual(tapFailures(tap), ['inner fails: Expected values to be strictly equal:', 'top fails: boom']);
});

test('a run where everything passes names no test', () => {
  const tap = tapOf(`require('node:test').test('passes', () => {});`);
  assert.match(tap, /^# pass 1$/m);
  assert.deepEqual(tapFailures(tap), []);
});
