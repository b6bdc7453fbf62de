// The workspace check on worker threads: the same results, in the same order, as on this thread
// alone, the reuse helpers of other files included (a file analyzed before the helper's file is
// analyzed again once the helpers are merged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ParserService } from '../../../src/analysis/parser';
import { checkFiles, collectWorkspaceFiles, workerScript, WorkspacePool } from '../../../src/analysis/workspace';
import { projectBuffers } from './project-buffers';
import { copyFixture } from '../cli/support';

test('the pool gives the results of this thread alone, in file order, cross-file helpers included', async (t) => {
  const dir = await copyFixture(t, 'project');
  const listener = await fs.readFile(path.join(dir, 'src', 'net', 'listener.c'), 'utf8');
  const server = await fs.readFile(path.join(dir, 'src', 'server.c'), 'utf8');
  // 'a/' sorts before src/net/reuse.c, which defines the helper these files call.
  await fs.mkdir(path.join(dir, 'a'));
  await fs.mkdir(path.join(dir, 'z'));
  for (let i = 0; i < 30; i++) {
    await fs.writeFile(path.join(dir, 'a', `listener${i}.c`), listener);
    await fs.writeFile(path.join(dir, 'z', `server${i}.c`), server);
  }
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const { files } = await collectWorkspaceFiles([dir]);
  const alone = await checkFiles(files, { service, roots: [dir] });
  const pooled = await checkFiles(files, { service, roots: [dir], workers: 2, workersOnly: true });
  assert.equal(alone.onWorkers, 0);
  assert.equal(
    pooled.onWorkers,
    files.length + 31,
    'every file on the workers, then again the 31 that name the helper (listener.c, the copies; not reuse.c, which defines it)',
  );
  const summary = (r: typeof alone) => r.results.map((x) => [path.relative(dir, x.file), x.findings.map((f) => f.rule)]);
  assert.deepEqual(summary(pooled), summary(alone));
  assert.deepEqual(
    pooled.results.map((r) => r.file),
    files,
  );
  for (const r of pooled.results) {
    const rel = path.relative(dir, r.file);
    if (rel.startsWith('a')) assert.deepEqual(r.findings, [], `${rel}: make_reusable() from reuse.c enables reuse`);
    if (rel.startsWith('z'))
      assert.deepEqual(
        r.findings.map((f) => f.rule),
        ['missing-reuseaddr'],
        rel,
      );
  }
  assert.deepEqual([...pooled.context.reuseHelpers], [['make_reusable', 0]]);
});

test('this thread and a worker share one pass: each file analyzed once, results in file order, as on this thread alone', async (t) => {
  const dir = await copyFixture(t, 'project');
  const server = await fs.readFile(path.join(dir, 'src', 'server.c'), 'utf8');
  // Enough work that this thread shares the pass with the worker once it is ready.
  for (let i = 0; i < 300; i++) {
    const sub = path.join(dir, `m${Math.floor(i / 50)}`);
    await fs.mkdir(sub, { recursive: true });
    await fs.writeFile(path.join(sub, `server${i}.c`), server.replace(/\bmain\b/g, `main${i}`));
  }
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const { files } = await collectWorkspaceFiles([dir]);
  const alone = await checkFiles(files, { service, roots: [dir] });
  const pool = WorkspacePool.start(1, workerScript()!);
  t.after(() => pool.close());
  // The worker is ready before the pass starts, so the split does not hang on its start-up alone.
  while (!pool.ready) await new Promise((resolve) => setTimeout(resolve, 10));
  const shared = await checkFiles(files, { service, roots: [dir], pool });
  const summary = (r: typeof alone) =>
    r.results.map((x) => [x.file, x.error, x.findings.map((f) => `${f.rule}@${f.range.start.line}`)]);
  assert.deepEqual(summary(shared), summary(alone));
  assert.deepEqual(
    shared.results.map((r) => r.file),
    files,
  );
});

test("unsaved editor buffers reach the workers: each file's buffer is analyzed there, as on this thread alone, helpers included", async (t) => {
  const dir = await copyFixture(t, 'project');
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const { server, listener, unsaved } = await projectBuffers(dir);
  const { files } = await collectWorkspaceFiles([dir]);
  const readFile = (file: string) => unsaved.get(file);
  const alone = await checkFiles(files, { service, roots: [dir], readFile });
  const pooled = await checkFiles(files, { service, roots: [dir], readFile, workers: 2, workersOnly: true });
  assert.ok(pooled.onWorkers >= files.length, `${pooled.onWorkers} of ${files.length} files on the workers`);
  const summary = (r: typeof alone) => r.results.map((x) => [path.relative(dir, x.file), x.findings.map((f) => f.rule)]);
  assert.deepEqual(summary(pooled), summary(alone));
  const byFile = new Map(pooled.results.map((r) => [r.file, r]));
  assert.deepEqual(byFile.get(server)?.findings, [], "the server's buffer enables reuse");
  assert.equal(byFile.get(server)?.text, unsaved.get(server));
  assert.deepEqual(
    byFile.get(listener)?.findings.map((f) => f.rule),
    ['missing-reuseaddr'],
    "make_reusable() no longer enables reuse in reuse.c's buffer",
  );
});

test('an editor buffer that cannot be read fails that file alone, on this thread, with workers asked for', async (t) => {
  const dir = await copyFixture(t, 'project');
  const service = await ParserService.create();
  t.after(() => service.dispose());
  const server = path.join(dir, 'src', 'server.c');
  const { files } = await collectWorkspaceFiles([dir]);
  const checked = await checkFiles(files, {
    service,
    roots: [dir],
    workers: 2,
    workersOnly: true,
    readFile: (file) => {
      if (file === server) throw new Error('the buffer is gone');
      return undefined;
    },
  });
  assert.equal(checked.onWorkers, 0);
  const failed = checked.results.filter((r) => r.error);
  assert.deepEqual(
    failed.map((r) => [r.file, r.error]),
    [[server, 'cannot read (the buffer is gone)']],
  );
  assert.deepEqual(
    checked.results.map((r) => r.file),
    files,
    'the other files are analyzed, in file order',
  );
});
