// Process details from Linux procfs: command line, name, user, start time, cwd, parent.
// Every read may fail (the process exited, hidepid, another user's /proc/PID/cwd): callers get
// partial data, never an exception, except when the process is gone altogether.

import * as path from 'path';
import { type ProcIo, asyncProcIo } from './proc-io';
import { USER_HZ } from './proc-net';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** `comm`, at most 15 characters. */
  name: string;
  /** NUL-separated argv joined by spaces; `name` in brackets when empty (kernel threads, zombies). */
  command: string;
  /** The arguments as /proc/PID/cmdline holds them (spaces inside an argument kept); empty when unreadable. */
  argv: string[];
  /** Real uid from /proc/PID/status; -1 when unreadable. */
  uid: number;
  /** ms since the epoch. */
  startTime: number;
  cwd?: string;
}

export interface StatFields {
  /** R, S, D, Z (zombie: exited, not yet reaped), T, ... */
  state: string;
  ppid: number;
  name: string;
  /** starttime in USER_HZ ticks since boot. */
  startTicks: number;
  /** Process group id (field 5). */
  pgrp: number;
}

/** /proc/PID/stat: `pid (comm) state ppid ... starttime(22) ...`; comm may hold spaces and ')'. */
export function parseStat(text: string): StatFields | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) {
    return undefined;
  }
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const ppid = Number(rest[1]);
  const startTicks = Number(rest[19]);
  const pgrp = Number(rest[2]);
  if (!Number.isFinite(ppid) || !Number.isFinite(startTicks)) {
    return undefined;
  }
  return { state: rest[0], ppid, name: text.slice(open + 1, close), startTicks, pgrp };
}

/** Real uid from the `Uid:` line of /proc/PID/status. */
export function parseStatusUid(text: string): number {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : -1;
}

/** uid -> name from passwd(5) text. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && f[0] && !line.startsWith('#')) {
      const uid = Number(f[2]);
      if (Number.isInteger(uid) && !users.has(uid)) {
        users.set(uid, f[0]);
      }
    }
  }
  return users;
}

/** Boot time in seconds since the epoch, from the `btime` line of /proc/stat. */
export function parseBootTime(procStat: string): number {
  const m = /^btime\s+(\d+)/m.exec(procStat);
  if (!m) {
    throw new Error('no btime line in /proc/stat');
  }
  return Number(m[1]);
}

export function startTimeMs(bootTimeSeconds: number, startTicks: number): number {
  return bootTimeSeconds * 1000 + Math.round((startTicks * 1000) / USER_HZ);
}

/** Reads procfs for one process; `user` names come from a passwd map read once per reader. */
export class ProcFs {
  private bootTime: number | undefined;
  private users: Map<number, string> | undefined;

  constructor(
    readonly root = '/proc',
    private readonly passwdPath = '/etc/passwd',
    readonly io: ProcIo = asyncProcIo,
  ) {}

  async bootTimeSeconds(): Promise<number> {
    if (this.bootTime === undefined) {
      this.bootTime = parseBootTime(await this.io.readFile(path.join(this.root, 'stat'), 'latin1'));
    }
    return this.bootTime;
  }

  async userName(uid: number): Promise<string> {
    if (uid < 0) {
      return '';
    }
    if (!this.users) {
      try {
        this.users = parsePasswd(await this.io.readFile(this.passwdPath, 'utf8'));
      } catch {
        this.users = new Map();
      }
    }
    return this.users.get(uid) ?? String(uid);
  }

  /** ppid, comm and start time; undefined when the process is gone or hidden. */
  async stat(pid: number): Promise<(StatFields & { startTime: number }) | undefined> {
    let text: string;
    try {
      text = await this.io.readFile(path.join(this.root, String(pid), 'stat'), 'latin1');
    } catch {
      return undefined;
    }
    const s = parseStat(text);
    return s && { ...s, startTime: startTimeMs(await this.bootTimeSeconds(), s.startTicks) };
  }

  async process(pid: number, withCwd = true): Promise<ProcessInfo | undefined> {
    const dir = path.join(this.root, String(pid));
    const [stat, cmdline, status, cwd] = await Promise.all([
      this.stat(pid),
      this.io.readFile(path.join(dir, 'cmdline'), 'utf8').catch(() => ''),
      this.io.readFile(path.join(dir, 'status'), 'utf8').catch(() => ''),
      withCwd ? this.io.readlink(path.join(dir, 'cwd')).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    if (!stat) {
      return undefined;
    }
    const args = cmdline.split('\0');
    while (args.length > 0 && args[args.length - 1] === '') {
      args.pop();
    }
    const info: ProcessInfo = {
      pid,
      ppid: stat.ppid,
      name: stat.name,
      command: args.length > 0 ? args.join(' ') : `[${stat.name}]`,
      argv: args,
      uid: parseStatusUid(status),
      startTime: stat.startTime,
    };
    if (cwd !== undefined) {
      info.cwd = cwd;
    }
    return info;
  }

  /** Threads still in the process (0 when gone): a zombie leader can outlive its threads' exit. */
  async threadCount(pid: number): Promise<number> {
    try {
      return (await this.io.readdir(path.join(this.root, String(pid), 'task'))).length;
    } catch {
      return 0;
    }
  }

  /** Inodes of the sockets among the process's open files; undefined when its fds cannot be read. */
  async socketInodes(pid: number): Promise<Set<number> | undefined> {
    const dir = path.join(this.root, String(pid), 'fd');
    let fds: string[];
    try {
      fds = await this.io.readdir(dir);
    } catch {
      return undefined;
    }
    const links = await Promise.all(fds.map((fd) => this.io.readlink(path.join(dir, fd)).catch(() => '')));
    const inodes = new Set<number>();
    for (const l of links) {
      const m = /^socket:\[(\d+)\]$/.exec(l);
      if (m) {
        inodes.add(Number(m[1]));
      }
    }
    return inodes;
  }

  /** The pid given out last in this pid namespace (the last field of /proc/loadavg); undefined when unknown. */
  async lastPid(): Promise<number | undefined> {
    try {
      const m = /\s(\d+)\s*$/.exec(await this.io.readFile(path.join(this.root, 'loadavg'), 'latin1'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Numeric entries of /proc, ascending (older processes first: forked holders follow their parent). */
  async pids(): Promise<number[]> {
    const names = await this.io.readdir(this.root);
    const pids: number[] = [];
    for (const n of names) {
      const c = n.charCodeAt(0);
      if (c >= 48 && c <= 57) {
        pids.push(Number(n));
      }
    }
    return pids.sort((a, b) => a - b);
  }
}
