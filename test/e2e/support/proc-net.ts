// Reads the kernel's TCP table (/proc/net/tcp) to see the TIME_WAIT sockets a test left behind.
import * as fs from 'node:fs/promises';

const TIME_WAIT = '06';

/** TIME_WAIT sockets whose local address is 127.0.0.1:`port`. */
export async function timeWaitOnLoopbackPort(port: number): Promise<number> {
  const table = await fs.readFile('/proc/net/tcp', 'utf8');
  // Little-endian host byte order for the address, plain hex for the port (see socket-semantics.md).
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let count = 0;
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === local && fields[3] === TIME_WAIT) count++;
  }
  return count;
}

/** Polls briefly: the last ACK of a loopback close is processed asynchronously. */
export async function waitForTimeWait(port: number, tries = 50): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const count = await timeWaitOnLoopbackPort(port);
    if (count > 0) return count;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return 0;
}
