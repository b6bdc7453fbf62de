// macOS (and other BSDs): `lsof -nP -F pcuLftPTn -iTCP:PORT -iUDP:PORT`, scoped to the wanted ports
// because an unscoped lsof walks every file of every process (slow on big systems), then
// `ps -o pid=,uid=,user=,lstart=,command=` for full command lines and start times.
// lsof shows no TIME_WAIT sockets (they have no process): for ports nobody listens on they are
// read from `netstat -anv -p tcp` (netstat-darwin.ts).

import { DARWIN_NETSTAT_ARGS, DARWIN_TIME_WAIT_SECONDS, parseDarwinNetstatTimeWait } from './netstat-darwin';
import { addressFamily, splitHostPort } from '../address';
import { ExecFile, execFileText } from '../exec';
import { LookupOptions, PortQuery, PortReader, PortReport, Protocol, SocketEntry, SocketState } from '../model';
import { selfAndParent } from '../holder-kind';
import { answerQueries, buildReport, normaliseQueries, ProcessDetails, RowOwners } from '../report';

export interface LsofProcess {
  pid: number;
  command: string;
  uid: number;
  user: string;
  sockets: SocketEntry[];
}

const LSOF_TCP_STATES: Record<string, SocketState> = {
  LISTEN: 'LISTEN',
  ESTABLISHED: 'ESTABLISHED',
  TIME_WAIT: 'TIME_WAIT',
  CLOSE_WAIT: 'CLOSE_WAIT',
  SYN_SENT: 'SYN_SENT',
  SYN_RECEIVED: 'SYN_RECV',
  FIN_WAIT_1: 'FIN_WAIT1',
  FIN_WAIT_2: 'FIN_WAIT2',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST_ACK',
  CLOSED: 'CLOSE',
};

/** lsof -F field output: 'p' starts a process set, 'f' a file set; other fields belong to the current one. */
export function parseLsofFields(text: string): LsofProcess[] {
  const procs: LsofProcess[] = [];
  let proc: LsofProcess | undefined;
  let file: { type?: string; proto?: string; name?: string; state?: string } | undefined;

  const flush = () => {
    if (proc && file?.name && (file.proto === 'TCP' || file.proto === 'UDP')) {
      const entry = lsofEntry(file.proto.toLowerCase() as Protocol, file.type, file.name, file.state, proc);
      if (entry) {
        proc.sockets.push(entry);
      }
    }
    file = undefined;
  };

  for (const raw of text.split(/\n|\0/)) {
    const line = raw.replace(/\r$/, '');
    if (!line) {
      continue;
    }
    const tag = line[0];
    const value = line.slice(1);
    switch (tag) {
      case 'p':
        flush();
        proc = { pid: Number(value), command: '', uid: -1, user: '', sockets: [] };
        procs.push(proc);
        break;
      case 'c':
        if (proc) proc.command = value;
        break;
      case 'u':
        if (proc) proc.uid = Number(value);
        break;
      case 'L':
        if (proc) proc.user = value;
        break;
      case 'f':
        flush();
        file = {};
        break;
      case 't':
        if (file) file.type = value;
        break;
      case 'P':
        if (file) file.proto = value;
        break;
      case 'n':
        if (file) file.name = value;
        break;
      case 'T':
        if (file && value.startsWith('ST=')) file.state = value.slice(3);
        break;
    }
  }
  flush();
  return procs;
}

function lsofEntry(
  protocol: Protocol,
  type: string | undefined,
  name: string,
  state: string | undefined,
  proc: LsofProcess,
): SocketEntry | undefined {
  const [localText, remoteText] = name.split('->');
  const local = splitHostPort(localText);
  if (!local) {
    return undefined;
  }
  const family: 4 | 6 = type === 'IPv6' ? 6 : type === 'IPv4' ? 4 : addressFamily(local.address);
  const any = family === 6 ? '::' : '0.0.0.0';
  const remote = remoteText ? splitHostPort(remoteText) : undefined;
  let s: SocketState;
  if (protocol === 'udp') {
    s = remote ? 'UDP_CONNECTED' : 'UDP_BOUND';
  } else {
    s = (state && LSOF_TCP_STATES[state]) || 'UNKNOWN';
  }
  return {
    protocol,
    family,
    address: local.address === '*' ? any : local.address,
    port: local.port,
    remoteAddress: remote ? remote.address : any,
    remotePort: remote ? remote.port : 0,
    state: s,
    inode: 0,
    uid: proc.uid,
    pids: [proc.pid],
  };
}

export interface PsProcess {
  pid: number;
  uid: number;
  user: string;
  /** ms since the epoch; `lstart` is in local time, second-grained. */
  startTime: number;
  command: string;
}

/** One line of `ps -ww -o pid=,uid=,user=,lstart=,command=`: lstart is 'Thu Nov 26 04:36:47 2026'. */
export function parsePsLine(line: string): PsProcess | undefined {
  const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+\w{3}\s+(\w{3})\s+(\d+)\s+(\d+):(\d+):(\d+)\s+(\d{4})\s+(.*)$/.exec(line);
  if (!m) {
    return undefined;
  }
  const month = MONTHS.indexOf(m[4]);
  if (month < 0) {
    return undefined;
  }
  const startTime = new Date(Number(m[9]), month, Number(m[5]), Number(m[6]), Number(m[7]), Number(m[8])).getTime();
  return { pid: Number(m[1]), uid: Number(m[2]), user: m[3], startTime, command: m[10].trim() };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Arguments of the scoped lsof call. */
export function lsofArgs(tcpPorts: readonly number[], udpPorts: readonly number[]): string[] {
  const args = ['-nP', '-F', 'pcuLftPTn'];
  for (const p of tcpPorts) args.push(`-iTCP:${p}`);
  for (const p of udpPorts) args.push(`-iUDP:${p}`);
  return args;
}

export class LsofPortReader implements PortReader {
  readonly platform: NodeJS.Platform = 'darwin';
  private readonly exec: ExecFile;

  constructor(
    exec?: ExecFile,
    private readonly selfPid = process.pid,
  ) {
    // lsof exits 1 when no file matched: an empty answer.
    this.exec = exec ?? ((f, a) => execFileText(f, a, [0, 1]));
  }

  clearCache(): void {
    // Nothing cached: lsof is asked every time.
  }

  async lookup(ports: readonly PortQuery[], opts: LookupOptions = {}): Promise<PortReport[]> {
    const queries = normaliseQueries(ports);
    const tcp = [...new Set(queries.filter((q) => q.protocol !== 'udp').map((q) => q.port))];
    const udp = [...new Set(queries.filter((q) => q.protocol !== 'tcp').map((q) => q.port))];
    const procs = queries.length > 0 ? parseLsofFields(await this.exec('lsof', lsofArgs(tcp, udp))) : [];

    const pids = [...new Set(procs.map((p) => p.pid))];
    const ps = new Map<number, PsProcess>();
    if (pids.length > 0) {
      const out = await this.exec('ps', ['-ww', '-o', 'pid=,uid=,user=,lstart=,command=', '-p', pids.join(',')]);
      for (const line of out.split('\n')) {
        const p = parsePsLine(line);
        if (p) ps.set(p.pid, p);
      }
    }
    const details = new Map<number, ProcessDetails>();
    for (const p of procs) {
      const d = ps.get(p.pid);
      details.set(p.pid, {
        pid: p.pid,
        name: p.command,
        command: d?.command ?? p.command,
        user: d?.user ?? p.user,
        uid: d?.uid ?? p.uid,
        ...(d ? { startTime: d.startTime } : {}),
      });
    }
    const rows = procs.flatMap((p) => p.sockets);
    const ownersOf = (row: SocketEntry): RowOwners => {
      const out = (row.pids ?? []).map((pid) => details.get(pid)).filter((d): d is ProcessDetails => d !== undefined);
      return out.length > 0 ? out : 'hidden';
    };
    const kinds = { platform: this.platform, editorPids: selfAndParent(this.selfPid, opts.editorPids) };
    // One lsof row per process and socket: merge rows of forked holders into one with all pids.
    const merged = mergeRows(rows);
    merged.push(...(await this.timeWaitRows(tcp.filter((p) => !merged.some((r) => r.port === p && r.state === 'LISTEN')))));
    const report = (port: number, protocol: Protocol) =>
      buildReport({
        port,
        protocol,
        rows: merged.filter((r) => r.port === port && r.protocol === protocol),
        ownersOf,
        kinds,
        timeWaitUpperBound: DARWIN_TIME_WAIT_SECONDS,
      });
    return answerQueries(queries, report);
  }

  /** TIME_WAIT rows of the ports (netstat; lsof cannot see them). Only asked for ports nobody listens on: there a TIME_WAIT blocks a bind. */
  private async timeWaitRows(ports: readonly number[]): Promise<SocketEntry[]> {
    if (ports.length === 0) return [];
    const wanted = new Set(ports);
    try {
      return parseDarwinNetstatTimeWait(await this.exec('netstat', [...DARWIN_NETSTAT_ARGS])).filter((r) => wanted.has(r.port));
    } catch {
      return []; // netstat failing: holders still come from lsof; TIME_WAIT stays unknown, as before
    }
  }
}

/** Rows equal but for the pid (one socket shared after fork) become one row listing every pid. */
export function mergeRows(rows: readonly SocketEntry[]): SocketEntry[] {
  const byKey = new Map<string, SocketEntry>();
  for (const r of rows) {
    const key = `${r.protocol}|${r.address}|${r.port}|${r.remoteAddress}|${r.remotePort}|${r.state}|${r.family}`;
    const seen = byKey.get(key);
    if (seen && r.state !== 'TIME_WAIT') {
      seen.pids = [...new Set([...(seen.pids ?? []), ...(r.pids ?? [])])];
    } else if (!seen) {
      byKey.set(key, { ...r, pids: [...(r.pids ?? [])] });
    } else {
      byKey.set(`${key}|${byKey.size}`, { ...r });
    }
  }
  return [...byKey.values()];
}
