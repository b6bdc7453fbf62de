// Linux: socket tables from /proc/net, owners from /proc/PID/fd, details from procfs.
// No child process. A warm refresh of listening ports reads the listening sections of tcp and
// tcp6, one readlink per cached owner, and nothing else.

import { asyncProcIo, syncProcIo } from './proc-io';
import * as path from 'path';
import { classifyHolder, KindContext } from '../holder-kind';
import {
  Holder,
  InodeOwners,
  LookupOptions,
  PortQuery,
  TimeWaitInfo,
  PortReader,
  PortReport,
  Protocol,
  SocketEntry,
} from '../model';
import { ProcFs, ProcessInfo } from './procfs';
import { ProcNetTable } from './proc-net-table';
import { buildReport, normaliseQueries, pickReport, ProcessDetails, RowOwners } from '../report';
import { SocketOwnerIndex } from './socket-owners';

/** How long a whole-table read answers for a port that still has no listener (see readTcp). */
export const QUIET_PORT_TTL_MS = 10_000;

export interface LinuxReaderOptions {
  procRoot?: string;
  passwdPath?: string;
  selfPid?: number;
  /** Clock for the reuse of whole-table reads (tests move it). Default Date.now. */
  now?: () => number;
  /** Read procfs synchronously (proc-io.ts): for one-shot commands, never the editor. Default false. */
  syncIo?: boolean;
}

export class LinuxPortReader implements PortReader, InodeOwners {
  readonly inodeOwners: InodeOwners = this;

  readonly platform: NodeJS.Platform = 'linux';
  private readonly proc: ProcFs;
  private readonly owners: SocketOwnerIndex;
  /** Unlistened ports whose last whole-table read found only TIME_WAIT sockets or none: when, and their timers. */
  private readonly quietPorts = new Map<number, { at: number; timers: number[] }>();
  /** Details of owners already seen: an owner validated by readlink is the same process. */
  private readonly details = new Map<number, ProcessDetails>();
  private ancestors: Promise<Set<number>> | undefined;
  private readonly selfPid: number;
  private readonly now: () => number;

  constructor(options: LinuxReaderOptions = {}) {
    this.proc = new ProcFs(
      options.procRoot ?? '/proc',
      options.passwdPath ?? '/etc/passwd',
      options.syncIo ? syncProcIo : asyncProcIo,
    );
    this.owners = new SocketOwnerIndex(this.proc);
    this.selfPid = options.selfPid ?? process.pid;
    this.now = options.now ?? Date.now;
  }

  /** How many times the reader walked /proc/PID/fd (cold look-ups); warm refreshes add none. */
  get ownerWalks(): number {
    return this.owners.walks;
  }

  clearCache(): void {
    this.quietPorts.clear();
    this.owners.clear();
    this.details.clear();
  }

  /**
   * Look-ups run one at a time: they share the owner and details caches (a status-bar refresh and
   * a QuickPick look-up may overlap), and a queued refresh then reuses the walk the first one did.
   */
  lookup(ports: readonly PortQuery[], opts: LookupOptions = {}): Promise<PortReport[]> {
    const run = this.queue.then(() => this.lookupNow(ports, opts));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private queue: Promise<void> = Promise.resolve();

  private async lookupNow(ports: readonly PortQuery[], opts: LookupOptions): Promise<PortReport[]> {
    const queries = normaliseQueries(ports);
    const tcpPorts = new Set(queries.filter((q) => q.protocol !== 'udp').map((q) => q.port));
    const timeWait = new Map<number, TimeWaitInfo>();
    this.lastRowsSeenTcp = 0;
    this.lastReadWholeTable = false;
    const tcpRows = tcpPorts.size > 0 ? await this.readTcp(tcpPorts, opts.connections === true, timeWait) : [];

    // UDP only for ports asked as UDP, or as 'any' when TCP has nothing there.
    const udpPorts = new Set(
      queries
        .filter(
          (q) =>
            q.protocol === 'udp' || (q.protocol === 'any' && !tcpRows.some((r) => r.port === q.port) && !timeWait.has(q.port)),
        )
        .map((q) => q.port),
    );
    const udpRows = udpPorts.size > 0 ? await this.readTables(['udp', 'udp6'], 'udp', udpPorts) : [];

    const rows = [...tcpRows, ...udpRows];
    const inodes = rows.filter((r) => r.inode > 0 && r.state !== 'TIME_WAIT').map((r) => r.inode);
    const { owners, hidden } = await this.owners.lookup(inodes);
    const pids = new Set([...owners.values()].flat());
    await this.loadDetails(pids, opts.skipCwd === true);

    const kinds: KindContext = {
      platform: 'linux',
      editorPids: new Set([...(await this.editorAncestors()), ...(opts.editorPids ?? [])]),
    };
    const ownersOf = (row: SocketEntry): RowOwners => {
      if (row.inode === 0 || hidden.has(row.inode)) {
        return 'hidden';
      }
      const list = owners.get(row.inode) ?? [];
      const out = list.map((pid) => this.details.get(pid)).filter((d): d is ProcessDetails => d !== undefined);
      return out.length > 0 ? out : 'hidden';
    };
    const report = (port: number, protocol: Protocol, source: SocketEntry[]) =>
      buildReport({
        port,
        protocol,
        rows: source.filter((r) => r.port === port),
        ownersOf,
        kinds,
        timeWaitSummary: protocol === 'tcp' ? timeWait.get(port) : undefined,
      });

    return queries.map((q) => {
      const tcp = q.protocol !== 'udp' ? report(q.port, 'tcp', tcpRows) : undefined;
      const udp = udpPorts.has(q.port) && q.protocol !== 'tcp' ? report(q.port, 'udp', udpRows) : undefined;
      return pickReport(q, tcp, udp);
    });
  }

  /**
   * Owners of arbitrary socket inodes (Unix-domain sockets from /proc/net/unix), with the same
   * cache and details as port look-ups. `hiddenInodes`: sockets whose owner cannot be seen.
   */
  async holdersOfInodes(
    inodes: readonly number[],
    opts: LookupOptions = {},
  ): Promise<{ holders: (Holder & { inodes: number[] })[]; hiddenInodes: number[] }> {
    const { owners, hidden } = await this.owners.lookup(inodes);
    await this.loadDetails(new Set([...owners.values()].flat()), opts.skipCwd === true, false);
    const kinds: KindContext = {
      platform: 'linux',
      editorPids: new Set([...(await this.editorAncestors()), ...(opts.editorPids ?? [])]),
    };
    const byPid = new Map<number, Holder & { inodes: number[] }>();
    for (const [inode, pids] of owners) {
      for (const pid of pids) {
        const d = this.details.get(pid);
        if (!d) {
          continue;
        }
        let h = byPid.get(pid);
        if (!h) {
          h = { ...d, addresses: [], ...classifyHolder(d, kinds), inodes: [] };
          byPid.set(pid, h);
        }
        h.inodes.push(inode);
      }
    }
    return { holders: [...byPid.values()].sort((a, b) => a.pid - b.pid), hiddenInodes: [...hidden] };
  }

  /** Whether the last lookup read the TCP tables past their listening sections. */
  lastReadWholeTable = false;

  /** Rows seen in tcp+tcp6 by the last lookup, for the bench and the early-exit tests. */
  lastRowsSeenTcp = 0;

  /**
   * Listening sections first; the rest of the tables only for ports without a listener (or when
   * asked). A port whose last whole-table read found nothing but TIME_WAIT sockets (or nothing at
   * all) and that still has no listener is answered from that read, its timers counted down, for
   * QUIET_PORT_TTL_MS: without a listener, new sockets on it are rare (a client binding it, a
   * server started and stopped between two refreshes), and re-reading thousands of rows on every
   * poll would cost more than all the rest of a refresh. A listener always shows at once.
   */
  private async readTcp(ports: Set<number>, all: boolean, timeWait: Map<number, TimeWaitInfo>): Promise<SocketEntry[]> {
    const now = this.now();
    const inUse = await this.socketsInUse();
    const tables = (['tcp', 'tcp6'] as const).map(
      (f) => new ProcNetTable(path.join(this.proc.root, 'net', f), 'tcp', ports, this.proc.io, inUse[f]),
    );
    let readRest: number[];
    let wholeTable = false;
    try {
      await Promise.all(tables.map((t) => t.advance(!all)));
      const listened = new Set(tables.flatMap((t) => t.rows.filter((r) => r.state === 'LISTEN').map((r) => r.port)));
      for (const p of listened) {
        this.quietPorts.delete(p);
      }
      const unlistened = [...ports].filter((p) => !listened.has(p));
      readRest = all ? unlistened : unlistened.filter((p) => !this.answerFromQuiet(p, now, timeWait));
      if (all || readRest.length > 0) {
        await Promise.all(tables.map((t) => t.advance(false)));
        wholeTable = true;
        readRest = unlistened; // every unlistened port has a fresh answer now
      }
    } finally {
      await Promise.all(tables.map((t) => t.close()));
    }
    this.lastRowsSeenTcp = tables.reduce((n, t) => n + t.rowsSeen, 0);
    this.lastReadWholeTable = wholeTable;
    const rows = tables.flatMap((t) => t.rows);
    const timersOf = (p: number) => tables.flatMap((t) => t.timeWait.get(p)?.timers ?? []);
    if (wholeTable) {
      for (const p of ports) {
        const timers = timersOf(p);
        timeWait.delete(p);
        if (timers.length > 0) {
          timeWait.set(p, { count: timers.length, remainingSeconds: Math.max(...timers) });
        }
      }
    }
    for (const p of readRest) {
      const timers = timersOf(p);
      if (rows.some((r) => r.port === p)) {
        this.quietPorts.delete(p);
      } else {
        this.quietPorts.set(p, { at: now, timers });
      }
    }
    return rows;
  }

  /** TCP sockets in use per family (/proc/net/sockstat, sockstat6), where the kernel tells: see ProcNetTable. */
  private async socketsInUse(): Promise<{ tcp?: number; tcp6?: number }> {
    const count = async (file: string, label: string) => {
      try {
        const m = new RegExp(`^${label}: inuse (\\d+)`, 'm').exec(
          await this.proc.io.readFile(path.join(this.proc.root, 'net', file), 'latin1'),
        );
        return m ? Number(m[1]) : undefined;
      } catch {
        return undefined; // no IPv6, or not procfs: the tables are read to their listening sections' end
      }
    };
    return { tcp: await count('sockstat', 'TCP'), tcp6: await count('sockstat6', 'TCP6') };
  }

  /** Answers an unlistened port from its last whole-table read if that is recent; false when it must be read. */
  private answerFromQuiet(port: number, now: number, timeWait: Map<number, TimeWaitInfo>): boolean {
    const quiet = this.quietPorts.get(port);
    if (!quiet || now - quiet.at >= QUIET_PORT_TTL_MS) {
      return false;
    }
    const elapsed = (now - quiet.at) / 1000;
    const left = quiet.timers.map((t) => Math.ceil(t - elapsed)).filter((t) => t > 0);
    if (left.length > 0) {
      timeWait.set(port, { count: left.length, remainingSeconds: Math.max(...left) });
    }
    return true;
  }

  private async readTables(files: string[], protocol: Protocol, ports: Set<number>): Promise<SocketEntry[]> {
    const tables = files.map((f) => new ProcNetTable(path.join(this.proc.root, 'net', f), protocol, ports, this.proc.io));
    await Promise.all(tables.map((t) => t.advance(false)));
    return tables.flatMap((t) => t.rows);
  }

  private async loadDetails(pids: Set<number>, skipCwd: boolean, prune = true): Promise<void> {
    if (prune) {
      for (const pid of this.details.keys()) {
        if (!pids.has(pid)) {
          this.details.delete(pid);
        }
      }
    }
    await Promise.all(
      [...pids]
        .filter((pid) => !this.details.has(pid))
        .map(async (pid) => {
          const info = await this.proc.process(pid, !skipCwd);
          if (info) {
            this.details.set(pid, await this.toDetails(info));
          }
        }),
    );
  }

  private async toDetails(info: ProcessInfo): Promise<ProcessDetails> {
    const d: ProcessDetails = {
      pid: info.pid,
      name: info.name,
      command: info.command,
      argv: info.argv,
      user: await this.proc.userName(info.uid),
      uid: info.uid,
      startTime: info.startTime,
    };
    if (info.cwd !== undefined) {
      d.cwd = info.cwd;
    }
    return d;
  }

  /** This process and its ancestors (not pid 1): the editor's own tree as seen from here. */
  editorAncestors(): Promise<Set<number>> {
    this.ancestors ??= (async () => {
      const set = new Set<number>();
      let pid = this.selfPid;
      while (pid > 1 && !set.has(pid)) {
        set.add(pid);
        const s = await this.proc.stat(pid);
        if (!s) {
          break;
        }
        pid = s.ppid;
      }
      return set;
    })();
    return this.ancestors;
  }
}
