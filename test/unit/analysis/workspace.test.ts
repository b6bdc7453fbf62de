// The workspace scanner shared by the CLI and "Check Workspace": which files it walks, the
// context it builds across files, overrides, cancellation, and files that cannot be analyzed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ParserService } from '../../../src/analysis/parser';
import {
  analyzeFiles,
  analyzeWorkspace,
  buildWorkspaceContext,
  checkFiles,
  collectWorkspaceFiles,
  type WorkspaceFileResult,
} from '../../../src/analysis/workspace';
import { projectBuffers } from './project-buffers';
import { copyFixture, runCli, tempDir } from '../cli/support';
import { fixturePath } from '../../shared/repo-paths';

const OUTPUT_DIRS = [
  'node_modules/dep',
  '.git/hooks',
  'dist',
  'out',
  'build',
  'target/release',
  'cmake-build-debug',
  'vendor/lib',
  '.vscode-test/x',
];
const PROJECT_FILES = ['src/client.c', 'src/net/listener.c', 'src/net/reuse.c', 'src/server.c'];

/** The project with a copy of the faulty server in every folder the walk must skip. */
async function projectWithOutputs(t: Parameters<typeof copyFixture>[0]): Promise<string> {
  const dir = await copyFixture(t, 'project');
  for (const sub of OUTPUT_DIRS) {
    await fs.mkdir(path.join(dir, sub), { recursive: true });
    await fs.copyFile(path.join(dir, 'src', 'server.c'), path.join(dir, sub, 'server.c'));
  }
  return dir;
}

async function collect(results: AsyncIterable<WorkspaceFileResult>): Promise<WorkspaceFileResult[]> {
  const all: WorkspaceFileResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

test('the walk skips dependencies, VCS data and build outputs, but not a folder given explicitly', async (t) => {
  const dir = await projectWithOutputs(t);
  const walk = await collectWorkspaceFiles([dir]);
  assert.deepEqual(
    walk.files,
    PROJECT_FILES.map((f) => path.join(dir, f)),
  );
  assert.deepEqual(walk.notices, []);
  const explicit = await collectWorkspaceFiles([
    path.join(dir, 'build'),
    path.join(dir, 'src', 'server.c'),
    path.join(dir, 'src'),
  ]);
  assert.deepEqual(explicit.files, [path.join(dir, 'build', 'server.c'), ...PROJECT_FILES.map((f) => path.join(dir, f))].sort());

  const run = await runCli(['check'], dir);
  assert.equal(run.stdout.match(/warning:/g)?.length, 1, run.stdout);
  assert.match(run.stdout, / in 4 files\./);
});

test('symlinked folders are followed once; a link back up the tree does not loop', async (t) => {
  const dir = await copyFixture(t, 'project');
  await fs.symlink(dir, path.join(dir, 'src', 'net', 'back-to-root'));
  await fs.symlink(path.join(dir, 'src', 'net'), path.join(dir, 'net-again'));
  await fs.symlink(path.join(dir, 'missing'), path.join(dir, 'src', 'dangling.c'));
  const walk = await collectWorkspaceFiles([dir]);
  const relative = walk.files.map((f) => path.relative(dir, f));
  // Each real folder is walked once, under whichever path reached it first.
  assert.equal(relative.filter((f) => f.endsWith('listener.c')).length, 1, relative.join('\n'));
  assert.equal(relative.filter((f) => f.endsWith('server.c')).length, 1, relative.join('\n'));
  assert.ok(!relative.includes(path.join('src', 'dangling.c')));
});

test('notices: a missing root and a file that is not source code', async (t) => {
  const dir = await copyFixture(t, 'project');
  const walk = await collectWorkspaceFiles([path.join(dir, 'nope'), path.join(dir, 'src', 'notes.txt')]);
  assert.deepEqual(walk.files, []);
  assert.deepEqual(
    walk.notices.map((n) => [path.basename(n.path), n.kind]),
    [
      ['nope', 'error'],
      ['notes.txt', 'skipped'],
    ],
  );
  assert.match(walk.notices[0].message, /ENOENT/);
});

test('reuse helpers from other files count: the context is built across the whole set', async (t) => {
  const dir = await copyFixture(t, 'project');
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const listener = path.join(dir, 'src', 'net', 'listener.c');
  const together = await collect(analyzeWorkspace([dir], { service }));
  assert.deepEqual(together.find((r) => r.file === listener)?.findings, []);
  const alone = await collect(analyzeWorkspace([listener], { service }));
  assert.deepEqual(
    alone[0].findings.map((f) => f.rule),
    ['missing-reuseaddr'],
  );
});

test('socket wrappers from other files count: xbind() defined in one file is a bind in the others', async (t) => {
  const dir = await tempDir(t);
  await fs.cp(fixturePath('c', 'workspace-wrapper'), dir, { recursive: true });
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const server = path.join(dir, 'server_no_reuse.c');
  const lines = (results: WorkspaceFileResult[]) =>
    results.flatMap((r) => r.findings.map((f) => `${path.basename(r.file)}:${f.range.start.line + 1} ${f.rule}`));
  const expected = ['server_no_reuse.c:18 missing-reuseaddr'];
  // This thread, the worker pool, and the context the editor is given.
  assert.deepEqual(lines(await collect(analyzeWorkspace([dir], { service }))), expected);
  assert.deepEqual(lines(await collect(analyzeWorkspace([dir], { service, workers: 1, workersOnly: true }))), expected);
  const { files } = await collectWorkspaceFiles([dir]);
  const context = await buildWorkspaceContext([dir], files, { service });
  assert.deepEqual([...(context.socketWrappers?.keys() ?? [])].sort(), ['Setsockopt', 'xbind', 'xlisten', 'xsocket']);
  assert.deepEqual(lines(await collect(analyzeFiles([server], { service, context }))), expected);
  // Alone, the file shows no socket call: nothing to report.
  assert.deepEqual(lines(await collect(analyzeWorkspace([server], { service }))), []);
  const run = await runCli(['check', '--format', 'json', '.'], dir);
  const cli = (JSON.parse(run.stdout) as { findings: { file: string; line: number; rule: string }[] }).findings;
  assert.deepEqual(
    cli.map((f) => `${f.file}:${f.line} ${f.rule}`),
    expected,
    run.stdout,
  );
});

test("a helper chain over three files counts: a function calling another file's helper is a helper too", async (t) => {
  const dir = await tempDir(t);
  await fs.cp(fixturePath('c', 'workspace-chain'), dir, { recursive: true });
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const lines = (results: WorkspaceFileResult[]) =>
    results.flatMap((r) => r.findings.map((f) => `${path.basename(r.file)}:${f.range.start.line + 1} ${f.rule}`));
  // listener.c's options reach setsockopt through apply_options() (options.c) and Set_sockopt() (syscalls.c).
  const expected = ['listener_no_options.c:16 missing-reuseaddr'];
  assert.deepEqual(lines(await collect(analyzeWorkspace([dir], { service }))), expected);
  assert.deepEqual(lines(await collect(analyzeWorkspace([dir], { service, workers: 1, workersOnly: true }))), expected);
  const { files } = await collectWorkspaceFiles([dir]);
  const context = await buildWorkspaceContext([dir], files, { service });
  assert.deepEqual([...context.reuseHelpers], [['apply_options', 0]]);
  const listener = path.join(dir, 'listener.c');
  assert.deepEqual(lines(await collect(analyzeFiles([listener], { service, context }))), []);
  // Without the file in the middle, nothing enables reuse on the listener.
  await fs.rm(path.join(dir, 'options.c'));
  assert.deepEqual(lines(await collect(analyzeWorkspace([dir], { service }))), ['listener.c:24 missing-reuseaddr', ...expected]);
});

test("a file defining a helper of the same name as another file's uses its own, as the two-pass context has it", async (t) => {
  const dir = await copyFixture(t, 'project');
  // A second make_reusable(), on its second parameter: the file's own counts for its calls, not
  // the workspace's (reuse.c's, first in file order), with or without a round for it.
  await fs.writeFile(
    path.join(dir, 'src', 'net', 'z_other.c'),
    [
      '#include <netinet/in.h>',
      '#include <string.h>',
      '#include <sys/socket.h>',
      'int make_reusable(int level, int fd) { int on = 1; return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)); }',
      'int open_other(void) {',
      '  struct sockaddr_in addr;',
      '  int fd = socket(AF_INET, SOCK_STREAM, 0);',
      '  make_reusable(fd, 0);',
      '  memset(&addr, 0, sizeof(addr));',
      '  addr.sin_port = htons(8081);',
      '  bind(fd, (struct sockaddr *)&addr, sizeof(addr));',
      '  return listen(fd, 16);',
      '}',
      '',
    ].join('\n'),
  );
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const { files } = await collectWorkspaceFiles([dir]);
  const checked = await checkFiles(files, { service, roots: [dir] });
  const context = await buildWorkspaceContext([dir], files, { service });
  const reference = await collect(analyzeFiles(files, { service, context }));
  const summary = (results: WorkspaceFileResult[]) =>
    results.map((r) => `${path.relative(dir, r.file)}: ${r.findings.map((f) => `${f.rule}@${f.range.start.line}`).join()}`);
  assert.deepEqual(summary(checked.results), summary(reference));
  assert.deepEqual([...checked.context.reuseHelpers], [['make_reusable', 0]]);
  assert.deepEqual(
    summary(checked.results).filter((line) => line.includes('z_other')),
    ['src/net/z_other.c: missing-reuseaddr@10'],
  );
});

test('readFile overrides (unsaved editor buffers) are analyzed instead of the disk, for the context too', async (t) => {
  const dir = await copyFixture(t, 'project');
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const { server, listener, unsaved } = await projectBuffers(dir);
  const results = await collect(analyzeWorkspace([dir], { service, readFile: (file) => unsaved.get(file) }));
  const byFile = new Map(results.map((r) => [r.file, r]));
  assert.deepEqual(byFile.get(server)?.findings, []);
  assert.equal(byFile.get(server)?.text, unsaved.get(server));
  assert.deepEqual(
    byFile.get(listener)?.findings.map((f) => f.rule),
    ['missing-reuseaddr'],
  );
});

test('progress is reported per file and an aborted run stops after the file in progress', async (t) => {
  const dir = await copyFixture(t, 'project');
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const { files } = await collectWorkspaceFiles([dir]);
  const context = await buildWorkspaceContext([dir], files, { service });
  const controller = new AbortController();
  const progress: [number, number, string][] = [];
  const results = await collect(
    analyzeFiles(files, {
      service,
      context,
      signal: controller.signal,
      onProgress: (done, total, file) => {
        progress.push([done, total, file]);
        if (done === 2) controller.abort();
      },
    }),
  );
  assert.deepEqual(progress, [
    [1, 4, files[0]],
    [2, 4, files[1]],
  ]);
  assert.deepEqual(
    results.map((r) => r.file),
    files.slice(0, 2),
  );
});

test('a file over the size cap is skipped with a notice, without failing the run', async (t) => {
  const dir = await tempDir(t);
  await fs.copyFile(fixturePath('cli', 'project', 'src', 'client.c'), path.join(dir, 'client.c'));
  const server = await fs.readFile(fixturePath('cli', 'project', 'src', 'server.c'), 'utf8');
  // Over 2 MB of real code: the faulty server followed by many harmless functions.
  let huge = server;
  for (let i = 0; huge.length <= 2_100_000; i++) huge += `int filler_${i}(int x) { return x * ${i} + 1; }\n`;
  await fs.writeFile(path.join(dir, 'huge.c'), huge);
  const run = await runCli(['check'], dir);
  assert.equal(run.code, 0, run.stdout);
  assert.equal(run.stderr, 'huge.c: note: not analyzed: larger than 2000000 bytes (setting addressInUse.maxFileSize)\n');
  assert.equal(run.stdout, 'No problems found in 1 file.\n');
});

test('an unreadable file is reported and fails the run; the other files are still analyzed', async (t) => {
  const dir = await copyFixture(t, 'project');
  // Tests run as root, whom chmod cannot stop; reading /proc/self/mem at offset 0 fails (EIO) for anyone.
  await fs.symlink('/proc/self/mem', path.join(dir, 'src', 'unreadable.c'));
  const run = await runCli(['check'], dir);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^src[/\\]unreadable\.c: error: cannot read \(EIO: /m);
  assert.match(run.stdout, /^src[/\\]server\.c:\d+:9: warning: .*\[missing-reuseaddr\]$/m);
  assert.match(run.stdout, / in 4 files \(1 more could not be analyzed\)\./m);

  const clean = await runCli(['check', 'src/client.c', 'src/unreadable.c'], dir);
  assert.equal(clean.code, 1, 'a file that could not be checked is not a pass');
});

test('a parse that runs out of time is a per-file error, not a crash', async (t) => {
  const dir = await tempDir(t);
  const service = await ParserService.create({ parseTimeoutMs: 1 });
  t.after(() => service.dispose());
  // Half a megabyte of nested code takes far longer than 1 ms to parse.
  let text = 'int serve(int fd) { return bind(fd, 0, 0); }\n';
  for (let i = 0; text.length < 500_000; i++)
    text += `int f${i}(int a) { if (a > ${i}) { while (a--) { a = (a * 3 + ${i}) % 7; } } return a; }\n`;
  const file = path.join(dir, 'slow.c');
  await fs.writeFile(file, text);
  const results = await collect(analyzeWorkspace([dir], { service }));
  assert.equal(results.length, 1);
  assert.match(results[0].error ?? '', /^cannot analyze \(parsing took longer than 1 ms/);
});
