// Socket inode -> owning pids, through /proc/PID/fd/N -> 'socket:[INODE]'.
// A cold look-up walks processes only until every wanted inode has an owner, then checks that
// owner's family (parent, siblings, descendants), where a fork's other holders are. The result
// is cached as (pid, fd) pairs; a warm look-up re-validates each pair with one readlink.

import { existsSync, readdirSync, readFileSync, readlinkSync } from 'fs';
import * as path from 'path';
import { findSocketFds } from './fd-search';
import { ProcFs } from './procfs';

interface FdRef {
  pid: number;
  fd: string;
}

/** An inode nobody visible holds stays "hidden" this long before a new full walk is tried. */
const HIDDEN_TTL_MS = 30_000;
/** Bound on cached inodes; the oldest go first. */
const MAX_CACHED = 8192;
/** Longest stretch of synchronous procfs reads before yielding to the event loop. */
const SLICE_MS = 4;

export interface OwnerLookup {
  /** inode -> pids holding it (sorted). Inodes with no visible owner are absent. */
  owners: Map<number, number[]>;
  /** Wanted inodes no visible process holds: another user's (unprivileged), hidepid, other pid namespace. */
  hidden: Set<number>;
}

export class SocketOwnerIndex {
  private readonly cache = new Map<number, FdRef[]>();
  private readonly hiddenSince = new Map<number, number>();
  /** Walks of /proc so far: a warm look-up of known sockets does none (tests and the bench check it). */
  walks = 0;

  constructor(private readonly proc: ProcFs) {}

  clear(): void {
    this.cache.clear();
    this.hiddenSince.clear();
  }

  async lookup(inodes: Iterable<number>, now = Date.now()): Promise<OwnerLookup> {
    const owners = new Map<number, number[]>();
    const hidden = new Set<number>();
    const missing = new Set<number>();

    await Promise.all(
      [...new Set(inodes)]
        .filter((i) => i > 0)
        .map(async (inode) => {
          const cached = this.cache.get(inode);
          if (cached) {
            const valid = (await Promise.all(cached.map((ref) => this.holds(ref, inode)))).every(Boolean);
            if (valid) {
              owners.set(inode, sortedPids(cached));
              return;
            }
            // One holder is gone or changed: the family may have changed too, so walk again.
            this.cache.delete(inode);
          }
          const since = this.hiddenSince.get(inode);
          if (since !== undefined && now - since < HIDDEN_TTL_MS) {
            hidden.add(inode);
            return;
          }
          missing.add(inode);
        }),
    );

    if (missing.size > 0) {
      const found = await this.walk(missing);
      for (const inode of missing) {
        const refs = found.get(inode);
        if (refs && refs.length > 0) {
          this.remember(inode, refs);
          this.hiddenSince.delete(inode);
          owners.set(inode, sortedPids(refs));
        } else {
          this.hiddenSince.set(inode, now);
          hidden.add(inode);
        }
      }
    }
    return { owners, hidden };
  }

  private remember(inode: number, refs: FdRef[]): void {
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) {
        this.cache.delete(oldest);
      }
    }
    this.cache.set(inode, refs);
  }

  private async holds(ref: FdRef, inode: number): Promise<boolean> {
    try {
      return (await this.proc.io.readlink(path.join(this.proc.root, String(ref.pid), 'fd', ref.fd))) === `socket:[${inode}]`;
    } catch {
      return false;
    }
  }

  /**
   * Walks processes newest first (a dev server is usually younger than the system's daemons)
   * until every wanted inode has an owner, then the owners' families for the other holders
   * of a forked socket.
   *
   * The walk uses synchronous readdir/readlink in slices of at most SLICE_MS, yielding to the
   * event loop in between: procfs entries are generated in memory and never wait on a device,
   * and on the machines measured a synchronous walk is ~10x faster than one thread-pool round
   * trip per fd (hundreds of them), which is what makes a cold look-up cost less than `ss -p`.
   */
  private async walk(wanted: Set<number>): Promise<Map<number, FdRef[]>> {
    this.walks++;
    const found = new Map<number, FdRef[]>();
    const scanned = new Set<number>();
    const pids = newestFirst(await this.proc.pids(), await this.proc.lastPid());
    const allFound = () => found.size === wanted.size;

    const scanSlice = async (list: readonly number[], stopWhenFound: boolean): Promise<number> => {
      let i = 0;
      while (i < list.length) {
        const sliceEnd = Date.now() + SLICE_MS;
        while (i < list.length && Date.now() < sliceEnd) {
          if (stopWhenFound && allFound()) {
            return i;
          }
          this.scanProcess(list[i++], wanted, found, scanned);
        }
        await yieldToEventLoop();
      }
      return i;
    };

    const stoppedAt = await scanSlice(pids, true);
    if (stoppedAt < pids.length) {
      const family = await this.family(found);
      // Without /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN) relatives cannot be listed
      // cheaply, so the walk goes on: correctness (every holder) over speed.
      await scanSlice(family ?? pids.slice(stoppedAt), false);
    }
    return found;
  }

  /** Parents, siblings and descendants of the owners found; undefined when the kernel cannot list children. */
  private async family(found: Map<number, FdRef[]>): Promise<number[] | undefined> {
    const owners = new Set([...found.values()].flat().map((r) => r.pid));
    const out = new Set<number>();
    const roots = new Set<number>(owners);
    for (const owner of owners) {
      const s = await this.proc.stat(owner);
      if (s && s.ppid > 1) {
        roots.add(s.ppid);
        out.add(s.ppid);
      }
    }
    const queue = [...roots];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const children = this.children(queue.shift()!);
      if (children === undefined) {
        return undefined;
      }
      for (const c of children) {
        if (!seen.has(c)) {
          seen.add(c);
          out.add(c);
          queue.push(c);
        }
      }
    }
    return [...out];
  }

  private children(pid: number): number[] | undefined {
    const taskDir = path.join(this.proc.root, String(pid), 'task');
    let tasks: string[];
    try {
      tasks = readdirSync(taskDir);
    } catch {
      return []; // exited
    }
    const out: number[] = [];
    for (const tid of tasks) {
      let text: string;
      try {
        text = readFileSync(path.join(taskDir, tid, 'children'), 'latin1');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(path.join(taskDir, tid))) {
          return undefined; // the kernel has no children files
        }
        continue;
      }
      for (const c of text.split(' ')) {
        if (c.trim()) {
          out.push(Number(c));
        }
      }
    }
    return out;
  }

  /** Records the wanted sockets among `pid`'s fds; unreadable (EACCES) or exited processes add nothing. */
  private scanProcess(pid: number, wanted: Set<number>, found: Map<number, FdRef[]>, scanned: Set<number>): void {
    if (scanned.has(pid)) {
      return;
    }
    scanned.add(pid);
    const dir = `${this.proc.root}/${pid}/fd`;
    let fds: string[];
    try {
      fds = readdirSync(dir);
    } catch {
      return;
    }
    // In fd order (readdir sorts names as text: 1020 before 103): a server's listener has a low
    // fd, opened before the connections it accepts. One fd per wanted socket tells that this
    // process holds it: once each is seen, the rest of its fds cannot add a holder.
    const held = findSocketFds(
      Int32Array.from(fds, Number).sort(),
      (fd) => {
        try {
          return readlinkSync(`${dir}/${fd}`); // no path.join: this runs once per fd of every process
        } catch {
          return undefined;
        }
      },
      wanted,
    );
    for (const [inode, fd] of held) {
      const list = found.get(inode) ?? [];
      list.push({ pid, fd: String(fd) });
      found.set(inode, list);
    }
  }
}

/**
 * Ascending pids reordered newest first. Pids wrap around (at 32,768 by default, which a busy
 * machine reaches in minutes): the ones above the last pid given out are older than those below.
 * `lastPid` undefined: in descending order.
 */
export function newestFirst(ascending: readonly number[], lastPid: number | undefined): number[] {
  const last = lastPid ?? Infinity;
  const below = ascending.filter((p) => p <= last).reverse();
  const above = ascending.filter((p) => p > last).reverse();
  return [...below, ...above];
}

/** Lets other callbacks run between slices of the walk. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sortedPids(refs: readonly FdRef[]): number[] {
  return [...new Set(refs.map((r) => r.pid))].sort((a, b) => a - b);
}
