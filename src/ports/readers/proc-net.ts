// Parser for the Linux socket tables /proc/net/{tcp,tcp6,udp,udp6}.
// Row format (net/ipv4/tcp_ipv4.c get_tcp4_sock, udp.c udp4_format_sock):
//   sl  local_address rem_address   st tx_queue:rx_queue tr:tm->when retrnsmt   uid  timeout inode ...
//    0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 ...
// Addresses are 32-bit words printed in host byte order; ports are plain hex.

import { formatAddress } from '../address';
import { Protocol, SocketEntry, SocketState } from '../model';

/** The kernel's USER_HZ: the unit of `tm->when` in userspace. 100 on every Linux architecture's ABI. */
export const USER_HZ = 100;

/** Timer kind 3 is the TIME_WAIT timer (`tr` column). */
const TIMER_TIME_WAIT = 3;

const TCP_STATES: Record<number, SocketState> = {
  0x01: 'ESTABLISHED',
  0x02: 'SYN_SENT',
  0x03: 'SYN_RECV',
  0x04: 'FIN_WAIT1',
  0x05: 'FIN_WAIT2',
  0x06: 'TIME_WAIT',
  0x07: 'CLOSE',
  0x08: 'CLOSE_WAIT',
  0x09: 'LAST_ACK',
  0x0a: 'LISTEN',
  0x0b: 'CLOSING',
  0x0c: 'NEW_SYN_RECV',
};

export function tcpStateName(code: number): SocketState {
  return TCP_STATES[code] ?? 'UNKNOWN';
}

export function udpStateName(code: number): SocketState {
  // An unconnected UDP socket is TCP_CLOSE (07); a connect()ed one TCP_ESTABLISHED (01).
  if (code === 0x07) {
    return 'UDP_BOUND';
  }
  if (code === 0x01) {
    return 'UDP_CONNECTED';
  }
  return 'UNKNOWN';
}

// What os.endianness() says, without loading the os module on the CLI's start.
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decodes the hex address column ('0100007F' or 32 hex digits) into network-order bytes, then text. */
export function decodeProcAddress(hex: string, littleEndian = HOST_LITTLE_ENDIAN): { address: string; family: 4 | 6 } {
  if (hex.length !== 8 && hex.length !== 32) {
    throw new Error(`unexpected /proc/net address '${hex}'`);
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let word = 0; word < hex.length / 8; word++) {
    const value = parseInt(hex.slice(word * 8, word * 8 + 8), 16);
    for (let b = 0; b < 4; b++) {
      // Host order: on little-endian the least significant byte is the first in memory.
      const shift = littleEndian ? 8 * b : 8 * (3 - b);
      bytes[word * 4 + b] = (value >>> shift) & 0xff;
    }
  }
  return { address: formatAddress(bytes), family: hex.length === 8 ? 4 : 6 };
}

/**
 * Parses one row. Returns undefined for the header and malformed lines (a truncated last line of
 * a streamed read, for instance).
 */
export function parseProcNetLine(line: string, protocol: Protocol, littleEndian = HOST_LITTLE_ENDIAN): SocketEntry | undefined {
  const f = line.trim().split(/\s+/);
  if (f.length < 10 || !f[0].endsWith(':') || f[0] === 'sl') {
    return undefined;
  }
  const local = f[1].split(':');
  const remote = f[2].split(':');
  const timer = f[5].split(':');
  if (local.length !== 2 || remote.length !== 2 || timer.length !== 2) {
    return undefined;
  }
  const stateCode = parseInt(f[3], 16);
  const l = decodeProcAddress(local[0], littleEndian);
  const r = decodeProcAddress(remote[0], littleEndian);
  const state = protocol === 'tcp' ? tcpStateName(stateCode) : udpStateName(stateCode);
  const entry: SocketEntry = {
    protocol,
    family: l.family,
    address: l.address,
    port: parseInt(local[1], 16),
    remoteAddress: r.address,
    remotePort: parseInt(remote[1], 16),
    state,
    inode: Number(f[9]),
    uid: Number(f[7]),
  };
  if (state === 'TIME_WAIT' && parseInt(timer[0], 16) === TIMER_TIME_WAIT) {
    entry.timerSecondsLeft = Math.ceil(parseInt(timer[1], 16) / USER_HZ);
  }
  return entry;
}

/** Parses a whole table (tests, fixtures); the reader streams with `ProcNetTable` instead. */
export function parseProcNet(text: string, protocol: Protocol, littleEndian = HOST_LITTLE_ENDIAN): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const line of text.split('\n')) {
    const e = parseProcNetLine(line, protocol, littleEndian);
    if (e) {
      out.push(e);
    }
  }
  return out;
}
