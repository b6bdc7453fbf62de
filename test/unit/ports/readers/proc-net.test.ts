import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'fs';
import { decodeProcAddress, parseProcNet, parseProcNetLine } from '../../../../src/ports/readers/proc-net';
import { ProcNetTable } from '../../../../src/ports/readers/proc-net-table';
import { formatIPv6Groups, splitHostPort } from '../../../../src/ports/address';
import { close, listen, portInTimeWait } from '../../../shared/loopback';
import { portFixture } from '../helpers';
import * as net from 'net';
import { syncProcIo } from '../../../../src/ports/readers/proc-io';

const read = (name: string) => readFileSync(portFixture('proc-net', name), 'latin1');

describe('address decoding', () => {
  test('IPv4 words are host order: 0100007F is 127.0.0.1 on little-endian, 7F000001 on big-endian', () => {
    assert.deepEqual(decodeProcAddress('0100007F', true), { address: '127.0.0.1', family: 4 });
    assert.deepEqual(decodeProcAddress('7F000001', false), { address: '127.0.0.1', family: 4 });
    assert.deepEqual(decodeProcAddress('00000000', true), { address: '0.0.0.0', family: 4 });
  });

  test('IPv6 is four host-order words; loopback, any and documentation prefix', () => {
    assert.equal(decodeProcAddress('00000000000000000000000001000000', true).address, '::1');
    assert.equal(decodeProcAddress('00000000000000000000000000000000', true).address, '::');
    assert.equal(decodeProcAddress('B80D0120000000000000000001000000', true).address, '2001:db8::1');
    assert.equal(decodeProcAddress('20010DB8000000000000000000000001', false).address, '2001:db8::1');
    assert.equal(decodeProcAddress('000080FE00000000FF5F1C02A0B5B1FE', true).address, 'fe80::21c:5fff:feb1:b5a0');
  });

  test('IPv4-mapped IPv6 is shown as IPv4 but keeps family 6', () => {
    assert.deepEqual(decodeProcAddress('0000000000000000FFFF00000100007F', true), { address: '127.0.0.1', family: 6 });
  });

  test('RFC 5952: longest zero run compressed, first on ties, single zero group kept', () => {
    assert.equal(formatIPv6Groups([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1');
    assert.equal(formatIPv6Groups([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]), '2001:db8:0:1:1:1:1:1');
    assert.equal(formatIPv6Groups([1, 0, 0, 0, 0, 0, 0, 0]), '1::');
  });

  test('host:port splitting of lsof/netstat text', () => {
    assert.deepEqual(splitHostPort('[::1]:5173'), { address: '::1', port: 5173 });
    assert.deepEqual(splitHostPort('*:5353'), { address: '*', port: 5353 });
    assert.deepEqual(splitHostPort('[::ffff:127.0.0.1]:4000'), { address: '127.0.0.1', port: 4000 });
    assert.deepEqual(splitHostPort('*:*'), { address: '*', port: 0 });
    assert.equal(splitHostPort('nonsense'), undefined);
  });
});

describe('/proc/net samples', () => {
  test('tcp: listeners, TIME_WAIT with its timer, ESTABLISHED', () => {
    const rows = parseProcNet(read('tcp'), 'tcp', true);
    assert.equal(rows.length, read('tcp').trim().split('\n').length - 1);
    const l3000 = rows.filter((r) => r.port === 3000 && r.state === 'LISTEN');
    assert.deepEqual(
      l3000.map((r) => [r.address, r.inode, r.uid, r.family]),
      [['127.0.0.1', 36643, 0, 4]],
    );
    assert.deepEqual(
      rows.filter((r) => r.port === 8080).map((r) => [r.address, r.state]),
      [['0.0.0.0', 'LISTEN']],
    );
    const tw = rows.filter((r) => r.port === 3000 && r.state === 'TIME_WAIT');
    // when = 0x1750 = 5968 ticks at USER_HZ 100 -> 59.68 s, rounded up.
    assert.deepEqual(
      tw.map((r) => [r.remoteAddress, r.remotePort, r.inode, r.timerSecondsLeft]),
      [['127.0.0.1', 0xec38, 0, 60]],
    );
    assert.equal(rows.filter((r) => r.port === 7000 && r.state === 'ESTABLISHED').length, 1);
    // Listening rows come first: the reader's early exit relies on it.
    const firstOther = rows.findIndex((r) => r.state !== 'LISTEN');
    assert.ok(rows.slice(firstOther).every((r) => r.state !== 'LISTEN'));
  });

  test('tcp6: any, loopback, v4-mapped, 2001:db8::1 with CLOSE_WAIT', () => {
    const rows = parseProcNet(read('tcp6'), 'tcp', true);
    const listen = rows.filter((r) => r.state === 'LISTEN').map((r) => [r.address, r.port, r.family]);
    assert.deepEqual(listen, [
      ['127.0.0.1', 4000, 6],
      ['::', 9229, 6],
      ['::1', 5173, 6],
    ]);
    assert.deepEqual(
      rows.filter((r) => r.port === 8080).map((r) => [r.address, r.state, r.remoteAddress, r.remotePort, r.uid]),
      [
        ['2001:db8::1', 'ESTABLISHED', '2001:db8::2', 50000, 1000],
        ['2001:db8::1', 'CLOSE_WAIT', '2001:db8::3', 50001, 1000],
      ],
    );
    const tw = rows.find((r) => r.state === 'TIME_WAIT');
    assert.deepEqual([tw?.address, tw?.port, tw?.timerSecondsLeft], ['127.0.0.1', 4000, 40]);
  });

  test('udp and udp6: bound and connected sockets', () => {
    const udp = parseProcNet(read('udp'), 'udp', true);
    assert.deepEqual(
      udp.map((r) => [r.address, r.port, r.state]),
      [
        ['0.0.0.0', 5353, 'UDP_BOUND'],
        ['127.0.0.1', 0xa8ab, 'UDP_CONNECTED'],
      ],
    );
    const udp6 = parseProcNet(read('udp6'), 'udp', true);
    assert.deepEqual(
      udp6.map((r) => [r.address, r.port, r.state, r.inode]),
      [['::1', 41234, 'UDP_BOUND', 36657]],
    );
  });

  test('header and garbage lines are not rows', () => {
    assert.equal(parseProcNetLine(read('tcp').split('\n')[0], 'tcp'), undefined);
    assert.equal(parseProcNetLine('', 'tcp'), undefined);
    assert.equal(parseProcNetLine('   7: 0100007F:0BB8', 'tcp'), undefined);
  });
});

describe('streaming a table with thousands of rows', () => {
  const file = portFixture('proc-net', 'generated-6000.tcp');
  const LISTENERS = 3000;

  test('a listened port: stops at the end of the listening section', async () => {
    const wanted = new Set([20000 + 1234]);
    const t = new ProcNetTable(file, 'tcp', wanted);
    await t.advance(true);
    await t.close();
    assert.equal(t.listenSectionDone, true);
    assert.equal(t.rowsSeen, LISTENERS);
    assert.deepEqual(
      t.rows.map((r) => [r.state, r.inode]),
      [['LISTEN', 100000 + 1234]],
    );
  });

  test('continuing after the listening section finds the TIME_WAIT rows, across 64 KiB chunks', async () => {
    const ports = [20000, 20000 + 437, 20000 + 2999];
    const t = new ProcNetTable(file, 'tcp', new Set(ports));
    await t.advance(true);
    await t.advance(false);
    assert.equal(t.eof, true);
    assert.equal(t.rowsSeen, 2 * LISTENERS);
    for (const p of ports) {
      const i = p - 20000;
      // TIME_WAIT rows are summed up per port, never fully parsed.
      const seconds = Math.ceil((((i % 60) + 1) * 100 - 50) / 100);
      assert.deepEqual(t.timeWait.get(p), { count: 1, remainingSeconds: seconds, timers: [seconds] }, `port ${p}`);
      assert.deepEqual(
        t.rows.filter((r) => r.port === p).map((r) => r.state),
        ['LISTEN'],
      );
    }
    assert.equal(t.timeWait.size, ports.length);
  });

  test('with the count of sockets in use, the listening section ends after that many listeners', async () => {
    // The count is what /proc/net/sockstat says; here fewer than the table's listeners, so the
    // early end shows: the last of them is not read until the rest of the table is asked for.
    const last = 20000 + LISTENERS - 1;
    const t = new ProcNetTable(file, 'tcp', new Set([20000, last]), undefined, LISTENERS - 1);
    await t.advance(true);
    assert.equal(t.listenSectionDone, true);
    assert.equal(t.rowsSeen, LISTENERS - 1);
    assert.deepEqual(
      t.rows.map((r) => r.port),
      [20000],
    );
    await t.advance(false);
    assert.equal(t.rowsSeen, 2 * LISTENERS, 'the rest is read from where the count ended it');
    assert.deepEqual(
      t.rows.map((r) => [r.port, r.state]),
      [
        [20000, 'LISTEN'],
        [last, 'LISTEN'],
      ],
    );
    assert.equal(t.timeWait.get(last)?.count, 1);
  });

  test('no socket in use: the listening section is not read, not even opened', async () => {
    const t = new ProcNetTable(portFixture('proc-net', 'no-such-table'), 'tcp', new Set([20000]), undefined, 0);
    await t.advance(true);
    assert.equal(t.listenSectionDone, true);
    assert.equal(t.rowsSeen, 0);
    await assert.rejects(t.advance(false), /cannot read the socket table/, 'the whole table is still read when asked for');
  });

  test('the whole file parses row for row', () => {
    const rows = parseProcNet(read('generated-6000.tcp'), 'tcp', true);
    assert.equal(rows.length, 2 * LISTENERS);
    assert.equal(rows.filter((r) => r.state === 'LISTEN').length, LISTENERS);
    assert.ok(rows.every((r, i) => r.port === 20000 + (i % LISTENERS)));
  });
});

test('the real /proc/net/tcp: reads ask for no more rows than sockets in use, and find the listener', async () => {
  // A TIME_WAIT socket is a row that sockstat does not count: without the sized reads a page read
  // runs on over it (the kernel walking its established hash for each row).
  await portInTimeWait();
  const servers = Array.from({ length: 60 }, () => net.createServer());
  const ports = [];
  for (const s of servers) ports.push(await listen(s));
  try {
    const inUse = Number(/^TCP: inuse (\d+)/m.exec(readFileSync('/proc/net/sockstat', 'latin1'))![1]);
    const t = new ProcNetTable('/proc/net/tcp', 'tcp', new Set([ports[59]]), syncProcIo, inUse);
    await t.advance(true);
    await t.close();
    assert.ok(t.bytesRead <= (inUse + 1) * 150, `read ${t.bytesRead} bytes for ${inUse} sockets in use and the header`);
    assert.deepEqual(
      t.rows.map((r) => [r.port, r.state]),
      [[ports[59], 'LISTEN']],
    );
  } finally {
    await Promise.all(servers.map(close));
  }
});
