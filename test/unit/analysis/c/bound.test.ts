// boundPorts / boundSocketPaths: the port and path each bind uses, through the model's evaluator
// (what port discovery lists).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { boundPorts, boundSocketPaths } from '../../../../src/analysis/c/bound';
import { CModel } from '../../../../src/analysis/c/model';
import { EMPTY_CONTEXT } from '../../../../src/analysis/context';
import { ParserService } from '../../../../src/analysis/parser';

describe('C bound ports and paths', () => {
  let parser: ParserService;
  before(async () => {
    parser = await ParserService.create();
  });
  after(() => parser.dispose());

  async function model(text: string): Promise<CModel> {
    return new CModel({ path: '/w/bound.c', text }, await parser.parse('c', text), EMPTY_CONTEXT);
  }

  /** `port/protocol@line` rows (0-based lines). */
  async function ports(lines: string[]): Promise<string[]> {
    return boundPorts(await model(lines.join('\n'))).map((p) => `${p.port}/${p.protocol ?? '-'}@${p.at.startPosition.row}`);
  }

  const server = (store: string, type = 'SOCK_STREAM') => [
    'int serve(void) {',
    `  int fd = socket(AF_INET, ${type}, 0);`,
    '  struct sockaddr_in addr;',
    '  memset(&addr, 0, sizeof addr);',
    store,
    '  return bind(fd, (struct sockaddr *)&addr, sizeof addr);',
    '}',
  ];

  test('the port a bind uses through #define chains, enums, hex, const and local literals', async () => {
    assert.deepEqual(await ports(['#define BASE 7000', '#define PORT BASE', ...server('  addr.sin_port = htons(PORT);')]), [
      '7000/tcp@6',
    ]);
    assert.deepEqual(await ports(['enum { ADMIN = 7001 };', ...server('  addr.sin_port = htons(ADMIN);', 'SOCK_DGRAM')]), [
      '7001/udp@5',
    ]);
    assert.deepEqual(await ports(server('  addr.sin_port = htons(0x1B5B);')), ['7003/tcp@4']);
    assert.deepEqual(await ports(['static const int P = 7004;', ...server('  addr.sin_port = htons(P);')]), ['7004/tcp@5']);
    assert.deepEqual(await ports(server('  int p = 7005; addr.sin_port = htons(p);')), ['7005/tcp@4']);
  });

  test('a #define per build gives every alternative', async () => {
    const lines = [
      '#ifdef TEST',
      '#define PORT 7010',
      '#else',
      '#define PORT 7011',
      '#endif',
      ...server('  addr.sin_port = htons(PORT);'),
    ];
    assert.deepEqual(await ports(lines), ['7010/tcp@9', '7011/tcp@9']);
  });

  test('no port: zeroed and never given one, a stored 0, a port only a client connects to', async () => {
    assert.deepEqual(await ports(server('  addr.sin_family = AF_INET;')), []);
    assert.deepEqual(await ports(server('  addr.sin_port = htons(0);')), []);
    const client = [
      'int dial(void) {',
      '  int fd = socket(AF_INET, SOCK_STREAM, 0);',
      '  struct sockaddr_in local = {0}, remote = {0};',
      '  bind(fd, (struct sockaddr *)&local, sizeof local);',
      '  remote.sin_port = htons(80);',
      '  return connect(fd, (struct sockaddr *)&remote, sizeof remote);',
      '}',
    ];
    assert.deepEqual(await ports(client), []);
  });

  test("getaddrinfo's service counts for the bind of its result, not for a client's connect", async () => {
    const gai = (call: string, service: string) => [
      'static const char SERVICE[] = "7020";',
      'int f(void) {',
      '  struct addrinfo hints = {0}, *res;',
      `  getaddrinfo(NULL, ${service}, &hints, &res);`,
      '  int fd = socket(res->ai_family, SOCK_STREAM, 0);',
      `  return ${call}(fd, res->ai_addr, res->ai_addrlen);`,
      '}',
      'void other(void) { struct sockaddr_un u; bind(3, (struct sockaddr *)&u, sizeof u); }',
    ];
    assert.deepEqual(await ports(gai('bind', 'SERVICE')), ['7020/tcp@3']);
    assert.deepEqual(await ports(gai('bind', '"7021"')), ['7021/tcp@3']);
    assert.deepEqual(await ports(gai('connect', '"7022"')), []);
  });

  test("an xbind() wrapper of bind binds its caller's port", async () => {
    const text = [
      'static void xbind(int fd, const struct sockaddr *sa, socklen_t len) { if (bind(fd, sa, len)) exit(1); }',
      ...server('  addr.sin_port = htons(7030);').map((l) => l.replace('return bind(', 'xbind(')),
    ];
    assert.deepEqual(await ports(text), ['7030/tcp@5']);
  });

  test('socket paths: the copies into the bound sun_path; abstract and formatted names are none', async () => {
    const text = [
      '#define P "/tmp/aiu-bound.sock"',
      'int f(int abstract) {',
      '  struct sockaddr_un a, b;',
      '  int fd = socket(AF_UNIX, SOCK_STREAM, 0);',
      '  if (abstract) strcpy(a.sun_path, "/tmp/aiu-bound-a.sock"); else sprintf(a.sun_path, "%s", P);',
      '  bind(fd, (struct sockaddr *)&a, sizeof a);',
      '  b.sun_path[0] = 0; strcpy(b.sun_path + 1, "x"); strcpy(b.sun_path, "/tmp/not-a-file");',
      '  bind(fd, (struct sockaddr *)&b, sizeof b);',
      '  snprintf(a.sun_path, sizeof a.sun_path, "/tmp/aiu-%d.sock", 7);',
      '  return bind(fd, (struct sockaddr *)&a, sizeof a);',
      '}',
    ].join('\n');
    assert.deepEqual(
      boundSocketPaths(await model(text)).map((p) => `${p.path}@${p.at.startPosition.row}`),
      ['/tmp/aiu-bound-a.sock@4', '/tmp/aiu-bound.sock@4'],
    );
  });
});
