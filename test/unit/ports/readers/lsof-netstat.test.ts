// macOS and Windows readers on captured output (lsof, ps, netstat, tasklist cannot run here).
// The fake execFile answers from fixtures and records the argument arrays it was given.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'fs';
import { createPortReader } from '../../../../src/ports';
import { parseLsofFields, parsePsLine } from '../../../../src/ports/readers/lsof';
import { DARWIN_TIME_WAIT_SECONDS, parseDarwinNetstatTimeWait } from '../../../../src/ports/readers/netstat-darwin';
import { parseNetstat, parseTasklistCsv, WINDOWS_TIME_WAIT_SECONDS } from '../../../../src/ports/readers/netstat';
import { portFixture } from '../helpers';

const fixture = (...p: string[]) => readFileSync(portFixture(...p), 'latin1');

function fakeExec(answers: Record<string, string>) {
  const calls: { file: string; args: readonly string[] }[] = [];
  const exec = async (file: string, args: readonly string[]) => {
    calls.push({ file, args });
    const answer = answers[file];
    if (answer === undefined) {
      throw new Error(`unexpected program ${file}`);
    }
    return answer;
  };
  return { exec, calls };
}

describe('macOS: lsof -F and ps', () => {
  const lsofText = fixture('lsof', 'ports-3000-5353-7000.txt');

  test('field output: process sets, file sets, addresses, states', () => {
    const procs = parseLsofFields(lsofText);
    assert.deepEqual(
      procs.map((p) => [p.pid, p.command, p.uid, p.user, p.sockets.length]),
      [
        [412, 'ControlCe', 501, 'alice', 2],
        [8123, 'node', 501, 'alice', 4],
        [8124, 'node', 501, 'alice', 1],
        [9001, 'curl', 501, 'alice', 1],
        [388, 'mDNSResponder', 65, '_mdnsresponder', 2],
      ],
    );
    const node = procs[1].sockets;
    assert.deepEqual(
      node.map((s) => [s.family, s.address, s.port, s.state, s.remotePort]),
      [
        [6, '::1', 3000, 'LISTEN', 0],
        [4, '127.0.0.1', 3000, 'LISTEN', 0],
        [4, '127.0.0.1', 3000, 'ESTABLISHED', 52044],
        [4, '127.0.0.1', 3000, 'CLOSE_WAIT', 52051],
      ],
    );
    assert.deepEqual(
      procs[0].sockets.map((s) => s.address),
      ['0.0.0.0', '::'],
      "* is the family's any-address",
    );
    assert.deepEqual(
      procs[4].sockets.map((s) => [s.protocol, s.state]),
      [
        ['udp', 'UDP_BOUND'],
        ['udp', 'UDP_BOUND'],
      ],
    );
  });

  test('ps lines: pid, uid, user, local start time, full command', () => {
    const p = parsePsLine(
      ' 8123   501 alice            Thu Nov 26 04:36:47 2026     node /Users/alice/app/server.js --port 3000',
    );
    assert.deepEqual(p, {
      pid: 8123,
      uid: 501,
      user: 'alice',
      startTime: new Date(2026, 10, 26, 4, 36, 47).getTime(),
      command: 'node /Users/alice/app/server.js --port 3000',
    });
    assert.equal(parsePsLine('garbage'), undefined);
  });

  test('reader: scoped lsof, no shell, forked holders merged, UDP for a bare number', async () => {
    const { exec, calls } = fakeExec({ lsof: lsofText, ps: fixture('lsof', 'ps.txt') });
    const reader = createPortReader('darwin', { execFile: exec, selfPid: 1 });
    const [r3000, r5353, r7000] = await reader.lookup([3000, 5353, { port: 7000, protocol: 'tcp' }]);
    // Scoped to the wanted ports; a bare number is looked up as TCP and UDP, 7000/tcp as TCP only.
    assert.deepEqual(calls[0], {
      file: 'lsof',
      args: ['-nP', '-F', 'pcuLftPTn', '-iTCP:3000', '-iTCP:5353', '-iTCP:7000', '-iUDP:3000', '-iUDP:5353'],
    });
    assert.equal(calls[1].file, 'ps');
    assert.equal(calls[1].args[calls[1].args.length - 1], '412,8123,8124,9001,388');

    assert.equal(r3000.status, 'listening');
    assert.deepEqual(r3000.addresses, ['127.0.0.1', '::1']);
    assert.deepEqual(
      r3000.holders.map((h) => [h.pid, h.addresses]),
      [
        [8123, ['127.0.0.1', '::1']],
        [8124, ['::1']],
      ],
    );
    assert.equal(r3000.holders[0].command, 'node /Users/alice/app/server.js --port 3000');
    assert.equal(r3000.holders[0].startTime, new Date(2026, 10, 26, 4, 36, 47).getTime());
    assert.equal(r3000.established, 1, "curl's end has local port 52044");
    assert.equal(r3000.closeWait, 1);

    assert.equal(r5353.protocol, 'udp');
    assert.equal(r5353.status, 'bound');
    assert.deepEqual(
      r5353.holders.map((h) => [h.pid, h.user, h.name]),
      [[388, '_mdnsresponder', 'mDNSResponder']],
    );

    assert.equal(r7000.holders[0].command.endsWith('/ControlCenter'), true);
  });

  test('lsof finding nothing (exit 1, empty output) reads as free', async () => {
    const { exec, calls } = fakeExec({ lsof: '' });
    const [r] = await createPortReader('darwin', { execFile: exec }).lookup([4321]);
    assert.equal(r.status, 'free');
    assert.deepEqual(
      calls.map((c) => c.file),
      ['lsof', 'netstat'],
      'no ps call without pids; netstat for TIME_WAIT where nobody listens',
    );
  });
});

describe('macOS: TIME_WAIT from netstat -anv -p tcp', () => {
  test('rows in the macOS 12+ and 11 layouts: TIME_WAIT only, by local port, no pids', () => {
    const rows = parseDarwinNetstatTimeWait(fixture('netstat-darwin', 'netstat-anv-p-tcp.txt'));
    assert.deepEqual(
      rows.map((r) => `${r.address}.${r.port} ${r.remoteAddress}.${r.remotePort} ${r.family} ${r.pids?.length}`),
      [
        '127.0.0.1.45000 127.0.0.1.52101 4 0',
        '127.0.0.1.45000 127.0.0.1.52102 4 0',
        '127.0.0.1.52103 127.0.0.1.45000 4 0',
        '::1.5173 ::1.58090 6 0',
      ],
    );
    const old = parseDarwinNetstatTimeWait(fixture('netstat-darwin', 'netstat-anv-p-tcp.old.txt'));
    assert.deepEqual(
      old.map((r) => `${r.address}.${r.port}`),
      ['127.0.0.1.45000'],
    );
  });

  test('reader: a port with only TIME_WAIT is time-wait (estimated 2 x MSL), its last owner is no holder', async () => {
    const { exec, calls } = fakeExec({ lsof: '', netstat: fixture('netstat-darwin', 'netstat-anv-p-tcp.txt') });
    const [r45000, r5173, r52000] = await createPortReader('darwin', { execFile: exec }).lookup([45000, 5173, 52000]);
    assert.deepEqual(calls[1], { file: 'netstat', args: ['-anv', '-p', 'tcp'] });
    assert.equal(r45000.status, 'time-wait');
    assert.deepEqual(r45000.timeWait, { count: 2, remainingSeconds: DARWIN_TIME_WAIT_SECONDS, estimated: true });
    assert.deepEqual(r45000.holders, []);
    assert.equal(r5173.status, 'time-wait');
    assert.equal(r52000.status, 'free');
  });

  test('reader: netstat is not asked when every TCP port has a listener', async () => {
    const { exec, calls } = fakeExec({ lsof: fixture('lsof', 'ports-3000-5353-7000.txt'), ps: fixture('lsof', 'ps.txt') });
    await createPortReader('darwin', { execFile: exec, selfPid: 1 }).lookup([{ port: 3000, protocol: 'tcp' }]);
    assert.deepEqual(
      calls.map((c) => c.file),
      ['lsof', 'ps'],
    );
  });
});

describe('Windows: netstat -ano and tasklist, parsed by column position', () => {
  for (const lang of ['en', 'de']) {
    test(`netstat rows (${lang}): states inferred without reading the localised words`, () => {
      const rows = parseNetstat(fixture('netstat', `netstat-ano.${lang}.txt`));
      assert.equal(rows.length, 15);
      const state = (port: number) =>
        rows.filter((r) => r.port === port).map((r) => `${r.address} ${r.state} ${r.pids?.join(',')}`);
      assert.deepEqual(state(3000), [
        '0.0.0.0 LISTEN 14820',
        '127.0.0.1 ESTABLISHED 14820',
        '127.0.0.1 CLOSE_WAIT 14820',
        ':: LISTEN 14820',
      ]);
      assert.deepEqual(state(5173), ['127.0.0.1 TIME_WAIT ', '127.0.0.1 TIME_WAIT ']);
      assert.deepEqual(state(5353), ['0.0.0.0 UDP_BOUND 2460', ':: UDP_BOUND 2460']);
      assert.deepEqual(state(1900), ['fe80::1c2d:3e4f:5a6b:7c8d%12 UDP_BOUND 3320']);
    });

    test(`reader (${lang}): holders named from tasklist, kinds, estimated TIME_WAIT`, async () => {
      const { exec, calls } = fakeExec({
        netstat: fixture('netstat', `netstat-ano.${lang}.txt`),
        tasklist: fixture('netstat', `tasklist.${lang}.csv`),
      });
      const reader = createPortReader('win32', { execFile: exec, selfPid: 99999 });
      const [r3000, r5173, r445, r8000, r8080, r5353] = await reader.lookup([3000, 5173, 445, 8000, 8080, 5353]);
      assert.deepEqual(
        calls.map((c) => [c.file, ...c.args]),
        [
          ['netstat', '-ano'],
          ['tasklist', '/FO', 'CSV', '/NH'],
        ],
      );
      assert.equal(r3000.status, 'listening');
      assert.deepEqual(r3000.addresses, ['0.0.0.0', '::']);
      assert.deepEqual(
        r3000.holders.map((h) => [h.pid, h.name, h.user, h.uid]),
        [[14820, 'node.exe', '', -1]],
      );
      assert.equal(r3000.established, 1);
      assert.equal(r3000.closeWait, 1);
      assert.equal(r5173.status, 'time-wait');
      assert.deepEqual(r5173.timeWait, {
        count: 2,
        remainingSeconds: WINDOWS_TIME_WAIT_SECONDS,
        estimated: true,
        bindsAcross: true,
      });
      assert.deepEqual(r5173.holders, [], 'pid 0 of a TIME_WAIT row is no holder');
      assert.deepEqual(
        r445.holders.map((h) => [h.pid, h.kind]),
        [[4, 'system']],
      );
      assert.deepEqual(
        r8000.holders.map((h) => h.kind),
        ['wslrelay'],
      );
      assert.deepEqual(
        r8080.holders.map((h) => h.kind),
        ['docker-proxy'],
      );
      assert.equal(r5353.protocol, 'udp');
      assert.equal(r5353.status, 'bound');
    });
  }

  test('tasklist CSV with localised memory figures and quotes', () => {
    const rows = parseTasklistCsv(fixture('netstat', 'tasklist.de.csv'));
    assert.equal(rows.length, 9);
    assert.deepEqual(rows[1], { name: 'System', pid: 4 });
    assert.deepEqual(parseTasklistCsv('"a ""quoted"" name.exe","12","Console","1","1.024 K"'), [
      { name: 'a "quoted" name.exe', pid: 12 },
    ]);
  });
});
