// The CLI's contract: commands, usage errors (exit 2), and exit 0/1 by what remains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { copyFixture, PROJECT_ROOT, runCli } from './support';

test('--help and -h print usage on stdout and exit 0', async () => {
  for (const argv of [['--help'], ['-h']]) {
    const run = await runCli(argv, PROJECT_ROOT);
    assert.equal(run.code, 0, argv.join(' '));
    assert.match(run.stdout, /Usage:\n {2}address-in-use check \[--format text\|json\|sarif\] \[--fix\] \[paths\.\.\.\]/);
    assert.equal(run.stderr, '');
  }
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(await fs.readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const run = await runCli(['--version'], PROJECT_ROOT);
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `${pkg.name} ${pkg.version}\n`);
});

test('bad usage exits 2 with a message on stderr and nothing on stdout', async (t) => {
  const dir = await copyFixture(t, 'project');
  const cases: [string[], RegExp][] = [
    [[], /Usage:/],
    [['frobnicate'], /unknown command 'frobnicate' \(expected check, ports, run or stop\)/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['check', '--bogus'], /check: unknown option '--bogus'/],
    [['check', '--format', 'xml'], /unknown --format 'xml': expected one of text, json, sarif/],
    [['check', '--format'], /--format needs a value/],
    [['check', 'src', 'no/such/dir'], /check: no such file or folder: no\/such\/dir/],
  ];
  for (const [argv, message] of cases) {
    const run = await runCli(argv, dir);
    assert.equal(run.code, 2, `${argv.join(' ')}: exit ${run.code}`);
    assert.match(run.stderr, message, argv.join(' '));
    assert.equal(run.stdout, '', argv.join(' '));
  }
});

test('exit 1 when a warning remains, 0 when none does', async (t) => {
  const dir = await copyFixture(t, 'project');
  assert.equal((await runCli(['check'], dir)).code, 1, 'the project has a warning in src/server.c');
  assert.equal((await runCli(['check', 'src/server.c'], dir)).code, 1);
  const clean = await runCli(['check', 'src/client.c', 'src/net'], dir);
  assert.equal(clean.code, 0, clean.stdout);
  assert.equal(clean.stdout, 'No problems found in 3 files.\n');
});

test('information-level findings are printed but do not fail the run', async (t) => {
  const dir = await copyFixture(t, 'info-only');
  const run = await runCli(['check'], dir);
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /^reuseport\.c:10:5: note: .* \[reuseport-bsd-semantics\]$/m);
  assert.match(run.stdout, /^1 problem \(1 info\) in 1 file\.$/m);
});

test('the default path is the current folder', async (t) => {
  const dir = await copyFixture(t, 'project');
  const explicit = await runCli(['check', '.'], dir);
  const implicit = await runCli(['check'], dir);
  assert.equal(implicit.stdout, explicit.stdout);
  assert.match(implicit.stdout, /^src[/\\]server\.c:/m);
});

test('check --help is about check, and the summary points to --fix for what it can fix', async (t) => {
  const help = await runCli(['check', '--help'], process.cwd());
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: address-in-use check /);
  assert.doesNotMatch(help.stdout, /ports/, 'check --help describes ports');
  const dir = await copyFixture(t, 'project');
  const run = await runCli(['check'], dir);
  assert.match(run.stdout, /^1 problem \(1 warning\) in \d+ files\. --fix fixes it: address-in-use check --fix$/m);
});

test('the README states every exit status the help states', async () => {
  const readme = await fs.readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('\n## ', readme.indexOf('## Command line') + 5));
  const check = section.slice(section.indexOf('`check`'), section.indexOf('`ports`'));
  const ports = section.slice(section.indexOf('`ports`'));
  for (const code of [0, 1, 2, 3]) {
    assert.match(check, new RegExp(`\\b${code}\\s+(when|on)\\b`), `check's exit status ${code} is not in the README`);
    assert.match(ports, new RegExp(`\\b${code}\\s+(when|on)\\b`), `ports' exit status ${code} is not in the README`);
  }
});
