// `check` over a tree with everything a real disk can hold besides source files: unreadable
// files and folders (read by an unprivileged uid: root reads everything), broken symlinks, a
// loop of symlinks, binary content named .c, a FIFO, a device and a socket with source names.
// One notice per such file on stderr, the rest analyzed, the documented exit status, no hang.
// Then `--fix`: atomic (temporary file, rename, mode kept), never over a file changed on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { ChangedOnDiskError, writeFixedFile } from '../../../src/cli/write-fixed-file';
import { FIXTURES, runCli, tempDir } from './support';

const NOBODY = 65534;
const cliModule = path.join(__dirname, '../../../src/cli.js');

function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('this test drops privileges to uid nobody and must run as root (sudo npm test)');
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in a child process as uid nobody, killed after 30 s (a FIFO read would block forever). */
function cliAsNobody(argv: string[], cwd: string): Promise<Run> {
  const script = `require(${JSON.stringify(cliModule)}).main(${JSON.stringify(argv)}, {
    stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: ${JSON.stringify(cwd)} })
    .then((code) => { process.exitCode = code; })`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], {
      cwd,
      uid: NOBODY,
      gid: NOBODY,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal ? reject(new Error(`the CLI was killed by ${signal} (hung?): ${stderr}`)) : resolve({ code, stdout, stderr }),
    );
  });
}

async function hostileTree(t: Parameters<typeof tempDir>[0]): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const root = await tempDir(t);
  const dir = path.join(root, 'tree');
  await fs.cp(path.join(FIXTURES, 'project'), dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'unreadable.c'), 'int x;\n');
  await fs.chmod(path.join(dir, 'unreadable.c'), 0o000);
  await fs.mkdir(path.join(dir, 'locked'));
  await fs.writeFile(path.join(dir, 'locked', 'inside.c'), 'int y;\n');
  await fs.chmod(path.join(dir, 'locked'), 0o000);
  await fs.symlink(path.join(dir, 'missing.c'), path.join(dir, 'broken.c'));
  await fs.symlink(path.join(dir, 'loop-b.c'), path.join(dir, 'loop-a.c'));
  await fs.symlink(path.join(dir, 'loop-a.c'), path.join(dir, 'loop-b.c'));
  await fs.writeFile(path.join(dir, 'binary.c'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 0x62, 0x69, 0x6e, 0x64, 0x28]));
  await new Promise<void>((resolve, reject) =>
    spawn('mkfifo', [path.join(dir, 'fifo.c')], { stdio: 'inherit' }).on('exit', (c) =>
      c === 0 ? resolve() : reject(new Error('mkfifo failed')),
    ),
  );
  await fs.symlink('/dev/zero', path.join(dir, 'zero.c'));
  const server = net.createServer().listen(path.join(dir, 'socket.c'));
  await new Promise((resolve) => server.once('listening', resolve));
  for (const d of [root, dir, path.join(dir, 'src'), path.join(dir, 'src', 'net')]) await fs.chmod(d, 0o755);
  return {
    dir,
    cleanup: async () => {
      server.close();
      await fs.chmod(path.join(dir, 'locked'), 0o755).catch(() => undefined);
    },
  };
}

test('check over a hostile tree: one notice per bad file, the rest analyzed, exit 1 for the unreadable ones', async (t) => {
  requireRoot();
  const { dir, cleanup } = await hostileTree(t);
  t.after(cleanup);
  const run = await cliAsNobody(['check'], dir);
  const notices = run.stderr.trimEnd().split('\n').sort();
  assert.deepEqual(notices, [
    'binary.c: note: not analyzed: binary content (NUL bytes), not source text',
    "broken.c: note: not analyzed: broken symbolic link (ENOENT: no such file or directory, stat '" +
      path.join(dir, 'broken.c') +
      "')",
    'fifo.c: note: not analyzed: not a regular file (a FIFO)',
    "locked: error: cannot read folder (EACCES: permission denied, scandir '" + path.join(dir, 'locked') + "')",
    "loop-a.c: note: not analyzed: broken symbolic link (ELOOP: too many symbolic links encountered, stat '" +
      path.join(dir, 'loop-a.c') +
      "')",
    "loop-b.c: note: not analyzed: broken symbolic link (ELOOP: too many symbolic links encountered, stat '" +
      path.join(dir, 'loop-b.c') +
      "')",
    'socket.c: note: not analyzed: not a regular file (a socket)',
    "unreadable.c: error: cannot read (EACCES: permission denied, open '" + path.join(dir, 'unreadable.c') + "')",
    'zero.c: note: not analyzed: not a regular file (a character device)',
  ]);
  // The project's own four files are analyzed; its one finding is reported.
  assert.match(run.stdout, /src\/server\.c:\d+:\d+: warning: .*\[missing-reuseaddr\]/);
  assert.match(run.stdout, /in 4 files \(2 more could not be (read or )?analyzed\)/);
  assert.equal(run.code, 1, 'exit 1: a warning remains and files could not be read');
});

test('only notes (links, FIFO, device, binary) do not fail the check: exit 0 when the code is clean', async (t) => {
  requireRoot();
  const { dir, cleanup } = await hostileTree(t);
  t.after(cleanup);
  await fs.rm(path.join(dir, 'src', 'server.c'));
  await fs.chmod(path.join(dir, 'locked'), 0o755);
  await fs.rm(path.join(dir, 'unreadable.c'));
  const run = await cliAsNobody(['check'], dir);
  assert.equal(run.stderr.trimEnd().split('\n').length, 7, run.stderr);
  assert.equal(run.code, 0, run.stdout + run.stderr);
});

test('a FIFO or a device named on the command line is refused at once, not read', async (t) => {
  requireRoot();
  const { dir, cleanup } = await hostileTree(t);
  t.after(cleanup);
  const run = await cliAsNobody(['check', 'fifo.c', 'zero.c'], dir);
  assert.deepEqual(run.stderr.trimEnd().split('\n'), [
    'fifo.c: error: cannot read (not a regular file (a FIFO))',
    'zero.c: error: cannot read (not a regular file (a character device))',
  ]);
  assert.equal(run.code, 1);
});

test('--fix replaces the file by a rename: mode kept, no temporary file left, the inode is new', async (t) => {
  const dir = path.join(await tempDir(t), 'project');
  await fs.cp(path.join(FIXTURES, 'project'), dir, { recursive: true });
  const server = path.join(dir, 'src', 'server.c');
  await fs.chmod(server, 0o640);
  const before = await fs.stat(server);
  const run = await runCli(['check', '--fix'], dir);
  assert.match(run.stdout, /^Fixed 1 problem in 1 file\./);
  const after = await fs.stat(server);
  assert.equal(after.mode & 0o7777, 0o640);
  assert.notEqual(after.ino, before.ino, 'written in place, not renamed over');
  assert.deepEqual((await fs.readdir(path.dirname(server))).sort(), ['client.c', 'net', 'notes.txt', 'server.c']);
});

test('a file changed on disk after it was read is not overwritten', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'server.c');
  await fs.writeFile(file, 'read by the check\n');
  await fs.writeFile(file, 'written by the user meanwhile\n');
  await assert.rejects(writeFixedFile(file, 'read by the check\n', 'fixed\n'), ChangedOnDiskError);
  assert.equal(await fs.readFile(file, 'utf8'), 'written by the user meanwhile\n');
  assert.deepEqual(await fs.readdir(dir), ['server.c'], 'no temporary file left');
});

test('--fix on a file that is not valid UTF-8 leaves its bytes alone and says why', async (t) => {
  const dir = path.join(await tempDir(t), 'project');
  await fs.cp(path.join(FIXTURES, 'project'), dir, { recursive: true });
  const server = path.join(dir, 'src', 'server.c');
  const bytes = Buffer.concat([Buffer.from('/* caf\xe9 in Latin-1 */\n', 'latin1'), await fs.readFile(server)]);
  await fs.writeFile(server, bytes);
  const run = await runCli(['check', '--fix', 'src/server.c'], dir);
  assert.ok((await fs.readFile(server)).equals(bytes), 'the file was rewritten');
  assert.match(run.stderr, /server\.c: error: cannot apply fixes \(not valid UTF-8; fixes not written/);
  assert.equal(run.code, 1);
});

test('--fix in a folder the user cannot write: the original is untouched and the error is said', async (t) => {
  requireRoot();
  const root = await tempDir(t);
  const dir = path.join(root, 'project');
  await fs.cp(path.join(FIXTURES, 'project'), dir, { recursive: true });
  for (const d of [root, dir]) await fs.chmod(d, 0o755);
  const src = path.join(dir, 'src');
  const server = path.join(src, 'server.c');
  const before = await fs.readFile(server);
  await fs.chmod(server, 0o666); // writable file in a folder that is not: an in-place write would succeed
  await fs.chmod(src, 0o555);
  t.after(() => fs.chmod(src, 0o755).catch(() => undefined));
  const run = await cliAsNobody(['check', '--fix', 'src/server.c'], dir);
  assert.ok((await fs.readFile(server)).equals(before));
  assert.match(
    run.stderr,
    /server\.c: error: cannot apply fixes \(EACCES: permission denied, open '.*\.server\.c\.[0-9a-f]+\.tmp'\)/,
  );
  assert.equal(run.code, 1);
});
