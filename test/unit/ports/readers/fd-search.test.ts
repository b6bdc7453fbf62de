// findSocketFds over the fds of a real process holding hundreds of sockets, counting the
// readlinks it makes of /proc/PID/fd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'fs';
import { findSocketFds } from '../../../../src/ports/readers/fd-search';
import { killAndWait, startNode } from '../helpers';

const LISTENERS = 300;

/**
 * A node process with LISTENERS loopback listeners opened one after another; `then` runs after
 * them. It runs on one CPU: the kernel numbers sockets from per-CPU batches, so a process that
 * moves between CPUs may get a later socket with a lower inode.
 */
async function manySockets(then = '') {
  const { child } = await startNode(
    `const net = require('net');
     const listen = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => r(s)); });
     (async () => {
       const servers = [];
       for (let i = 0; i < ${LISTENERS}; i++) servers.push(await listen());
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
