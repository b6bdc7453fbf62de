// Data shapes of the port-holder core: what the readers return, what the UI and the CLI show.
// Pure data, no 'vscode', no I/O. Every platform reader (Linux /proc, macOS lsof,
// Windows netstat) fills the same shapes so the consumers never branch on the platform.

export type Protocol = 'tcp' | 'udp';

/**
 * Socket states as the Linux kernel names them (`include/net/tcp_states.h`).
 * `UDP_BOUND` is an unconnected UDP socket (kernel state 07 on a UDP row),
 * `UDP_CONNECTED` a connected one (state 01 on a UDP row).
 */
export type SocketState =
  | 'ESTABLISHED'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'TIME_WAIT'
  | 'CLOSE'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'LISTEN'
  | 'CLOSING'
  | 'NEW_SYN_RECV'
  | 'UDP_BOUND'
  | 'UDP_CONNECTED'
  | 'UNKNOWN';

/** Holders that are not the real server, so the UI can say what is really going on. */
export type HolderKind =
  /** Docker's userland proxy: the port is published by a container. */
  | 'docker-proxy'
  /** An SSH daemon: a forwarded port (`ssh -L/-R`), the real server is elsewhere. */
  | 'sshd'
  /** WSL2's relay on Windows: the server runs inside WSL. */
  | 'wslrelay'
  /** This editor's own process tree (extension host, terminals' parents, ...). */
  | 'editor'
  /** pid 0, 1 or 4 (Windows "System"): the kernel or init, never to be stopped. */
  | 'system';

/** One process that holds (has a file descriptor of) a socket on the port. */
export interface Holder {
  pid: number;
  /** Full command line, arguments joined by spaces; falls back to `name` when unreadable (kernel threads, zombies). */
  command: string;
  /** The arguments one by one (Linux /proc/PID/cmdline); undefined where only `command` is known. */
  argv?: string[];
  /** Short process name (Linux `comm`, lsof `c`, tasklist image name). */
  name: string;
  /** User name; the numeric uid as text when it has no name; '' when unknown (Windows netstat). */
  user: string;
  /** Numeric uid; -1 when unknown (Windows). */
  uid: number;
  /**
   * Process start time in ms since the epoch (Linux: /proc/PID/stat starttime / USER_HZ + btime).
   * Identifies the process together with its pid (pids are reused). Undefined when the platform
   * reader cannot tell (Windows netstat).
   */
  startTime?: number;
  /** Working directory (readlink /proc/PID/cwd); undefined when unreadable or not on Linux. */
  cwd?: string;
  /** Set when the holder is not the real server; see HolderKind. */
  kind?: HolderKind;
  /** One sentence for people explaining `kind`, e.g. "Docker publishes this port for a container". */
  kindNote?: string;
  /** Printable local addresses this process's sockets on the port are bound to (e.g. '0.0.0.0', '::1'). */
  addresses: string[];
}

/** One row of the socket table (a /proc/net line, an lsof file, a netstat line). */
export interface SocketEntry {
  protocol: Protocol;
  family: 4 | 6;
  /** Local address, printable; an IPv4-mapped IPv6 address is shown as IPv4 ('::ffff:127.0.0.1' -> '127.0.0.1'). */
  address: string;
  /** Local port. */
  port: number;
  /** Remote address, printable ('0.0.0.0' / '::' when unconnected). */
  remoteAddress: string;
  remotePort: number;
  state: SocketState;
  /** Socket inode (Linux); 0 when none (TIME_WAIT rows) or unknown (other platforms). */
  inode: number;
  /** Owning uid as the kernel reports it (Linux); -1 when unknown. */
  uid: number;
  /** TIME_WAIT only: seconds until the kernel drops the socket (rounded up). */
  timerSecondsLeft?: number;
  /** Pids that the platform reported with this row (lsof, netstat); Linux fills them from /proc/PID/fd. */
  pids?: number[];
}

/**
 * - `listening`: a TCP socket LISTENs on the port: a bind fails (unless SO_REUSEPORT on both sides).
 * - `bound`: a UDP socket is bound to the port (or a TCP socket is bound but not listening).
 * - `time-wait`: nobody listens, only TIME_WAIT sockets remain; see `timeWait`.
 * - `owner-hidden`: a socket holds the port but its process cannot be seen (another user without
 *   privilege, hidepid, another network namespace). Never reported as `free`.
 * - `free`: no socket on the port (in this network namespace).
 */
export type PortStatus = 'listening' | 'bound' | 'time-wait' | 'owner-hidden' | 'free';

export interface TimeWaitInfo {
  /** Number of TIME_WAIT sockets whose local port is the port. */
  count: number;
  /** Seconds until the last of them expires (the longest remaining timer), rounded up. */
  remainingSeconds: number;
  /**
   * True when the platform shows no TIME_WAIT timers (Windows netstat): `remainingSeconds` is then
   * the platform's maximum, an upper bound. Absent on Linux, where the kernel gives each timer.
   */
  estimated?: boolean;
  /**
   * True where a restart binds across TIME_WAIT anyway (Windows, unless the new socket sets
   * SO_EXCLUSIVEADDRUSE): the sockets are shown, but they do not block the restart.
   */
  bindsAcross?: boolean;
}

/** The answer for one port and protocol. */
export interface PortReport {
  port: number;
  protocol: Protocol;
  status: PortStatus;
  /** Distinct printable local addresses of the sockets that hold the port (listening/bound ones), sorted. */
  addresses: string[];
  /** Processes holding a listening/bound socket on the port; several after fork, sorted by pid. */
  holders: Holder[];
  /** True when at least one listening/bound socket's owner could not be read. */
  ownerHidden: boolean;
  /**
   * TIME_WAIT sockets on the port. Always looked for when nobody listens on the port; for a
   * listening port only with `LookupOptions.connections` (the Linux reader otherwise stops
   * reading the table after the listeners, since TIME_WAIT cannot block a bind while a listener does).
   * For a port that still has no listener, the Linux reader may answer from its whole-table read
   * of the last 10 s, the timers counted down (polling then does not re-read thousands of rows).
   */
  timeWait?: TimeWaitInfo;
  /**
   * Count of ESTABLISHED sockets whose local port is the port (accepted connections). Exact when
   * nobody listens on the port or with `LookupOptions.connections`; otherwise 0 on Linux (not read).
   */
  established: number;
  /** Count of CLOSE_WAIT sockets whose local port is the port (peer closed, the server did not); as `established`. */
  closeWait: number;
  /** The rows behind `addresses`: the listening/bound sockets or, without any, the connections left on the port. */
  sockets: SocketEntry[];
}

/**
 * What to look up. A bare number means "any protocol": the TCP answer unless TCP is free and a
 * UDP socket holds the port, in which case the UDP answer.
 */
export type PortQuery = number | { port: number; protocol: Protocol | 'any' };

export interface LookupOptions {
  /** Extra pids to treat as this editor's own (e.g. the renderer/main process pids the UI knows). */
  editorPids?: readonly number[];
  /** Skip holder details that cost extra reads (cwd). Default false. */
  skipCwd?: boolean;
  /**
   * Also read TIME_WAIT/ESTABLISHED/CLOSE_WAIT rows of listening ports (the whole socket table).
   * Default false: a refresh reads no more than the listeners when every port has one. True also
   * forces a fresh read of the whole table for ports without a listener.
   */
  connections?: boolean;
}

export interface PortReader {
  readonly platform: NodeJS.Platform;
  /**
   * One report per query, in query order. Never rejects for an unreadable process or socket table
   * row: those become `ownerHidden`. Rejects only when the socket table itself cannot be read
   * (e.g. `lsof` missing), with a message saying what to install.
   */
  lookup(ports: readonly PortQuery[], opts?: LookupOptions): Promise<PortReport[]>;
  /** Drops caches (the inode -> pid map on Linux). The next lookup is a cold one. */
  clearCache(): void;
  /**
   * Capability of a reader that maps socket inodes to their processes (Linux, procfs): a Unix
   * socket inspection reuses it, and its owner cache, instead of building its own.
   */
  readonly inodeOwners?: InodeOwners;
  /** Capability: the editor's own process tree as this reader sees it (Linux: from /proc, cached). */
  editorAncestors?(): Promise<Set<number>>;
}

export interface InodeOwners {
  holdersOfInodes(
    inodes: readonly number[],
    opts?: LookupOptions,
  ): Promise<{ holders: (Holder & { inodes: number[] })[]; hiddenInodes: number[] }>;
}

// ---- Stopping a process ----

export type StopRefusalReason =
  /** pid 0/1 (and 4 on Windows): the kernel, init or Windows System. */
  | 'system-process'
  /** This editor's own process tree: stopping it would kill the editor. */
  | 'editor-process'
  /** Another user's process: we run unprivileged for that user, and stopping it needs their consent. */
  | 'other-user'
  /** The process is gone (already exited). */
  | 'not-found'
  /** The pid now belongs to another process (start time changed): the original holder is gone. */
  | 'pid-reused'
  /** Same process, but it no longer has the socket it held on the port (it closed it, or exec'd). */
  | 'not-holder'
  /** The platform offers no way to stop processes here. */
  | 'unsupported';

/** Everything the confirmation modal shows, and what stopProcess needs to act safely. */
export interface StopPlan {
  pid: number;
  user: string;
  uid: number;
  command: string;
  name: string;
  /** Start time captured when the plan was made; each signal is sent only if it still matches. */
  startTime?: number;
  /**
   * Linux, with `port`: inodes of the process's sockets on the port when the plan was made. Each
   * signal is sent only if it still has one of them (a process that exec'd keeps pid and start time).
   */
  inodes?: number[];
  /** Linux: the process group when the plan was made (the group offered when a member keeps the port). */
  pgid?: number;
  /** The port the process holds, if the stop was asked for a port: checked afterwards. */
  port?: number;
  protocol?: Protocol;
  kind?: HolderKind;
  /** undefined when stopping is allowed. */
  refusal?: StopRefusalReason;
  /** For people: the refusal explained, or a confirmation question when allowed. */
  message: string;
}

export type StopSignal = 'SIGTERM' | 'SIGKILL';

export interface StopOutcome {
  /**
   * - `stopped`: the process exited.
   * - `still-running`: signal sent, the process did not exit within the wait; offer SIGKILL.
   * - `refused`: nothing sent, see `refusal` (re-checked right before the signal).
   * - `failed`: the signal could not be sent (e.g. EPERM), see `message`.
   * - `port-still-held`: the process exited but other processes still hold the port (a child that
   *   inherited the socket or outlived its wrapper, a respawn): see `port.holders` and `group`.
   *   Never reported as done.
   */
  result: 'stopped' | 'still-running' | 'refused' | 'failed' | 'port-still-held';
  signal: StopSignal;
  refusal?: StopRefusalReason;
  /** The port after stopping, when the plan named one and the process exited. */
  port?: PortReport;
  /**
   * `port-still-held` only: the process group that the stopped process and a remaining holder
   * share (Linux), for the UI to offer stopping the whole group (planGroupStop).
   */
  group?: number;
  /** For people: what happened, including whether the port is now free. */
  message: string;
}

/** A whole process group, to stop when a member outlives the process that was stopped (Linux). */
export interface GroupStopPlan {
  pgid: number;
  /** The members when the plan was made, by pid (with start times): the confirmation shows them. */
  members: { pid: number; name: string; command: string; user: string; startTime?: number }[];
  port?: number;
  protocol?: Protocol;
  /** undefined when stopping the group is allowed; otherwise a member's refusal. */
  refusal?: StopRefusalReason;
  /** For people: why the group may not be stopped, or the confirmation question. */
  message: string;
}
