// Reads the kernel's TCP table (/proc/net/tcp), with the port reader's own row parser, to see
// the TIME_WAIT sockets a test left behind.
import * as fs from 'node:fs/promises';
import { parseProcNet } from '../../../src/ports/readers/proc-net';

/** TIME_WAIT sockets whose local address is 127.0.0.1:`port`. */
export async function timeWaitOnLoopbackPort(port: number): Promise<number> {
  const rows = parseProcNet(await fs.readFile('/proc/net/tcp', 'latin1'), 'tcp');
  return rows.filter((r) => r.address === '127.0.0.1' && r.port === port && r.state === 'TIME_WAIT').length;
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
