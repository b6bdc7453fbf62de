import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ParserService } from '../../../../src/analysis/parser';
import {
  DiscoveryCache,
  discoverWorkspace,
  discoverWorkspacePorts,
  discoverWorkspaceUnixSockets,
} from '../../../../src/ports/discovery';
import { socketFilePath, unixSocketPaths } from '../../../../src/ports/sources/unix-socket-paths';
import { fixturePath } from '../../../shared/repo-paths';

const FIXTURES = fixturePath('ports', 'discovery', 'unix-sockets');
const ROOT = '/w';

function fixture(name: string): { file: string; text: string } {
  const file = path.join(FIXTURES, name);
  if (!fs.existsSync(file)) throw new Error(`fixture missing: ${file}`);
  return { file, text: fs.readFileSync(file, 'utf8') };
}

/** `path@line` rows (0-based lines) for exact comparisons. */
function rows(found: readonly { path: string; source: { line: number } }[]): string[] {
  return found.map((f) => `${f.path}@${f.source.line}`);
}

describe('unix socket paths in code (tree-sitter)', () => {
  let parser: ParserService;
  before(async () => {
    parser = await ParserService.create();
  });
  after(() => parser.dispose());

  test('JS: listen(CONST), listen(literal), listen({ path }), a relative path resolved against the workspace folder', async () => {
    const { file, text } = fixture('server.js');
    const found = await unixSocketPaths(parser, 'javascript', file, text, ROOT);
    assert.deepEqual(rows(found), [
      '/tmp/aiu-fixture-const.sock@6',
      '/tmp/aiu-fixture-literal.sock@7',
      '/run/aiu-fixture/app.sock@8',
      '/w/run/relative.sock@9',
    ]);
    assert.equal(found[0].source.kind, 'code');
    assert.equal(found[0].source.file, file);
    assert.equal(found[0].source.column, 0);
    assert.equal(found[0].source.text, 'net.createServer().listen(SOCK);');
  });

  test('JS: abstract names, Windows pipes, ports and computed paths are not socket files', async () => {
    const { file, text } = fixture('not-files.js');
    assert.deepEqual(await unixSocketPaths(parser, 'javascript', file, text, ROOT), []);
  });

  test('TS: listen({ path }) with a const asserted string', async () => {
    const { file, text } = fixture('server.ts');
    assert.deepEqual(rows(await unixSocketPaths(parser, 'typescript', file, text, ROOT)), ['/tmp/aiu-fixture-ts.sock@3']);
  });

  test('C: strncpy through #define, strcpy of a literal, snprintf("%s", literal) into sun_path', async () => {
    const { file, text } = fixture('server.c');
    assert.deepEqual(rows(await unixSocketPaths(parser, 'c', file, text, ROOT)), [
      '/tmp/aiu-fixture-define.sock@13',
      '/var/run/aiu-fixture-literal.sock@21',
      '/tmp/aiu-fixture-snprintf.sock@22',
    ]);
  });

  test('C: the abstract namespace (sun_path + 1, "\\0name") and formatted names are skipped; a port is no path', async () => {
    const { file, text } = fixture('abstract.c');
    assert.deepEqual(await unixSocketPaths(parser, 'c', file, text, ROOT), []);
    assert.deepEqual(await unixSocketPaths(parser, 'cpp', file, text, ROOT), []);
  });

  test('Python: AF_UNIX binds of a constant and a relative literal, a UnixStreamServer; not the abstract name nor a TCP bind', async () => {
    const { file, text } = fixture('server.py');
    assert.deepEqual(rows(await unixSocketPaths(parser, 'python', file, text, ROOT)), [
      '/tmp/aiu-py.sock@6',
      '/w/run/relative-py.sock@8',
      '/run/aiu/py.sock@13',
    ]);
  });

  test('socketFilePath: what counts as a file', () => {
    assert.equal(socketFilePath('/tmp/a/../x.sock', ROOT), '/tmp/x.sock');
    assert.equal(socketFilePath('x.sock', ROOT), '/w/x.sock');
    for (const name of ['', '8080', '\0abs', '@abs', '\\\\.\\pipe\\x', '\\\\?\\pipe\\x', 'C:\\x.sock'])
      assert.equal(socketFilePath(name, ROOT), undefined, JSON.stringify(name));
  });
});

describe('discovery of the workspace unix sockets', () => {
  test('one walk finds ports and socket paths; the port API is unchanged; the cache keeps both', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-discovery-sockets-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'a.js'),
        "require('net').createServer().listen('/tmp/aiu-a.sock');\nrequire('net').createServer().listen(5301);\n",
      );
      fs.writeFileSync(path.join(dir, 'b.js'), "const S = './b.sock';\nrequire('net').createServer().listen(S);\n");
      const cache = new DiscoveryCache();
      const all = await discoverWorkspace(dir, { cache });
      assert.deepEqual(
        all.ports.map((p) => p.port),
        [5301],
      );
      assert.deepEqual(
        all.unixSockets.map((s) => [s.path, s.sources.map((src) => `${path.basename(src.file)}:${src.line}`)]),
        [
          ['/tmp/aiu-a.sock', ['a.js:0']],
          [path.join(dir, 'b.sock'), ['b.js:1']],
        ],
      );
      assert.deepEqual(await discoverWorkspaceUnixSockets(dir, { cache }), all.unixSockets);
      assert.deepEqual(await discoverWorkspacePorts(dir, { cache }), all.ports);
      fs.rmSync(path.join(dir, 'a.js'));
      assert.deepEqual(
        (await discoverWorkspaceUnixSockets(dir, { cache })).map((s) => path.basename(s.path)),
        ['b.sock'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
