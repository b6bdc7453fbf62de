import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCheckArgs, UsageError } from '../../../src/cli/args';

test('defaults: text, no fix, no paths', () => {
  assert.deepEqual(parseCheckArgs([]), { format: 'text', fix: false, paths: [] });
});

test('flags and paths in any order, --format VALUE and --format=VALUE', () => {
  assert.deepEqual(parseCheckArgs(['src', '--fix', '--format', 'json', 'lib/a.c']), {
    format: 'json',
    fix: true,
    paths: ['src', 'lib/a.c'],
  });
  assert.deepEqual(parseCheckArgs(['--format=sarif']), { format: 'sarif', fix: false, paths: [] });
});

test('after -- everything is a path, even names that look like flags', () => {
  assert.deepEqual(parseCheckArgs(['--', '--fix', '-x.c']), { format: 'text', fix: false, paths: ['--fix', '-x.c'] });
});

test('usage errors say what is wrong', () => {
  assert.throws(() => parseCheckArgs(['--fxi']), new UsageError("unknown option '--fxi'"));
  assert.throws(() => parseCheckArgs(['-f']), /unknown option '-f'/);
  assert.throws(() => parseCheckArgs(['--format', 'xml']), /unknown --format 'xml': expected one of text, json, sarif/);
  assert.throws(() => parseCheckArgs(['--format']), /--format needs a value/);
  assert.throws(() => parseCheckArgs(['--format', 'json', '--format', 'text']), /more than once/);
});
