// The three output formats on the fixture project, checked against the fixture's own lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import { applyEdits } from '../../../src/analysis/text';
import type { JsonFinding } from '../../../src/cli/format-json';
import { copyFixture, lineOf, runCli } from './support';
import { REPO_ROOT } from '../../shared/repo-paths';

const SERVER = path.join('src', 'server.c');

test('text: compiler-style lines and a summary', async (t) => {
  const dir = await copyFixture(t, 'project');
  const bind = await lineOf(path.join(dir, SERVER), /\bbind\(/);
  const run = await runCli(['check', '--format', 'text'], dir);
  assert.equal(run.code, 1);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2, run.stdout);
  assert.match(
    lines[0],
    new RegExp(`^src[/\\\\]server\\.c:${bind}:9: warning: fd is bound without SO_REUSEADDR.* \\[missing-reuseaddr\\]$`),
  );
  assert.equal(lines[1], '1 problem (1 warning) in 4 files. --fix fixes it: address-in-use check --fix');
});

test('json: the documented shape, 1-based positions, paths relative to the current folder', async (t) => {
  const dir = await copyFixture(t, 'project');
  const serverPath = path.join(dir, SERVER);
  const bind = await lineOf(serverPath, /\bbind\(/);
  const run = await runCli(['check', '--format', 'json'], dir);
  assert.equal(run.code, 1);
  const output = JSON.parse(run.stdout) as { findings: JsonFinding[] };
  assert.deepEqual(Object.keys(output), ['findings']);
  assert.equal(output.findings.length, 1);
  const [finding] = output.findings;
  assert.deepEqual(Object.keys(finding), [
    'file',
    'line',
    'column',
    'endLine',
    'endColumn',
    'rule',
    'severity',
    'message',
    'fixes',
  ]);
  assert.equal(finding.file, SERVER);
  assert.deepEqual([finding.line, finding.column, finding.rule, finding.severity], [bind, 9, 'missing-reuseaddr', 'warning']);
  assert.equal(finding.endLine, bind);
  // The finding covers the bind call's first line: from `bind` to the end of the call on that line.
  const bindLineText = (await fs.readFile(serverPath, 'utf8')).split('\n')[bind - 1];
  assert.ok(bindLineText.slice(finding.column - 1, finding.endColumn - 1).startsWith('bind('), bindLineText);

  // The preferred fix comes first; its edits, turned back into 0-based ranges, fix the file.
  assert.match(finding.fixes[0].title, /SO_REUSEADDR/);
  assert.match(finding.fixes[finding.fixes.length - 1].title, /^Ignore missing-reuseaddr/);
  for (const fix of finding.fixes) {
    assert.deepEqual(Object.keys(fix), ['title', 'edits']);
    for (const edit of fix.edits) {
      assert.deepEqual(Object.keys(edit), ['file', 'line', 'column', 'endLine', 'endColumn', 'newText']);
      assert.equal(edit.file, SERVER);
    }
  }
  const text = await fs.readFile(serverPath, 'utf8');
  const fixed = applyEdits(
    text,
    finding.fixes[0].edits.map((e) => ({
      range: { start: { line: e.line - 1, character: e.column - 1 }, end: { line: e.endLine - 1, character: e.endColumn - 1 } },
      newText: e.newText,
    })),
  );
  await fs.writeFile(serverPath, fixed);
  const after = await runCli(['check', '--format', 'json', SERVER], dir);
  assert.deepEqual(JSON.parse(after.stdout), { findings: [] }, fixed);
  assert.equal(after.code, 0);
});

test('json: files outside the current folder are given by absolute path', async (t) => {
  const dir = await copyFixture(t, 'project');
  const elsewhere = path.join(dir, 'src', 'net');
  const run = await runCli(['check', '--format', 'json', path.join(dir, SERVER)], elsewhere);
  const [finding] = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
  assert.equal(finding.file, path.join(dir, SERVER));
  assert.equal(finding.fixes[0].edits[0].file, path.join(dir, SERVER));
});

test('sarif: rules with their help text, results with regions, fixes and related locations', async (t) => {
  const dir = await copyFixture(t, 'project');
  const bind = await lineOf(path.join(dir, SERVER), /\bbind\(/);
  const socketLine = await lineOf(path.join(dir, SERVER), /= socket\(/);
  const run = await runCli(['check', '--format', 'sarif'], dir);
  assert.equal(run.code, 1);
  const log = JSON.parse(run.stdout) as sarif.Log;
  assert.equal(log.version, '2.1.0');
  const [sarifRun] = log.runs;
  const driver = sarifRun.tool.driver;
  const pkg = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  assert.equal(driver.name, pkg.name);
  assert.equal(driver.version, pkg.version);
  const rule = driver.rules?.find((r) => r.id === 'missing-reuseaddr');
  assert.ok(rule?.shortDescription?.text);
  for (const r of driver.rules ?? []) {
    assert.equal(r.helpUri, undefined, `${r.id}: there is no public repository to link`);
    assert.equal(r.help?.text, r.shortDescription?.text, r.id);
  }

  assert.deepEqual(sarifRun.originalUriBaseIds?.['%SRCROOT%'], { uri: pathToFileURL(dir + path.sep).href });
  assert.equal(sarifRun.results?.length, 1);
  const result = sarifRun.results[0];
  assert.equal(result.ruleId, 'missing-reuseaddr');
  assert.equal(driver.rules![result.ruleIndex!].id, 'missing-reuseaddr');
  assert.equal(result.level, 'warning');
  const location = result.locations![0].physicalLocation!;
  assert.deepEqual(location.artifactLocation, { uri: 'src/server.c', uriBaseId: '%SRCROOT%' });
  assert.equal(location.region?.startLine, bind);
  assert.equal(location.region?.startColumn, 9);
  assert.ok(
    result.relatedLocations?.some((r) => r.physicalLocation?.region?.startLine === socketLine),
    'related location at socket()',
  );
  const change = result.fixes?.[0].artifactChanges[0];
  assert.deepEqual(change?.artifactLocation, { uri: 'src/server.c', uriBaseId: '%SRCROOT%' });
  assert.match(change?.replacements[0].insertedContent?.text ?? '', /setsockopt\(fd, SOL_SOCKET, SO_REUSEADDR/);
});

test('sarif: information maps to note', async (t) => {
  const dir = await copyFixture(t, 'info-only');
  const run = await runCli(['check', '--format', 'sarif'], dir);
  const results = (JSON.parse(run.stdout) as sarif.Log).runs[0].results ?? [];
  assert.deepEqual(
    results.map((r) => [r.ruleId, r.level]),
    [['reuseport-bsd-semantics', 'note']],
  );
  assert.equal(run.code, 0);
});
