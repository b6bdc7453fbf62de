// Unix-domain socket files: is anybody listening, or is the file a stale leftover that makes
// the next bind fail with EADDRINUSE (reuse options do not apply to AF_UNIX)?
// Linux: /proc/net/unix rows give the listening sockets and their inodes (then owners as for
// TCP). Elsewhere, or when no row matches: a connect() probe, whose ECONNREFUSED means stale.

import { promises as fs } from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { Holder, InodeOwners } from './model';
import { LinuxPortReader } from './readers/linux-reader';

export type UnixSocketStatus =
  /** A process listens on the file. */
  | 'listening'
  /** The file is a socket nobody listens on: delete it before binding (or bind will fail). */
  | 'stale'
  /** No file at the path. */
  | 'missing'
  /** Something else (a regular file, a folder) is at the path: bind fails too. */
  | 'not-a-socket'
  /** The probe could not tell (e.g. no permission to connect). */
  | 'unknown';

export interface UnixSocketReport {
  path: string;
  status: UnixSocketStatus;
  /** Listening processes (Linux); empty when not listening or when the owners are hidden. */
  holders: Holder[];
  ownerHidden: boolean;
  /** For 'unknown': why. */
  detail?: string;
}

export interface UnixListenRow {
  inode: number;
  path: string;
}

/** __SO_ACCEPTCON in the Flags column: the socket listens. */
const ACCEPTCON = 0x10000;

/** Listening rows of /proc/net/unix (`Num RefCount Protocol Flags Type St Inode Path`). Abstract sockets are skipped. */
export function parseProcNetUnix(text: string): UnixListenRow[] {
  const rows: UnixListenRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const m = /^\S+:\s+\S+\s+\S+\s+([0-9A-Fa-f]+)\s+\S+\s+\S+\s+(\d+)\s+(.+)$/.exec(line);
    if (m && (parseInt(m[1], 16) & ACCEPTCON) !== 0 && !m[3].startsWith('@')) {
      rows.push({ inode: Number(m[2]), path: m[3] });
    }
  }
  return rows;
}

export interface InspectOptions {
  platform?: NodeJS.Platform;
  /** Linux: reuse the session's reader (its owner cache and procfs settings). */
  reader?: InodeOwners;
  procRoot?: string;
}

export async function inspectUnixSocket(file: string, opts: InspectOptions = {}): Promise<UnixSocketReport> {
  const abs = path.resolve(file);
  const base = { path: abs, holders: [] as Holder[], ownerHidden: false };
  let stat;
  try {
    stat = await fs.lstat(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { ...base, status: 'missing' } : { ...base, status: 'unknown', detail: (e as Error).message };
  }
  if (!stat.isSocket()) {
    return { ...base, status: 'not-a-socket' };
  }
  if ((opts.platform ?? process.platform) === 'linux') {
    const found = await linuxListeners(abs, opts);
    if (found) {
      return { ...base, status: 'listening', ...found };
    }
  }
  return probe(abs, base);
}

/** Holders of listening rows for `abs`; a row bound with a relative path counts when its holder's cwd resolves it to `abs`. */
async function linuxListeners(
  abs: string,
  opts: InspectOptions,
): Promise<{ holders: Holder[]; ownerHidden: boolean } | undefined> {
  const procRoot = opts.procRoot ?? '/proc';
  let text: string;
  try {
    text = await fs.readFile(path.join(procRoot, 'net', 'unix'), 'utf8');
  } catch {
    return undefined;
  }
  const candidates = parseProcNetUnix(text).filter(
    (r) => r.path === abs || (!r.path.startsWith('/') && abs.endsWith(`/${path.normalize(r.path)}`)),
  );
  if (candidates.length === 0) {
    return undefined;
  }
  const reader = opts.reader ?? new LinuxPortReader({ procRoot });
  const { holders, hiddenInodes } = await reader.holdersOfInodes(candidates.map((c) => c.inode));
  const confirmed = holders.filter((h) =>
    candidates.some(
      (c) => h.inodes.includes(c.inode) && (c.path === abs || (h.cwd !== undefined && path.resolve(h.cwd, c.path) === abs)),
    ),
  );
  const hiddenAbsolute = candidates.some((c) => c.path === abs && hiddenInodes.includes(c.inode));
  if (confirmed.length === 0 && !hiddenAbsolute) {
    return undefined;
  }
  return {
    holders: confirmed.map(({ inodes: _inodes, ...h }) => h),
    ownerHidden: hiddenAbsolute,
  };
}

/** connect(): refused means nobody listens (stale); accepted means somebody does. Closed at once. */
function probe(abs: string, base: { path: string; holders: Holder[]; ownerHidden: boolean }): Promise<UnixSocketReport> {
  return new Promise((resolve) => {
    const socket = net.connect({ path: abs });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ...base, status: 'unknown', detail: 'connect did not answer within 1 s' });
    }, 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...base, status: 'listening', ownerHidden: true });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT') {
        resolve({ ...base, status: e.code === 'ENOENT' ? 'missing' : 'stale' });
      } else {
        resolve({ ...base, status: 'unknown', detail: e.message });
      }
    });
  });
}
