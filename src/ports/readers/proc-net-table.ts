// Streams one /proc/net table, parsing only the rows of wanted ports.
// TCP tables list the listening hash first, then the established hash (which holds TIME_WAIT
// too): `advance(true)` stops at the first non-LISTEN row, so a look-up whose ports all have
// a listener never makes the kernel format the (often much longer) rest of the table.

import * as path from 'path';
import { type ProcFile, type ProcIo, asyncProcIo } from './proc-io';
import { parseProcNetLine, USER_HZ } from './proc-net';
import { Protocol, SocketEntry } from '../model';

/** Reads while the listening section may end (reading past it is wasted kernel formatting). */
const LISTEN_CHUNK = 64 * 1024;
/** Reads once the whole rest is needed: fewer, larger reads (each is a thread-pool round trip). */
const REST_CHUNK = 1024 * 1024;
/**
 * tcp4_seq_show pads every row of /proc/net/tcp, and its header, to 149 characters and a newline
 * (tcp6 rows are not padded).
 */
const TCP4_ROW_BYTES = 150;
const LISTEN = 0x0a;
const TIME_WAIT = 0x06;

/** TIME_WAIT sockets of one port: how many, the longest timer, and every timer (seconds, rounded up). */
export interface TimeWaitSum {
  count: number;
  remainingSeconds: number;
  timers: number[];
}

export class ProcNetTable {
  /** Set once a TCP table's listening section is over (always true for UDP). */
  listenSectionDone: boolean;
  eof = false;
  /** Rows of wanted ports, in table order, except TIME_WAIT ones (see `timeWait`). */
  readonly rows: SocketEntry[] = [];
  /**
   * TIME_WAIT rows of wanted ports, summed up per port: a port nobody listens on can have
   * thousands, and only their count and the longest timer matter, so they are never fully parsed.
   */
  readonly timeWait = new Map<number, TimeWaitSum>();
  /** Rows seen (all ports): for measurements and tests of the early exit. */
  rowsSeen = 0;
  /** Bytes read from the table: for tests of the early exit. */
  bytesRead = 0;

  private handle: ProcFile | undefined;
  private pending = '';
  private headerSkipped = false;
  private buffer = Buffer.allocUnsafe(LISTEN_CHUNK);

  private listenRows = 0;

  /**
   * `listeners`: how many sockets of the table's family are in use (/proc/net/sockstat), when
   * known. The listening section then ends after that many LISTEN rows: past the last listener
   * the kernel walks every bucket of the established hash (262,144 here) to find the next row,
   * which costs more than formatting a thousand listeners, and reading a table with no socket
   * at all costs the whole walk. The count is read just before the table; only a socket opened
   * meanwhile, while another closed, can end the section before a listener that was there
   * throughout (the kernel's own walk misses a socket added behind it anyway).
   */
  constructor(
    readonly file: string,
    readonly protocol: Protocol,
    private readonly wanted: ReadonlySet<number>,
    private readonly io: ProcIo = asyncProcIo,
    private readonly listeners?: number,
  ) {
    this.listenSectionDone = protocol === 'udp';
    this.rowBytes = protocol === 'tcp' && path.basename(file) === 'tcp' ? TCP4_ROW_BYTES : undefined;
  }

  /** Bytes per row when the kernel pads them to one width; undefined when they vary. */
  private readonly rowBytes: number | undefined;

  /**
   * How much to ask of the next read. While the listening section may end and its rows are of one
   * width: no more than the rows that may still be listeners. The kernel formats what a read asks
   * for (up to a page), and each row past the last listener costs part of the walk of the
   * established hash's 262,144 buckets: the page after the last listeners cost as much as the
   * ~37 pages of a thousand listeners before it.
   */
  private readSize(untilListenEnd: boolean): number {
    if (!untilListenEnd || this.listeners === undefined || this.rowBytes === undefined) {
      return this.buffer.length;
    }
    const rows = this.listeners - this.listenRows + (this.headerSkipped ? 0 : 1);
    return Math.min(this.buffer.length, Math.max(1, rows * this.rowBytes - this.pending.length));
  }

  /**
   * Reads on. With `untilListenEnd`, returns as soon as the listening section is over (the
   * rest stays unread, to be continued by a later call); otherwise reads to the end and closes.
   * A missing table (IPv6 disabled) reads as empty.
   */
  async advance(untilListenEnd: boolean): Promise<void> {
    if (this.eof || (untilListenEnd && this.listenSectionDone)) {
      return;
    }
    if (untilListenEnd && this.listeners === 0 && !this.handle) {
      this.listenSectionDone = true; // no socket in use: no listener to read
      return;
    }
    if (!this.handle) {
      try {
        this.handle = await this.io.open(this.file);
      } catch (e) {
        // Only an IPv6 table may be missing (IPv6 disabled). Without the IPv4 one nothing can be
        // known (no /proc, or not procfs): an error, never an empty table that reads as "free".
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && this.file.endsWith('6')) {
          this.eof = true;
          this.listenSectionDone = true;
          return;
        }
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(`cannot read the socket table ${this.file} (${code ?? String(e)}): is /proc mounted and readable?`, {
          cause: e,
        });
      }
    }
    try {
      if (this.pending && this.consume(untilListenEnd, false)) {
        return;
      }
      if (!untilListenEnd && this.buffer.length < REST_CHUNK) {
        this.buffer = Buffer.allocUnsafe(REST_CHUNK);
      }
      for (;;) {
        const { bytesRead } = await this.handle.read(this.buffer, 0, this.readSize(untilListenEnd), null);
        this.bytesRead += bytesRead;
        if (bytesRead === 0) {
          this.consume(false, true);
          await this.close();
          return;
        }
        this.pending += this.buffer.toString('latin1', 0, bytesRead);
        if (this.consume(untilListenEnd, false)) {
          return;
        }
      }
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    this.eof = true;
    this.listenSectionDone = true;
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
  }

  /** Processes complete lines of `pending`; true when it stopped at the end of the listening section. */
  private consume(untilListenEnd: boolean, final: boolean): boolean {
    const text = this.pending;
    let start = 0;
    if (!this.headerSkipped) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        return false;
      }
      start = nl + 1;
      this.headerSkipped = true;
    }
    for (;;) {
      let end = text.indexOf('\n', start);
      if (end < 0) {
        if (!final || start >= text.length) {
          break;
        }
        end = text.length;
      }
      const colon = text.indexOf(':', start);
      const portColon = colon < 0 ? -1 : text.indexOf(':', colon + 2);
      if (colon < 0 || portColon < 0 || portColon > end) {
        start = end + 1;
        continue;
      }
      const addrLen = portColon - colon - 2;
      const state = parseInt(text.substr(portColon + addrLen + 12, 2), 16);
      if (!this.listenSectionDone && state !== LISTEN) {
        this.listenSectionDone = true;
        if (untilListenEnd) {
          this.pending = text.slice(start);
          return true;
        }
      }
      this.rowsSeen++;
      if (!this.listenSectionDone && this.listeners !== undefined && ++this.listenRows >= this.listeners) {
        this.listenSectionDone = true; // the last listener in use: the next row would start the bucket walk
        if (untilListenEnd) {
          this.takeRow(text, start, end, portColon, addrLen, state);
          this.pending = text.slice(end + 1);
          return true;
        }
      }
      this.takeRow(text, start, end, portColon, addrLen, state);
      start = end + 1;
    }
    this.pending = text.slice(start);
    return false;
  }

  /** Records one row of a wanted port (TIME_WAIT ones summed up); others are only counted. */
  private takeRow(text: string, start: number, end: number, portColon: number, addrLen: number, state: number): void {
    const port = parseInt(text.substr(portColon + 1, 4), 16);
    if (state === TIME_WAIT && this.wanted.has(port)) {
      // "ST tx_queue:rx_queue tr:when": tr 3 is the TIME_WAIT timer, `when` in USER_HZ ticks.
      const stateAt = portColon + addrLen + 12;
      const tr = parseInt(text.substr(stateAt + 21, 2), 16);
      const seconds = tr === 3 ? Math.ceil(parseInt(text.substr(stateAt + 24, 8), 16) / USER_HZ) : 0;
      const sum = this.timeWait.get(port);
      if (sum) {
        sum.count++;
        sum.remainingSeconds = Math.max(sum.remainingSeconds, seconds);
        sum.timers.push(seconds);
      } else {
        this.timeWait.set(port, { count: 1, remainingSeconds: seconds, timers: [seconds] });
      }
    } else if (this.wanted.has(port)) {
      const entry = parseProcNetLine(text.slice(start, end), this.protocol);
      if (entry) {
        this.rows.push(entry);
      }
    }
  }
}
