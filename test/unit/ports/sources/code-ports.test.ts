import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParserService } from '../../../../src/analysis/parser';
import { codePorts, mayBindPort } from '../../../../src/ports/sources/code-ports';
import { columnOf, fixture, rows } from './fixture';

describe('ports in code (tree-sitter)', () => {
  let parser: ParserService;
  before(async () => {
    parser = await ParserService.create();
  });
  after(() => parser.dispose());

  test('C: htons(PORT) through #define, htons of a cast literal; htons(0) is not a port', async () => {
    const { file, text } = fixture('c/server.c');
    const found = await codePorts(parser, 'c', file, text);
    assert.deepEqual(rows(found), [`8080@11:${columnOf(text, 11, 'htons')}/tcp`, `45000@16:${columnOf(text, 16, 'htons')}/tcp`]);
    assert.equal(found[0].source.kind, 'code');
    assert.equal(found[0].source.text, 'addr.sin_port = htons(PORT);');
  });

  test('C: a client that only connects binds no port', async () => {
    const { file, text } = fixture('c/client.c');
    assert.equal(mayBindPort('c', text), false);
    assert.deepEqual(await codePorts(parser, 'c', file, text), []);
  });

  test('C++: getaddrinfo service string through #define, UDP from SOCK_DGRAM', async () => {
    const { file, text } = fixture('c/gai_server.cpp');
    assert.deepEqual(rows(await codePorts(parser, 'cpp', file, text)), [`9034@9:${columnOf(text, 9, 'getaddrinfo')}/udp`]);
  });

  test('JS: listen(process.env.PORT || 3000), dgram bind(5353); Function.prototype.bind is not a port', async () => {
    const { file, text } = fixture('web/server.js');
    assert.deepEqual(rows(await codePorts(parser, 'javascript', file, text)), ['3000@4:0/tcp', '5353@7:0/udp']);
  });

  test('TS: const PORT = Number(env) || 8081, listen({ port: N as number }), destructuring defaults, Bun.serve({ port: "N" })', async () => {
    const { file, text } = fixture('api/index.ts');
    assert.deepEqual(rows(await codePorts(parser, 'typescript', file, text)), [
      '8081@6:0/tcp',
      '4000@8:0/tcp',
      '9100@9:0/tcp',
      '4100@10:0/tcp',
    ]);
  });

  test('more JS shapes', async () => {
    const cases: [string, string[]][] = [
      ['const port = 5000;\nserver.listen(port, () => {});', ['5000@1:0/tcp']],
      ['Deno.serve({ port: 8000 }, h);', ['8000@0:0/tcp']],
      ["const port = 4321; Deno.listen({ port, hostname: '0.0.0.0' });", ['4321@0:19/tcp']],
      ['app.listen(+process.env.PORT ?? 3001);', ['3001@0:0/tcp']],
      ['app.listen(`3002`);', ['3002@0:0/tcp']],
      ['app.listen(`${p}`);\nsock.bind(0);\nserver.listen(path);\nf.bind(null, 3000);', []],
      ['function start(port = 6543) { app.listen(port); }', ['6543@0:30/tcp']],
    ];
    for (const [text, expected] of cases) {
      assert.deepEqual(rows(await codePorts(parser, 'typescript', '/w/x.ts', text)), expected, text);
    }
  });
});

test('JavaScript parameter defaults too', async () => {
  const parser = await ParserService.create();
  assert.deepEqual(rows(await codePorts(parser, 'javascript', '/w/x.js', 'function start(port = 6544) { app.listen(port); }')), [
    '6544@0:30/tcp',
  ]);
});

test('C: a client that binds its source port then connects: the bound port counts, the remote one does not', async () => {
  const parser = await ParserService.create();
  const text = [
    'int main(void) {',
    '  int fd = socket(AF_INET, SOCK_STREAM, 0);',
    '  struct sockaddr_in local, remote;',
    '  local.sin_port = htons(40000);',
    '  bind(fd, (struct sockaddr *)&local, sizeof local);',
    '  remote.sin_port = htons(80);',
    '  connect(fd, (struct sockaddr *)&remote, sizeof remote);',
    '  struct sockaddr_in6 srv = { .sin6_family = AF_INET6, .sin6_port = htons(40001) };',
    '  ::bind(fd, (struct sockaddr *)&srv, sizeof srv);',
    '  s->addr.sin_port = htons(40002);',
    '  bind(s->fd, (struct sockaddr *)&s->addr, sizeof s->addr);',
    '  uint16_t p = htons(40003);',
    '}',
  ].join('\n');
  // 40003: the code does not say which struct the value goes to, so the port is kept.
  assert.deepEqual(rows(await codePorts(parser, 'cpp', '/w/client.cpp', text)), [
    `40000@3:${columnOf(text, 3, 'htons')}/tcp`,
    `40001@7:${columnOf(text, 7, 'htons')}/tcp`,
    `40002@9:${columnOf(text, 9, 'htons')}/tcp`,
    `40003@11:${columnOf(text, 11, 'htons')}/tcp`,
  ]);
});
