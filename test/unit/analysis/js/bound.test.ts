// boundPorts / boundSocketPaths: the port or path each listen and dgram bind uses, through the
// model's evaluator (what port discovery lists).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { boundPorts, boundSocketPaths } from '../../../../src/analysis/js/bound';
import { EMPTY_CONTEXT } from '../../../../src/analysis/context';
import { buildModel } from '../../../../src/analysis/js/model';
import { type GrammarId, ParserService } from '../../../../src/analysis/parser';

describe('JS bound ports and paths', () => {
  let parser: ParserService;
  before(async () => {
    parser = await ParserService.create();
  });
  after(() => parser.dispose());

  async function model(text: string, grammar: GrammarId = 'javascript') {
    const file = { path: grammar === 'javascript' ? '/w/b.js' : '/w/b.ts', text };
    return buildModel(file, await parser.parse(grammar, text), EMPTY_CONTEXT);
  }

  async function ports(text: string, grammar: GrammarId = 'javascript'): Promise<string[]> {
    return boundPorts(await model(text, grammar)).map((p) => `${p.port}/${p.protocol}@${p.at.startPosition.row}`);
  }

  const NET = "const net = require('net');\nconst dgram = require('dgram');\n";

  test('process.env.PORT || N, ?? N, Number(), listen({ port }), a const object of options', async () => {
    assert.deepEqual(
      await ports(
        NET +
          'net.createServer().listen(process.env.PORT || 7100);\n' +
          'net.createServer().listen(Number(process.env.P) ?? 7101);\n' +
          "net.createServer().listen({ port: '7102', host: '127.0.0.1' });\n" +
          'const opts = { port: 7103 };\nnet.createServer().listen(opts);\n',
      ),
      ['7100/tcp@2', '7101/tcp@3', '7102/tcp@4', '7103/tcp@6'],
    );
  });

  test('destructuring and parameter defaults, in scope: a same-named local elsewhere is not followed', async () => {
    const text =
      NET +
      'const { PORT = 7110 } = process.env;\n' +
      'net.createServer().listen(PORT);\n' +
      'function start(port = 7111) { net.createServer().listen(port); }\n' +
      'function other() { const port = 9999; return port; }\n';
    assert.deepEqual(await ports(text), ['7110/tcp@3', '7111/tcp@4']);
    assert.deepEqual(await ports('function start(port: number = 7112) { app.listen(port); }', 'typescript'), ['7112/tcp@0']);
  });

  test('dgram bind of a number or { port }, Deno.listenDatagram, Deno.serve; a shadowed Deno is not the runtime', async () => {
    const text =
      NET +
      "const s = dgram.createSocket('udp4');\ns.bind({ port: 7120 });\n" +
      "Deno.listenDatagram({ port: 7121, transport: 'udp' });\n" +
      'Deno.serve({ port: 7122 }, () => new Response());\n' +
      'function f(Deno) { Deno.serve({ port: 7123 }); }\n' +
      'greet.bind(null, 7124);\n';
    assert.deepEqual(await ports(text), ['7120/udp@3', '7121/udp@4', '7122/tcp@5']);
  });

  test('socket paths: literal, const, never-reassigned let; a reassigned let, an abstract name and a pipe are none', async () => {
    const text =
      NET +
      "net.createServer().listen('/tmp/aiu-b1.sock');\n" +
      "const A = '/tmp/aiu-b2.sock';\nnet.createServer().listen({ path: A });\n" +
      "let b = '/tmp/aiu-b3.sock';\nnet.createServer().listen(b);\n" +
      "let c = '/tmp/aiu-b4.sock';\nc = process.argv[2];\nnet.createServer().listen(c);\n" +
      "net.createServer().listen('\\0aiu-abstract');\n" +
      "net.createServer().listen('\\\\\\\\.\\\\pipe\\\\aiu');\n";
    assert.deepEqual(
      boundSocketPaths(await model(text)).map((p) => `${p.path}@${p.at.startPosition.row}`),
      ['/tmp/aiu-b1.sock@2', '/tmp/aiu-b2.sock@4', '/tmp/aiu-b3.sock@6'],
    );
  });
});
