import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'dgram';
import { readFileSync, mkdtempSync, rmSync } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { createPortReader, PortReport } from '../../../../src/ports';
import { LinuxPortReader, QUIET_PORT_TTL_MS } from '../../../../src/ports/readers/linux-reader';
import { gcc } from '../../../shared/gcc';
import { close, listen, portInTimeWait } from '../../../shared/loopback';
import { portFixture, killAndWait, startNode, startProcess } from '../helpers';

/** A port free on both loopbacks (tests need the same number on 127.0.0.1 and ::1). */
async function freeDualPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const s4 = net.createServer();
    const port = await listen(s4, 0, '127.0.0.1');
    const s6 = net.createServer();
    const ok = await listen(s6, port, '::1').then(
      () => true,
      () => false,
    );
    await close(s4);
    if (ok) {
      await close(s6);
      return port;
    }
  }
  throw new Error('no port free on both 127.0.0.1 and ::1 after 20 tries');
}

describe('Linux reader on real sockets', { timeout: 60_000 }, () => {
  const reader = createPortReader('linux');

  test('a child process listening on 127.0.0.1 and ::1: one holder, both addresses, full details', async () => {
    const port = await freeDualPort();
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'aiu-holder-'));
    const before = Date.now();
    const { child } = await startNode(
      `const net = require('net'); let n = 0;
       for (const h of ['127.0.0.1', '::1']) net.createServer().listen(${port}, h, () => { if (++n === 2) console.log('ready'); });
       setInterval(() => {}, 1000);`,
      { cwd },
    );
    try {
      const [r] = await reader.lookup([port]);
      assert.equal(r.status, 'listening');
      assert.equal(r.protocol, 'tcp');
      assert.deepEqual(r.addresses, ['127.0.0.1', '::1']);
      assert.equal(r.ownerHidden, false);
      assert.equal(r.holders.length, 1);
      const h = r.holders[0];
      assert.equal(h.pid, child.pid);
      assert.equal(h.name, 'node');
      assert.ok(h.command.startsWith(`${process.execPath} -e `), h.command);
      assert.equal(h.user, os.userInfo().username, 'the holder is this test process, so its user is the one running the tests');
      assert.equal(h.uid, 0);
      assert.equal(h.cwd, cwd);
      assert.deepEqual(h.addresses, ['127.0.0.1', '::1']);
      assert.equal(h.kind, undefined, 'a child of the reader is not the editor');
      // Start time is second-grained (btime); the child started during this test.
      assert.ok(h.startTime! >= before - 2000 && h.startTime! <= Date.now() + 1000, `startTime ${h.startTime} vs ${before}`);
      assert.deepEqual(r.sockets.map((s) => [s.address, s.family, s.state]).sort(), [
        ['127.0.0.1', 4, 'LISTEN'],
        ['::1', 6, 'LISTEN'],
      ]);
    } finally {
      await killAndWait(child);
      rmSync(cwd, { recursive: true, force: true });
    }
    // The cached owner fails its readlink now: the port reads as free, not as the dead holder.
    const [afterExit] = await reader.lookup([port]);
    assert.equal(afterExit.status, 'free');
    assert.deepEqual(afterExit.holders, []);
  });

  test('a warm refresh re-validates the cached owner instead of walking /proc again', async () => {
    const { child, line } = await startNode(
      `const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port));`,
    );
    try {
      const port = Number(line);
      const r = new LinuxPortReader();
      const [cold] = await r.lookup([port]);
      assert.deepEqual(
        cold.holders.map((h) => h.pid),
        [child.pid],
      );
      assert.equal(r.ownerWalks, 1);
      const [warm] = await r.lookup([port]);
      assert.deepEqual(warm, cold);
      assert.equal(r.ownerWalks, 1, 'no walk for a validated owner');
      r.clearCache();
      await r.lookup([port]);
      assert.equal(r.ownerWalks, 2);
    } finally {
      await killAndWait(child);
    }
  });

  test("this process's own listener is recognised as the editor's", async () => {
    const server = net.createServer();
    const port = await listen(server, 0, '127.0.0.1');
    try {
      const [r] = await reader.lookup([{ port, protocol: 'tcp' }]);
      assert.deepEqual(
        r.holders.map((h) => [h.pid, h.kind]),
        [[process.pid, 'editor']],
      );
      assert.match(r.holders[0].kindNote ?? '', /editor/);
    } finally {
      await close(server);
    }
  });

  test('a UDP socket: bound, found by an explicit UDP query and by a bare number', async () => {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
    const port = sock.address().port;
    try {
      const [udp, any, tcp] = await reader.lookup([{ port, protocol: 'udp' }, port, { port, protocol: 'tcp' }]);
      for (const r of [udp, any]) {
        assert.equal(r.protocol, 'udp');
        assert.equal(r.status, 'bound');
        assert.deepEqual(r.addresses, ['127.0.0.1']);
        assert.deepEqual(
          r.holders.map((h) => h.pid),
          [process.pid],
        );
        assert.equal(r.sockets[0].state, 'UDP_BOUND');
      }
      assert.equal(tcp.protocol, 'tcp');
      assert.equal(tcp.status, 'free');
    } finally {
      await new Promise<void>((resolve) => sock.close(() => resolve()));
    }
  });

  test('TIME_WAIT left by a server that closed first: time-wait with the remaining seconds', async () => {
    const port = await portInTimeWait();
    const [r] = await reader.lookup([port]);
    assert.equal(r.status, 'time-wait');
    assert.deepEqual(r.holders, []);
    assert.equal(r.ownerHidden, false);
    assert.equal(r.timeWait?.count, 1);
    assert.ok(r.timeWait.remainingSeconds > 0 && r.timeWait.remainingSeconds <= 60, `remaining ${r.timeWait.remainingSeconds}`);
    assert.equal(r.timeWait?.estimated, undefined);
  });

  test('a TIME_WAIT-only port is re-read whole only when a listener came and went, or after 10 s', async () => {
    const port = await portInTimeWait();
    let clock = Date.now();
    const r = new LinuxPortReader({ now: () => clock });
    const [first] = await r.lookup([port]);
    assert.equal(first.status, 'time-wait');
    assert.equal(r.lastReadWholeTable, true);

    const [second] = await r.lookup([port]);
    assert.equal(second.status, 'time-wait');
    assert.equal(second.timeWait?.count, 1);
    assert.ok(second.timeWait.remainingSeconds <= first.timeWait!.remainingSeconds);
    assert.equal(r.lastReadWholeTable, false, 'answered from the first read, timers counted down');

    // A listener (Node sets SO_REUSEADDR, so it binds despite the TIME_WAIT) shows at once...
    const again = net.createServer();
    await listen(again, port, '127.0.0.1');
    const [listening] = await r.lookup([port]);
    assert.equal(listening.status, 'listening');
    await close(again);
    // ...and once it is gone the whole table is read again.
    const [after] = await r.lookup([port]);
    assert.equal(after.status, 'time-wait');
    assert.equal(r.lastReadWholeTable, true);

    // `connections` always reads the whole table.
    await r.lookup([port]);
    assert.equal(r.lastReadWholeTable, false);
    const [full] = await r.lookup([port], { connections: true });
    assert.equal(full.timeWait?.count, 1);
    assert.equal(r.lastReadWholeTable, true);
    // After the reuse window the whole table is read again.
    clock += QUIET_PORT_TTL_MS;
    await r.lookup([port]);
    assert.equal(r.lastReadWholeTable, true);
  });

  test('two holders after fork() are both listed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aiu-fork-'));
    const exe = path.join(dir, 'fork-listener');
    try {
      await gcc(['-O0', '-o', exe, portFixture('fork-listener.c')], 'to build the fork helper');
      const { child, line } = await startProcess(exe, []);
      try {
        const [port, parentPid, childPid] = line.split(' ').map(Number);
        assert.equal(parentPid, child.pid);
        const fresh = new LinuxPortReader();
        const [r] = await fresh.lookup([port]);
        assert.equal(r.status, 'listening');
        assert.deepEqual(
          r.holders.map((h) => h.pid),
          [parentPid, childPid].sort((a, b) => a - b),
        );
        assert.ok(r.holders.every((h) => h.name === 'fork-listener' && h.command === exe));
        // Warm: the cache re-validates both holders.
        const [again] = await fresh.lookup([port]);
        assert.deepEqual(
          again.holders.map((h) => h.pid),
          r.holders.map((h) => h.pid),
        );
      } finally {
        await killAndWait(child);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('reading no more of the table than needed', () => {
    let server: net.Server;
    let port: number;
    let conn: net.Socket;
    let accepted: net.Socket;
    before(async () => {
      server = net.createServer((s) => (accepted = s));
      port = await listen(server, 0, '127.0.0.1');
      conn = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => conn.on('connect', resolve));
      while (!accepted) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    after(async () => {
      conn.destroy();
      accepted.destroy();
      await close(server);
    });

    test('a listened port stops at the first non-LISTEN row', async () => {
      const r = new LinuxPortReader();
      const [rep] = await r.lookup([port]);
      assert.equal(rep.status, 'listening');
      const rows = ['tcp', 'tcp6'].flatMap((f) => readFileSync(`/proc/net/${f}`, 'latin1').trim().split('\n').slice(1));
      const listenRows = rows.filter((l) => l.trim().split(/\s+/)[3] === '0A').length;
      assert.ok(rows.length > listenRows, 'the test made an ESTABLISHED pair');
      assert.ok(r.lastRowsSeenTcp < rows.length, `${r.lastRowsSeenTcp} rows read of ${rows.length}`);
      assert.equal(rep.established, 0, 'not counted without `connections`');
    });

    test('`connections` reads on and counts the accepted connection', async () => {
      const [rep]: PortReport[] = await new LinuxPortReader().lookup([port], { connections: true });
      assert.equal(rep.status, 'listening');
      assert.equal(rep.established, 1);
      assert.equal(rep.closeWait, 0);
    });
  });

  test('a port held only by a connection whose listener closed is bound, with the holder', async () => {
    let accepted: net.Socket | undefined;
    const server = net.createServer((s) => (accepted = s));
    const port = await listen(server, 0, '127.0.0.1');
    const conn = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => conn.on('connect', resolve));
    while (!accepted) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    // close() stops listening at once; its callback would wait for the connection to end.
    const closed = close(server);
    try {
      const [r] = await reader.lookup([port]);
      assert.equal(r.status, 'bound');
      assert.deepEqual(
        r.holders.map((h) => h.pid),
        [process.pid],
      );
      assert.equal(r.established, 1, 'the accepted end; the client end has another local port');
    } finally {
      conn.destroy();
      accepted.destroy();
      await closed;
    }
  });
});

test('overlapping look-ups of ports held by different processes each get their holder', { timeout: 30_000 }, async () => {
  const script = `const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  const a = await startNode(script);
  const b = await startNode(script);
  try {
    const reader = new LinuxPortReader();
    // Each look-up prunes the details of holders it did not see: overlapping ones must not
    // prune each other's (they are queued).
    for (let round = 0; round < 3; round++) {
      const [[ra], [rb]] = await Promise.all([reader.lookup([Number(a.line)]), reader.lookup([Number(b.line)])]);
      assert.deepEqual(
        ra.holders.map((h) => h.pid),
        [a.child.pid],
      );
      assert.deepEqual(
        rb.holders.map((h) => h.pid),
        [b.child.pid],
      );
    }
  } finally {
    await killAndWait(a.child);
    await killAndWait(b.child);
  }
});
