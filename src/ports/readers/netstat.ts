// Windows: `netstat -ano` (every TCP/UDP socket, IPv4 and IPv6, with the owning PID) plus
// `tasklist /FO CSV /NH` for process names.
//
// netstat's headers and state words are localised (German: ABHÖREN, HERGESTELLT, WARTEND) and
// printed in the console's OEM code page, so rows are read by column position, never by words:
//   TCP  local  foreign  <state, any words>  pid
//   UDP  local  foreign                      pid
// and the state is inferred from what cannot be localised:
//   - foreign port 0 ('0.0.0.0:0', '[::]:0'): nobody is connected, so the socket LISTENs;
//   - foreign port set and PID 0: Windows attributes connections no process owns any more to
//     PID 0 (System Idle), which for a connection is TIME_WAIT;
//   - foreign port set and a real PID: a connection, counted as ESTABLISHED, except the one word
//     recognised for CLOSE_WAIT (English and German) so `closeWait` is not always 0.
// netstat shows no TIME_WAIT timers: the report gives Windows' default TcpTimedWaitDelay
// (120 s) as an upper bound, marked `estimated`. (Windows does not block binds on TIME_WAIT.)

import { addressFamily, splitHostPort } from '../address';
import { ExecFile, execFileText } from '../exec';
import { LookupOptions, PortQuery, PortReader, PortReport, Protocol, SocketEntry } from '../model';
import { mergeRows } from './lsof';
import { selfAndParent } from '../holder-kind';
import { answerQueries, buildReport, normaliseQueries, ProcessDetails, RowOwners } from '../report';

/** Windows' default TIME_WAIT duration (TcpTimedWaitDelay). */
export const WINDOWS_TIME_WAIT_SECONDS = 120;

const CLOSE_WAIT_WORDS = new Set(['CLOSE_WAIT', 'SCHLIESSEN_WARTEN']);

export function parseNetstat(text: string): SocketEntry[] {
  const out: SocketEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim().split(/\s+/);
    const proto = t[0]?.toUpperCase();
    if ((proto !== 'TCP' && proto !== 'UDP') || t.length < 4) {
      continue; // headers ("Aktive Verbindungen", "Proto  Lokale Adresse ...") and blank lines
    }
    const pid = Number(t[t.length - 1]);
    const local = splitHostPort(t[1]);
    const foreign = splitHostPort(t[2]);
    if (!local || !Number.isInteger(pid)) {
      continue;
    }
    const family = addressFamily(local.address) === 6 || t[1].startsWith('[') ? 6 : 4;
    const any = family === 6 ? '::' : '0.0.0.0';
    const stateWord = t.slice(3, -1).join(' ').toUpperCase();
    const connected = foreign !== undefined && foreign.port !== 0;
    let state: SocketEntry['state'];
    if (proto === 'UDP') {
      state = connected ? 'UDP_CONNECTED' : 'UDP_BOUND';
    } else if (!connected) {
      state = 'LISTEN';
    } else if (pid === 0) {
      state = 'TIME_WAIT';
    } else {
      state = CLOSE_WAIT_WORDS.has(stateWord) ? 'CLOSE_WAIT' : 'ESTABLISHED';
    }
    out.push({
      protocol: proto.toLowerCase() as Protocol,
      family,
      address: local.address === '*' ? any : local.address,
      port: local.port,
      remoteAddress: foreign && foreign.address !== '*' ? foreign.address : any,
      remotePort: foreign?.port ?? 0,
      state,
      inode: 0,
      uid: -1,
      pids: state === 'TIME_WAIT' ? [] : [pid],
    });
  }
  return out;
}

export interface TasklistRow {
  name: string;
  pid: number;
}

/** `tasklist /FO CSV /NH`: "Image Name","PID","Session Name","Session#","Mem Usage" (quoted, localised numbers). */
export function parseTasklistCsv(text: string): TasklistRow[] {
  const rows: TasklistRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cells = parseCsvLine(line);
    if (cells.length >= 2 && /^\d+$/.test(cells[1])) {
      rows.push({ name: cells[0], pid: Number(cells[1]) });
    }
  }
  return rows;
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          cell += line[i++];
        }
      }
      cells.push(cell);
      if (line[i] === ',') i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      cells.push(line.slice(i, end).trim());
      i = end + 1;
    }
  }
  return cells;
}

export class NetstatPortReader implements PortReader {
  readonly platform: NodeJS.Platform = 'win32';
  private readonly exec: ExecFile;

  constructor(
    exec?: ExecFile,
    private readonly selfPid = process.pid,
  ) {
    // latin1 keeps every byte of the OEM code page as one character; only digits and punctuation are read.
    this.exec = exec ?? ((f, a) => execFileText(f, a, [0], 'latin1'));
  }

  clearCache(): void {
    // Nothing cached.
  }

  async lookup(ports: readonly PortQuery[], opts: LookupOptions = {}): Promise<PortReport[]> {
    const queries = normaliseQueries(ports);
    const [netstat, tasklist] = await Promise.all([this.exec('netstat', ['-ano']), this.exec('tasklist', ['/FO', 'CSV', '/NH'])]);
    const wanted = new Set(queries.map((q) => q.port));
    const rows = mergeRows(parseNetstat(netstat).filter((r) => wanted.has(r.port)));
    const names = new Map(parseTasklistCsv(tasklist).map((r) => [r.pid, r.name]));
    const ownersOf = (row: SocketEntry): RowOwners => {
      const out: ProcessDetails[] = (row.pids ?? []).map((pid) => {
        const name = names.get(pid) ?? '';
        return { pid, name, command: name, user: '', uid: -1 };
      });
      return out.length > 0 ? out : 'hidden';
    };
    const kinds = { platform: this.platform, editorPids: selfAndParent(this.selfPid, opts.editorPids) };
    const report = (port: number, protocol: Protocol) =>
      buildReport({
        port,
        protocol,
        rows: rows.filter((r) => r.port === port && r.protocol === protocol),
        ownersOf,
        kinds,
        timeWaitUpperBound: WINDOWS_TIME_WAIT_SECONDS,
      });
    const reports = answerQueries(queries, report);
    for (const r of reports) if (r.timeWait) r.timeWait.bindsAcross = true;
    return reports;
  }
}
