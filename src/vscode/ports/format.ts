// Words and short texts for the port UI (status bar, tree, QuickPick, tooltips). No 'vscode'
// here, so the wording is unit-tested under node:test.
import * as path from 'node:path';
import type { Holder, PortReport, Protocol } from '../../ports/model';
import type { PortSource, WorkspaceUnixSocket } from '../../ports/discovery';
import type { UnixSocketReport } from '../../ports/unix-socket';
import { PORTS_SETTING } from '../../ports/sources/setting-ports';

/** One workspace port as the UI shows it: where it is written and what the last look-up saw. */
export interface PortRow {
  port: number;
  protocol?: Protocol;
  sources: readonly PortSource[];
  /** When several sources name the port: the one its holder runs (or the last holder ran), also first in `sources`. */
  running?: PortSource;
  /** Undefined until the first look-up finishes (or when it failed: see `error`). */
  report?: PortReport;
  /** Date.now() when `report` was read: TIME_WAIT timers count down from there without I/O. */
  readAt?: number;
  /** A port the user looked up that no workspace file names (typed in Show Port Holders). */
  lookedUp?: boolean;
  /** Why the port's holders cannot be read (no /proc, lsof missing): the port is not known to be free. */
  error?: string;
}

/** A Unix socket file the workspace's code binds, and what the last inspection saw at its path. */
export interface SocketRow extends WorkspaceUnixSocket {
  report?: UnixSocketReport;
}

/** Socket files worth a row: a stale one blocks the next bind, a listening one has a holder. Missing paths are not listed. */
export function isShownSocket(row: SocketRow): boolean {
  return row.report?.status === 'stale' || row.report?.status === 'listening';
}

/** `stale socket file (nobody listening)`, `listening · node·4123`. */
export function socketStateText(row: SocketRow): string {
  const report = row.report;
  if (!report) return 'not read yet';
  switch (report.status) {
    case 'stale':
      return 'stale socket file (nobody listening)';
    case 'listening':
      return `listening · ${report.holders.length === 0 ? 'owner hidden' : report.holders.map(holderLabel).join(', ') + (report.ownerHidden ? ' + hidden' : '')}`;
    case 'missing':
      return 'no file';
    case 'not-a-socket':
      return 'not a socket (bind fails too)';
    case 'unknown':
      return `unknown${report.detail ? ` (${report.detail})` : ''}`;
  }
}

export const STALE_SOCKET_EXPLANATION =
  'Nobody listens on this socket file: it outlived the process that bound it. The next bind on this path fails with EADDRINUSE ("Address already in use") until the file is removed; address reuse options do not apply to Unix sockets. Delete it, or make the server unlink the path before it binds (the analyzer\'s `unix-socket-stale` rule flags binds that do not, and its quick fix adds the unlink).';

export const TIME_WAIT_EXPLANATION =
  'Nobody listens, but TIME_WAIT sockets of a closed connection remain. A restarted server can bind now only if it and the process that left these sockets set SO_REUSEADDR; otherwise bind fails with "Address already in use" until they expire.';

export function holderLabel(holder: Holder): string {
  return `${holder.name || 'pid'}·${holder.pid}`;
}

/** Seconds left on the TIME_WAIT timers now, counting down from the look-up without reading again. */
export function timeWaitLeft(row: PortRow, now: number): number | undefined {
  const tw = row.report?.timeWait;
  if (!tw || row.readAt === undefined) return undefined;
  return Math.max(0, tw.remainingSeconds - Math.floor((now - row.readAt) / 1000));
}

export function isHeld(row: PortRow): boolean {
  const status = row.report?.status;
  return status === 'listening' || status === 'bound' || status === 'owner-hidden';
}

/** One label for held and free ports alike: `45000/tcp`. */
export function portLabel(row: PortRow): string {
  return `${row.port}/${row.report?.protocol ?? row.protocol ?? 'tcp'}`;
}

/** The state in a few words: `node·4123`, `TIME_WAIT 41s` (`≤120s` on Windows), `owner hidden`, `free`. */
export function stateText(row: PortRow, now: number): string {
  const report = row.report;
  if (!report) return row.error ? 'cannot be read (not known to be free)' : 'not read yet';
  switch (report.status) {
    case 'listening':
    case 'bound':
      if (report.holders.length === 0) return 'owner hidden';
      return report.holders.map(holderLabel).join(', ') + (report.ownerHidden ? ' + hidden' : '');
    case 'owner-hidden':
      return 'owner hidden';
    case 'time-wait': {
      const left = timeWaitLeft(row, now);
      // Windows shows no timers: the time is its maximum, an upper bound.
      return left === 0 ? 'free (TIME_WAIT expired)' : `TIME_WAIT ${report.timeWait?.estimated ? '≤' : ''}${left}s`;
    }
    case 'free':
      return 'free';
  }
}

/** Rows in the order the status bar picks from: held first, then TIME_WAIT, then the rest; by port within. */
function urgency(row: PortRow, now: number): number {
  if (isHeld(row)) return 0;
  if (row.report?.status === 'time-wait' && (timeWaitLeft(row, now) ?? 0) > 0) return 1;
  return 2;
}

export interface StatusSummary {
  /** The status bar text, with its `$(plug)` icon. */
  text: string;
  /** True when some workspace port is held or in TIME_WAIT: the item is not quiet. */
  busy: boolean;
}

export function statusSummary(rows: readonly PortRow[], now: number, error?: string): StatusSummary {
  if (error) return { text: '$(plug) $(warning)', busy: true };
  const workspace = rows.filter((r) => !r.lookedUp);
  const busy = workspace.filter((r) => urgency(r, now) < 2).sort((a, b) => urgency(a, now) - urgency(b, now) || a.port - b.port);
  if (busy.length === 0) return { text: '$(plug)', busy: false };
  const first = busy[0];
  const more = busy.length > 1 ? ` +${busy.length - 1}` : '';
  return { text: `$(plug) ${first.port} ${stateText(first, now)}${more}`, busy: true };
}

/** `web/server.js:5`, relative to the folder that holds the file. */
export function sourceLabel(source: PortSource, roots: readonly string[]): string {
  if (!source.file) return `setting ${PORTS_SETTING}`;
  const root = roots.find((r) => source.file === r || source.file.startsWith(r + path.sep));
  const shown = root ? path.relative(root, source.file) : path.basename(source.file);
  return `${shown}:${source.line + 1}`;
}

const KIND_WORDS: Record<PortSource['kind'], string> = {
  code: 'code',
  env: '.env',
  'package-json': 'package.json script',
  'launch-json': 'launch.json',
  'docker-compose': 'docker-compose',
  setting: 'setting',
};

export function sourceKindWord(source: PortSource): string {
  return KIND_WORDS[source.kind];
}

/** The source Reveal opens: the one running, else code first (the binding code), then any file. */
export function primarySource(row: Pick<PortRow, 'sources' | 'running'>): PortSource | undefined {
  return row.running ?? row.sources.find((s) => s.kind === 'code') ?? row.sources.find((s) => s.file !== '') ?? row.sources[0];
}

/** `pid 4123 · alice · 127.0.0.1 · LISTEN` for a holder row. */
export function holderDetail(holder: Holder, report: PortReport): string {
  const states = [
    ...new Set(
      report.sockets.filter((s) => holder.addresses.includes(s.address)).map((s) => (s.state === 'UDP_BOUND' ? 'UDP' : s.state)),
    ),
  ];
  return [`pid ${holder.pid}`, holder.user || undefined, holder.addresses.join(', ') || undefined, states.join(', ') || undefined]
    .filter((s): s is string => Boolean(s))
    .join(' · ');
}

/** Text shown inside Markdown (table cells, tooltips) must neither become markup nor break a table. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[[\]*_`<>]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

/** A `command:` link with JSON arguments, as MarkdownString command links expect. */
export function commandLink(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
