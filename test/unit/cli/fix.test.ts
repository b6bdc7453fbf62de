// `check --fix`: rewrites the files, the result compiles, a second run finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fixText, selectPreferredEdits } from '../../../src/analysis/fix-all';
import { applyEdits } from '../../../src/analysis/text';
import type { Finding } from '../../../src/analysis/types';
import { gcc } from '../../shared/gcc';
import { copyFixture, runCli } from './support';

function gccSyntaxOnly(file: string): Promise<void> {
  return gcc(['-fsyntax-only', '-Wall', file], 'to check that fixed files compile');
}

test('--fix applies the preferred fix, prints what remains, and a second run finds nothing', async (t) => {
  const dir = await copyFixture(t, 'project');
  const server = path.join(dir, 'src', 'server.c');
  const client = path.join(dir, 'src', 'client.c');
  const clientBefore = await fs.readFile(client, 'utf8');
  await gccSyntaxOnly(server);

  const run = await runCli(['check', '--fix'], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, 'Fixed 1 problem in 1 file.\nNo problems found in 4 files.\n');

  const fixed = await fs.readFile(server, 'utf8');
  const setsockopt = fixed.search(/setsockopt\(fd, SOL_SOCKET, SO_REUSEADDR,/);
  assert.ok(setsockopt > 0 && setsockopt < fixed.search(/\bbind\(/), fixed);
  await gccSyntaxOnly(server);
  assert.equal(await fs.readFile(client, 'utf8'), clientBefore, 'files without findings are not rewritten');

  const again = await runCli(['check'], dir);
  assert.equal(again.code, 0);
  assert.equal(again.stdout, 'No problems found in 4 files.\n');
  const third = await runCli(['check', '--fix'], dir);
  assert.equal(third.stdout, 'Fixed 0 problems in 0 files.\nNo problems found in 4 files.\n');
  assert.equal(await fs.readFile(server, 'utf8'), fixed, 'a second --fix changes nothing');
});

test('--fix with --format json: stdout stays pure JSON, the fix count goes to stderr', async (t) => {
  const dir = await copyFixture(t, 'project');
  const run = await runCli(['check', '--fix', '--format', 'json'], dir);
  assert.equal(run.code, 0);
  assert.deepEqual(JSON.parse(run.stdout), { findings: [] });
  assert.equal(run.stderr, 'Fixed 1 problem in 1 file.\n');
});

test('--fix fixes every server of a file in one run, and the file compiles', async (t) => {
  const dir = await copyFixture(t, 'project');
  const server = path.join(dir, 'src', 'server.c');
  // Two servers in one file: both get fixed in one run, with non-clashing flag names.
  const text = await fs.readFile(server, 'utf8');
  await fs.writeFile(
    server,
    text + '\n' + text.slice(text.indexOf('int serve(void)')).replace('int serve(void)', 'int serve_again(void)'),
  );
  const run = await runCli(['check', '--fix', 'src/server.c'], dir);
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /^Fixed 2 problems in 1 file\.$/m);
  await gccSyntaxOnly(server);
});

test('--fix never applies "Ignore this line": a finding without a preferred fix stays and is reported', async (t) => {
  const dir = await copyFixture(t, 'info-only');
  const before = await fs.readFile(path.join(dir, 'reuseport.c'), 'utf8');
  const run = await runCli(['check', '--fix'], dir);
  assert.match(
    run.stdout,
    /^reuseport\.c:10:5: note: .*\[reuseport-bsd-semantics\]\nFixed 0 problems in 0 files\.\n1 problem \(1 info\)/,
  );
  assert.equal(await fs.readFile(path.join(dir, 'reuseport.c'), 'utf8'), before);
  assert.equal(run.code, 0);
});

const at = (line: number, character: number) => ({ line, character });

function finding(line: number, newText: string, preferred = true): Finding {
  return {
    rule: 'missing-reuseaddr',
    severity: 'warning',
    message: 'm',
    range: { start: at(line, 0), end: at(line, 4) },
    fixes: [{ title: 't', isPreferred: preferred, edits: [{ range: { start: at(line, 0), end: at(line, 0) }, newText }] }],
  };
}

test('selectPreferredEdits: non-preferred fixes are never applied; insertions at one spot stack in order, an identical one goes in once', () => {
  const selection = selectPreferredEdits([
    finding(0, 'a\n'),
    finding(0, 'b\n'),
    finding(0, 'a\n'),
    finding(1, 'c\n'),
    finding(2, 'x\n', false),
  ]);
  assert.equal(selection.applied, 4);
  assert.deepEqual(
    selection.edits.map((e) => e.newText),
    ['a\n', 'b\n', 'c\n'],
  );
  assert.equal(applyEdits('0\n1\n', selection.edits), 'a\nb\n0\nc\n1\n');
});

test('selectPreferredEdits: an edit that replaces text where another fix inserts waits for the next round', () => {
  const replace = finding(1, 'r');
  replace.fixes[0].edits[0].range.end = at(1, 1);
  const selection = selectPreferredEdits([finding(1, 'c\n'), replace]);
  assert.equal(selection.applied, 1);
  assert.deepEqual(
    selection.edits.map((e) => e.newText),
    ['c\n'],
  );
});

test('fixText: a fix that does not cure its finding is applied once, not again and again', async () => {
  let analyses = 0;
  // The stand-in analysis reports the same fixable finding whatever the text: no progress.
  const outcome = await fixText('bind\n', [finding(0, 'x\n')], async () => {
    analyses++;
    return [finding(0, 'x\n')];
  });
  assert.equal(outcome.text, 'x\nbind\n');
  assert.equal(outcome.applied, 1);
  assert.equal(analyses, 1);
});
