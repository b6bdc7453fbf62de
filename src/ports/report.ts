// Turns socket rows plus their owners into PortReports; shared by every platform reader.

import { classifyHolder, KindContext } from './holder-kind';
import { Holder, PortQuery, PortReport, Protocol, SocketEntry, TimeWaitInfo } from './model';

/** What a reader knows about one owning process (before classification). */
export interface ProcessDetails {
  pid: number;
  name: string;
  command: string;
  /** The arguments one by one, where the platform tells them apart (Linux /proc/PID/cmdline). */
  argv?: string[];
  user: string;
  /** -1 when unknown (Windows). */
  uid: number;
  /** ms since the epoch; undefined when the platform does not tell (Windows). */
  startTime?: number;
  cwd?: string;
}

/** Owners of one socket row: the processes, or 'hidden' when it has owners nobody can see. */
export type RowOwners = readonly ProcessDetails[] | 'hidden';

export interface ReportInput {
  port: number;
  protocol: Protocol;
  /** All rows of this port and protocol the reader saw (any state). */
  rows: readonly SocketEntry[];
  ownersOf(row: SocketEntry): RowOwners;
  kinds: KindContext;
  /** Set when the platform shows no TIME_WAIT timers (remainingSeconds is then this upper bound). */
  timeWaitUpperBound?: number;
  /** TIME_WAIT sockets already summed up by the reader (Linux), added to any TIME_WAIT rows. */
  timeWaitSummary?: { count: number; remainingSeconds: number };
}

/** Rows that keep a port from being bound: LISTEN (TCP) and any UDP socket. */
export function isHoldingRow(row: SocketEntry): boolean {
  return row.protocol === 'udp' ? row.state !== 'UNKNOWN' : row.state === 'LISTEN';
}

/** TCP rows with an owner that are neither listening nor TIME_WAIT: connections (accepted or outgoing). */
export function isConnectionRow(row: SocketEntry): boolean {
  return (
    row.protocol === 'tcp' &&
    row.state !== 'LISTEN' &&
    row.state !== 'TIME_WAIT' &&
    (row.inode > 0 || (row.pids?.length ?? 0) > 0)
  );
}

export function buildReport(input: ReportInput): PortReport {
  const { port, protocol, rows } = input;
  const listening = rows.filter(isHoldingRow);
  const timeWaitRows = rows.filter((r) => r.state === 'TIME_WAIT');
  // Without a listener, connections left on the port (an accepted socket that outlived its
  // listener, a client bound to it) still make bind fail: they are the holders then.
  const holding = listening.length > 0 ? listening : rows.filter(isConnectionRow);

  const holders = new Map<number, Holder>();
  let ownerHidden = false;
  for (const row of holding) {
    const owners = input.ownersOf(row);
    if (owners === 'hidden' || owners.length === 0) {
      ownerHidden = true;
      continue;
    }
    for (const p of owners) {
      let h = holders.get(p.pid);
      if (!h) {
        h = { ...p, addresses: [], ...classifyHolder(p, input.kinds) };
        holders.set(p.pid, h);
      }
      if (!h.addresses.includes(row.address)) {
        h.addresses.push(row.address);
        h.addresses.sort(compareAddresses);
      }
    }
  }

  let timeWait: TimeWaitInfo | undefined;
  const summary = input.timeWaitSummary;
  if (summary && summary.count > 0) {
    const rowMax = Math.max(0, ...timeWaitRows.map((r) => r.timerSecondsLeft ?? 0));
    timeWait = { count: summary.count + timeWaitRows.length, remainingSeconds: Math.max(summary.remainingSeconds, rowMax) };
  } else if (timeWaitRows.length > 0) {
    const known = timeWaitRows.map((r) => r.timerSecondsLeft).filter((s): s is number => s !== undefined);
    timeWait = {
      count: timeWaitRows.length,
      remainingSeconds: known.length > 0 ? Math.max(...known) : (input.timeWaitUpperBound ?? 60),
    };
    if (known.length === 0) {
      timeWait.estimated = true;
    }
  }

  let status: PortReport['status'];
  if (holding.length > 0) {
    if (holders.size === 0) {
      status = 'owner-hidden';
    } else {
      status = listening.length > 0 && protocol === 'tcp' ? 'listening' : 'bound';
    }
  } else {
    status = timeWait ? 'time-wait' : 'free';
  }

  const report: PortReport = {
    port,
    protocol,
    status,
    addresses: [...new Set(holding.map((r) => r.address))].sort(compareAddresses),
    holders: [...holders.values()].sort((a, b) => a.pid - b.pid),
    ownerHidden,
    established: rows.filter((r) => r.state === 'ESTABLISHED').length,
    closeWait: rows.filter((r) => r.state === 'CLOSE_WAIT').length,
    sockets: holding.slice(),
  };
  if (timeWait) {
    report.timeWait = timeWait;
  }
  return report;
}

/** IPv4 before IPv6, then by text: stable output for people and tests. */
export function compareAddresses(a: string, b: string): number {
  const fa = a.includes(':') ? 1 : 0;
  const fb = b.includes(':') ? 1 : 0;
  return fa - fb || (a < b ? -1 : a > b ? 1 : 0);
}

export interface NormalisedQuery {
  port: number;
  protocol: Protocol | 'any';
}

export function normaliseQueries(queries: readonly PortQuery[]): NormalisedQuery[] {
  return queries.map((q) => {
    const n = typeof q === 'number' ? { port: q, protocol: 'any' as const } : q;
    if (!Number.isInteger(n.port) || n.port < 0 || n.port > 65535) {
      throw new RangeError(`not a port number: ${n.port}`);
    }
    return n;
  });
}

/** 'any': the TCP answer unless TCP is free and UDP is not. */
export function pickReport(q: NormalisedQuery, tcp: PortReport | undefined, udp: PortReport | undefined): PortReport {
  if (q.protocol === 'tcp' || (q.protocol === 'any' && tcp && (tcp.status !== 'free' || !udp || udp.status === 'free'))) {
    return tcp!;
  }
  return udp!;
}

/** One report per query from a reader that has every row at hand (lsof, netstat): both protocols built, one picked. */
export function answerQueries(
  queries: readonly NormalisedQuery[],
  report: (port: number, protocol: Protocol) => PortReport,
): PortReport[] {
  return queries.map((q) =>
    pickReport(
      q,
      q.protocol !== 'udp' ? report(q.port, 'tcp') : undefined,
      q.protocol !== 'tcp' ? report(q.port, 'udp') : undefined,
    ),
  );
}
