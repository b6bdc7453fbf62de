// Which of several files naming a port is running, read from real processes' /proc/PID/cmdline
// and cwd: a node script, a Python module, a compiled C program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProcFs } from '../../../src/ports/readers/procfs';
import { type RunningProcess, runningFirst, runningSource } from '../../../src/ports/running-source';
import { killAndWait, startProcess } from '../../shared/children';
import { gcc } from '../../shared/gcc';

/** Each program prints a line when it runs and exits when its stdin closes (with this test). */
const NODE_SERVER = "console.log('ready'); process.stdin.on('end', () => process.exit(0)); process.stdin.resume();\n";
const PYTHON_APP = "import sys\nprint('ready', flush=True)\nsys.stdin.read()\n";
const C_PROGRAM =
  '#include <stdio.h>\n#include <unistd.h>\nint main(void) { char b; puts("ready"); fflush(stdout); while (read(0, &b, 1) > 0) {} return 0; }\n';

function tree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'running-source-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** Runs `file args` in `cwd` and returns what /proc says of it, as the port reader sees a holder. */
async function running(file: string, args: string[], cwd: string, t: { after: (fn: () => Promise<void>) => void }) {
  const { child } = await startProcess(file, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  t.after(() => killAndWait(child));
  const info = await new ProcFs().process(child.pid!);
  assert.ok(info, `/proc/${child.pid} is unreadable`);
  return info;
}

const sources = (root: string, ...rels: string[]) => rels.map((rel) => ({ file: path.join(root, rel), line: 0 }));

test('`node server.js` run in b/ is b/server.js, whichever file is listed first', async (t) => {
  const root = tree({ 'a/server.js': NODE_SERVER, 'b/server.js': NODE_SERVER });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const holder = await running(process.execPath, ['server.js'], path.join(root, 'b'), t);
  assert.deepEqual(holder.argv.slice(1), ['server.js']);
  assert.equal(runningSource(sources(root, 'a/server.js', 'b/server.js'), [holder])?.file, path.join(root, 'b/server.js'));
  assert.equal(runningSource(sources(root, 'b/server.js', 'a/server.js'), [holder])?.file, path.join(root, 'b/server.js'));
  assert.deepEqual(
    runningFirst(sources(root, 'a/server.js', 'b/server.js'), [holder]).map((s) => path.relative(root, s.file)),
    ['b/server.js', 'a/server.js'],
  );
});

test('an absolute script path wins over the working directory', async (t) => {
  const root = tree({ 'a/server.js': NODE_SERVER, 'b/server.js': NODE_SERVER });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const holder = await running(process.execPath, [path.join(root, 'a/server.js')], path.join(root, 'b'), t);
  assert.equal(runningSource(sources(root, 'b/server.js', 'a/server.js'), [holder])?.file, path.join(root, 'a/server.js'));
});

test('`python3 -m pkg.app` run in y/ is y/pkg/app.py', async (t) => {
  const root = tree({ 'x/pkg/app.py': PYTHON_APP, 'y/pkg/__init__.py': '', 'y/pkg/app.py': PYTHON_APP });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const holder = await running('python3', ['-m', 'pkg.app'], path.join(root, 'y'), t).catch((error: Error) => {
    throw new Error(`python3 is needed for this test: \`apt-get install python3\` (${error.message})`);
  });
  assert.equal(runningSource(sources(root, 'x/pkg/app.py', 'y/pkg/app.py'), [holder])?.file, path.join(root, 'y/pkg/app.py'));
});

test('a compiled program is the C file whose name it has', async (t) => {
  const root = tree({ 'seed-listing.c': C_PROGRAM, 'seed-server.c': C_PROGRAM });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  await gcc(['-o', path.join(root, 'seed-server'), path.join(root, 'seed-server.c')], 'to build the program this test runs');
  const holder = await running('./seed-server', [], root, t);
  assert.equal(runningSource(sources(root, 'seed-listing.c', 'seed-server.c'), [holder])?.file, path.join(root, 'seed-server.c'));
});

test('a process that runs none of the files gives no answer, and the order stays', async (t) => {
  const root = tree({ 'a/server.js': NODE_SERVER, 'b/server.js': NODE_SERVER, 'elsewhere/other.js': NODE_SERVER });
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const holder = await running(process.execPath, ['other.js'], path.join(root, 'elsewhere'), t);
  const listed = sources(root, 'a/server.js', 'b/server.js');
  assert.equal(runningSource(listed, [holder]), undefined);
  assert.equal(runningFirst(listed, [holder]), listed);
  assert.equal(runningSource(listed, []), undefined);
});

test('without argv or cwd (other platforms), the command line alone still decides what it can', () => {
  const root = '/srv/app';
  const uvicorn: RunningProcess = {
    command: '/usr/bin/python3 /usr/local/bin/uvicorn api.main:app --port 8000',
    cwd: '/srv/app/b',
  };
  assert.equal(runningSource(sources(root, 'a/api/main.py', 'b/api/main.py'), [uvicorn])?.file, '/srv/app/b/api/main.py');
  // `node dist/server.js`, built from src/server.ts, beside another folder's index.ts.
  const built: RunningProcess = { command: 'node dist/server.js', cwd: '/srv/app/api' };
  assert.equal(runningSource(sources(root, 'web/index.ts', 'api/src/server.ts'), [built])?.file, '/srv/app/api/src/server.ts');
  // `npm start` in one folder: the file in that folder.
  const npm: RunningProcess = { command: 'npm start', cwd: '/srv/app/web' };
  assert.equal(runningSource(sources(root, 'api/server.js', 'web/server.js'), [npm])?.file, '/srv/app/web/server.js');
  // A user-level setting has no file to open.
  assert.equal(runningSource([{ file: '' }], [npm]), undefined);
});
