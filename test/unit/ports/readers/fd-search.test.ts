// findSocketFds over the fds of a real process holding hundreds of sockets, counting the
// readlinks it makes of /proc/PID/fd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'fs';
import { availableParallelism } from 'os';
import { findSocketFds } from '../../../../src/ports/readers/fd-search';
import { killAndWait, startNode } from '../helpers';

const LISTENERS = 300;

/**
 * A node process with LISTENERS loopback listeners opened one after another (`open` replaces
 * that loop); `then` runs after them. It starts on CPU 0 and stays there unless `open` moves it:
 * the kernel numbers sockets from per-CPU batches, so a process that moves between CPUs may get
 * a later socket with a lower inode.
 */
async function manySockets(then = '', open = `for (let i = 0; i < ${LISTENERS}; i++) servers.push(await listen());`) {
  const { child } = await startNode(
    `const net = require('net');
     const listen = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => r(s)); });
     (async () => {
       const servers = [];
       ${open}
       ${then}
       console.log('ready');
     })();
     setInterval(() => {}, 1000);`,
    {},
    { cpu: 0 },
  );
  const dir = `/proc/${child.pid}/fd`;
  const fds = Int32Array.from(readdirSync(dir), Number).sort();
  const links = new Map([...fds].map((fd) => [fd, readlinkSync(`${dir}/${fd}`)]));
  // The child's own: fds 0-2 are the stdio socketpairs the parent made, numbered on its CPU.
  const sockets = [...links]
    .filter(([fd, l]) => fd > 2 && l.startsWith('socket:['))
    .map(([fd, l]) => ({ fd, inode: Number(l.slice(8, -1)) }));
  let readlinks = 0;
  const readlink = (fd: number) => {
    readlinks++;
    try {
      return readlinkSync(`${dir}/${fd}`);
    } catch {
      return undefined;
    }
  };
  return { child, fds, sockets, readlink, readlinks: () => readlinks };
}

test('the last of 300 sockets is found in a few readlinks, not one per fd', async () => {
  const p = await manySockets();
  try {
    const last = p.sockets.reduce((a, b) => (b.inode > a.inode ? b : a));
    assert.ok(p.fds.indexOf(last.fd) >= LISTENERS, `the newest socket is at fd ${last.fd}, late in fd order`);
    assert.deepEqual(findSocketFds(p.fds, p.readlink, new Set([last.inode])), new Map([[last.inode, last.fd]]));
    assert.ok(p.readlinks() <= 20, `${p.readlinks()} readlinks for ${p.fds.length} fds`);
  } finally {
    await killAndWait(p.child);
  }
});

test('a socket that reused a low fd (inodes out of fd order) is still found, as are two wanted at once', async () => {
  // Closing the 6th listener frees its fd; the next socket gets it, with the newest inode.
  const p = await manySockets(`await new Promise((r) => servers[5].close(r)); servers.push(await listen());`);
  try {
    const newest = p.sockets.reduce((a, b) => (b.inode > a.inode ? b : a));
    const first = p.sockets.reduce((a, b) => (b.inode < a.inode ? b : a));
    assert.ok(newest.fd < p.sockets[LISTENERS - 1].fd, `the newest socket reused fd ${newest.fd}`);
    assert.deepEqual(findSocketFds(p.fds, p.readlink, new Set([newest.inode])), new Map([[newest.inode, newest.fd]]));
    const both = findSocketFds(p.fds, p.readlink, new Set([first.inode, newest.inode]));
    assert.deepEqual(
      both,
      new Map([
        [first.inode, first.fd],
        [newest.inode, newest.fd],
      ]),
    );
  } finally {
    await killAndWait(p.child);
  }
});

test('a process that does not hold the socket gives nothing, after reading each fd once', async () => {
  const p = await manySockets();
  try {
    const absent = Math.max(...p.sockets.map((s) => s.inode)) + 1_000_000;
    assert.deepEqual(findSocketFds(p.fds, p.readlink, new Set([absent])), new Map());
    assert.equal(p.readlinks(), p.fds.length);
  } finally {
    await killAndWait(p.child);
  }
});

test('a process that opened its sockets on two CPUs (inodes in a run per CPU batch): every socket is found without a walk', async () => {
  assert.ok(availableParallelism() >= 2, 'this test needs 2 CPUs: the kernel numbers sockets from a batch per CPU');
  // A third of the listeners on CPU 0, a third on CPU 1, the rest on CPU 0 again: three runs.
  const third = LISTENERS / 3;
  const p = await manySockets(
    '',
    `const move = (cpu) => require('child_process').execFileSync('taskset', ['-pc', String(cpu), String(process.pid)]);
     for (const cpu of [1, 0]) {
       for (let i = 0; i < ${third}; i++) servers.push(await listen());
       move(cpu);
     }
     for (let i = 0; i < ${third}; i++) servers.push(await listen());`,
  );
  try {
    const falls = p.sockets.filter((s, i) => i > 0 && s.inode < p.sockets[i - 1].inode).length;
    assert.ok(falls > 0, 'the inodes grow with the fd throughout: the process did not move to another CPU (taskset -pc)');
    let most = 0;
    for (const socket of p.sockets) {
      const before = p.readlinks();
      assert.deepEqual(findSocketFds(p.fds, p.readlink, new Set([socket.inode])), new Map([[socket.inode, socket.fd]]));
      most = Math.max(most, p.readlinks() - before);
    }
    assert.ok(most <= p.fds.length / 4, `up to ${most} readlinks for one socket among ${p.fds.length} fds`);
  } finally {
    await killAndWait(p.child);
  }
});
