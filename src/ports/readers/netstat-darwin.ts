// macOS `netstat -anv -p tcp`: the TIME_WAIT sockets lsof cannot show (they belong to no process).
// Columns are located from the header line (macOS 11 and 12+ print different trailing columns);
// an address is `127.0.0.1.3000`, `::1.5173` or `*.7000`: the port is after the last dot.
// macOS prints no TIME_WAIT timers: 2 x MSL (net.inet.tcp.msl, 15 s by default) is the upper bound.
import type { SocketEntry, SocketState } from '../model';

export const DARWIN_TIME_WAIT_SECONDS = 30;

/** `netstat -anv -p tcp` arguments. */
export const DARWIN_NETSTAT_ARGS: readonly string[] = ['-anv', '-p', 'tcp'];

function splitAddress(text: string): { address: string; port: number } | undefined {
  const dot = text.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const port = Number(text.slice(dot + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  const host = text.slice(0, dot);
  return { address: host === '*' ? '' : host, port };
}

/** The TIME_WAIT rows of the output (the only rows lsof does not give). Their pid is never a holder. */
export function parseDarwinNetstatTimeWait(text: string): SocketEntry[] {
  const out: SocketEntry[] = [];
  let stateColumn = -1;
  for (const line of text.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    if (cols[0] === 'Proto') {
      // "Local Address" and "Foreign Address" are two words each in the header, one in a row.
      stateColumn = cols.indexOf('(state)') - 2;
      continue;
    }
    if (stateColumn < 0 || !/^tcp(?:4|6|46)?$/.test(cols[0])) continue;
    if ((cols[stateColumn] as SocketState) !== 'TIME_WAIT') continue;
    const local = splitAddress(cols[3]);
    const remote = splitAddress(cols[4]);
    if (!local || !remote) continue;
    const family = cols[0] === 'tcp4' || local.address.includes('.') ? 4 : 6;
    out.push({
      protocol: 'tcp',
      family,
      address: local.address || (family === 4 ? '0.0.0.0' : '::'),
      port: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: 'TIME_WAIT',
      inode: 0,
      uid: -1,
      pids: [],
    });
  }
  return out;
}
