// The state behind every port view: the workspace's ports (discovery) and what the system says
// about them (the port reader). Views subscribe to onDidChange and render; they never read the
// system themselves. Look-ups are coalesced: a refresh asked while one runs waits for the next.
import * as vscode from 'vscode';
import {
  DiscoveryCache,
  type DiscoveryNotice,
  discoverWorkspace,
  type WorkspacePort,
  type WorkspaceUnixSocket,
} from '../../ports/discovery';
import {
  createPortReader,
  inspectUnixSocket,
  type InspectOptions,
  type PortQuery,
  type PortReader,
  type PortReport,
  type UnixSocketReport,
} from '../../ports';
import type { ParserService } from '../../analysis/parser';
import type { Holder } from '../../ports/model';
import { runningSource } from '../../ports/running-source';
import type { Log } from '../log';
import type { PortRow, SocketRow } from './format';
import { settingPortsFor } from '../settings';

export class PortHolders implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired after discovery or a look-up changed something (and by the countdown tick). */
  readonly onDidChange = this.changed.event;

  private workspacePorts: WorkspacePort[] = [];
  /** Unix socket files the workspace's code binds, inspected on each refresh (a stale one blocks the next bind). */
  private workspaceSockets: WorkspaceUnixSocket[] = [];
  private readonly socketReports = new Map<string, UnixSocketReport>();
  private readonly lookedUpPorts = new Set<number>();
  /** Per folder: a rediscovery after a save re-reads only the files that changed. */
  private readonly discoveryCaches = new Map<string, DiscoveryCache>();
  private readonly noticed = new Set<string>();
  private toldNotices = false;
  private readonly reports = new Map<number, { report: PortReport; readAt: number }>();
  /** Per port, the holders last seen: a TIME_WAIT row outlives its server and still links to that server's code. */
  private readonly lastHolders = new Map<number, readonly Holder[]>();
  private reader: PortReader | undefined;
  private discovery: AbortController | undefined;
  private discovering: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  /** The last look-up's failure (e.g. an unsupported platform), shown instead of stale data. */
  error: string | undefined;
  /** True once the first discovery finished: before that "no ports" means "not looked yet". */
  discovered = false;

  /** `parser` shares the analyzer's tree-sitter service, so the grammars load once per session. */
  constructor(
    private readonly log: Log,
    private readonly parser: () => Promise<ParserService>,
  ) {}

  /** The reader, created on first use: creating it at activation would cost start-up time. */
  portReader(): PortReader {
    this.reader ??= createPortReader();
    return this.reader;
  }

  /** Replaces the reader (undefined: the platform's own); the integration suite reads a /proc that is not there. */
  useReader(reader: PortReader | undefined): void {
    this.reader = reader;
    this.reports.clear();
  }

  rows(): PortRow[] {
    const rows: PortRow[] = this.workspacePorts.map((p) => this.withRunning({ ...p, ...this.readOf(p.port) }));
    for (const port of this.lookedUpPorts) {
      if (!rows.some((r) => r.port === port)) rows.push({ port, sources: [], lookedUp: true, ...this.readOf(port) });
    }
    return rows.sort((a, b) => a.port - b.port);
  }

  row(port: number): PortRow | undefined {
    return this.rows().find((r) => r.port === port);
  }

  /** Every discovered socket path with its last inspection (the views list only stale and listening ones). */
  socketRows(): SocketRow[] {
    return this.workspaceSockets.map((s) => ({ ...s, report: this.socketReports.get(s.path) }));
  }

  socketRow(file: string): SocketRow | undefined {
    return this.socketRows().find((s) => s.path === file);
  }

  /** Inspection reuses the session's Linux reader (its owner cache) for the holders of listening files. */
  socketInspectOptions(): InspectOptions {
    const reader = this.portReader();
    return reader.inodeOwners ? { reader: reader.inodeOwners } : {};
  }

  /** Several files may name the port: the one its holder runs (or last ran) comes first and is `running`. */
  private withRunning(row: PortRow): PortRow {
    if (row.sources.length < 2) return row;
    const holders = row.report?.holders.length ? row.report.holders : (this.lastHolders.get(row.port) ?? []);
    const running = runningSource(row.sources, holders);
    if (!running) return row;
    return { ...row, running, sources: [running, ...row.sources.filter((s) => s !== running)] };
  }

  private remember(port: number, report: PortReport): void {
    if (report.holders.length > 0) this.lastHolders.set(port, report.holders);
  }

  private readOf(port: number): Pick<PortRow, 'report' | 'readAt' | 'error'> {
    const read = this.reports.get(port);
    if (read) return { report: read.report, readAt: read.readAt };
    return this.error ? { error: this.error } : {};
  }

  /** Rediscovers every folder's ports, cancelling a discovery already running. */
  rediscover(): Promise<void> {
    this.discovery?.abort();
    const controller = (this.discovery = new AbortController());
    // A newer discovery supersedes this one: callers waiting on this one wait for it instead.
    const superseded = async () => {
      if (this.discovering && this.discovering !== run) await this.discovering;
    };
    const run: Promise<void> = (async () => {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
      const found: WorkspacePort[] = [];
      const sockets: WorkspaceUnixSocket[] = [];
      for (const folder of folders) {
        try {
          const root = folder.uri.fsPath;
          let cache = this.discoveryCaches.get(root);
          if (!cache) this.discoveryCaches.set(root, (cache = new DiscoveryCache()));
          const parser = await this.parser();
          const discovery = await discoverWorkspace(root, {
            settingPorts: settingPortsFor(folder),
            signal: controller.signal,
            cache,
            parser,
          });
          found.push(...discovery.ports);
          sockets.push(...discovery.unixSockets);
          this.notice(discovery.notices);
        } catch (error) {
          if (controller.signal.aborted) return superseded();
          this.log.error(`port discovery in ${folder.uri.fsPath} failed`, error);
        }
      }
      if (controller.signal.aborted) return superseded();
      this.workspacePorts = mergeFolders(found);
      this.workspaceSockets = mergeSocketFolders(sockets);
      this.discovered = true;
      this.changed.fire();
      await this.refresh();
    })();
    this.discovering = run;
    return run;
  }

  /**
   * Workspace files that could not be read for ports: each logged once, and the user told once
   * per session (a hostile or broken file is rediscovered on every change).
   */
  private notice(notices: readonly DiscoveryNotice[]): void {
    const fresh = notices.filter((n) => !this.noticed.has(`${n.file}\0${n.message}`));
    if (fresh.length === 0) return;
    for (const n of fresh) {
      this.noticed.add(`${n.file}\0${n.message}`);
      this.log.info(`port discovery: ${n.file} ${n.message}`);
    }
    if (this.toldNotices) return;
    this.toldNotices = true;
    const first = fresh[0];
    void vscode.window.showInformationMessage(
      `Address In Use: ${vscode.workspace.asRelativePath(first.file)} ${first.message}.${fresh.length > 1 ? ` ${fresh.length - 1} more in the Address In Use output.` : ''}`,
    );
  }

  /** What discovery could not read, logged and shown once (the integration suite reads it). */
  get discoveryNotices(): string[] {
    return [...this.noticed].map((key) => key.replace('\0', ' '));
  }

  /** Resolves when the discovery started last has finished (tests and commands wait on it). */
  async whenDiscovered(): Promise<void> {
    if (!this.discovering) await this.rediscover();
    else await this.discovering;
  }

  /** Reads the holders of every row's port. A call during a refresh schedules exactly one more. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.lookupRows();
        } while (this.refreshAgain);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async lookupRows(): Promise<void> {
    await Promise.all([this.lookupPorts(), this.inspectSockets()]);
    this.changed.fire();
  }

  /** One lstat per path; a socket file costs one read of /proc/net/unix (Linux) or a connect() probe. */
  private async inspectSockets(): Promise<void> {
    const sockets = this.workspaceSockets;
    if (sockets.length === 0) return;
    const opts = this.socketInspectOptions();
    const reports = await Promise.all(
      sockets.map((s) => inspectUnixSocket(s.path, opts).catch((): UnixSocketReport | undefined => undefined)),
    );
    this.socketReports.clear();
    reports.forEach((report, i) => report && this.socketReports.set(sockets[i].path, report));
  }

  private async lookupPorts(): Promise<void> {
    const rows = this.rows();
    if (rows.length === 0) return;
    const queries: PortQuery[] = rows.map((r) => (r.protocol ? { port: r.port, protocol: r.protocol } : r.port));
    try {
      const reports = await this.portReader().lookup(queries, { editorPids: [process.pid] });
      const readAt = Date.now();
      reports.forEach((report, i) => {
        this.reports.set(rows[i].port, { report, readAt });
        this.remember(rows[i].port, report);
      });
      this.error = undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Polling repeats a failure every few seconds: log it once, not on every poll.
      if (message !== this.error) this.log.error('reading port holders failed', error);
      this.error = message;
      // What was read before is no longer known: a port shown "free" from an old read may be held now.
      for (const row of rows) this.reports.delete(row.port);
    }
  }

  /** Looks up any port now (typed in Show Port Holders); `keep` lists it in the views for this session. */
  async lookupPort(port: number, keep: boolean): Promise<PortReport> {
    const row = this.row(port);
    const [report] = await this.portReader().lookup([row?.protocol ? { port, protocol: row.protocol } : port], {
      editorPids: [process.pid],
    });
    this.reports.set(port, { report, readAt: Date.now() });
    this.remember(port, report);
    if (keep && !row) this.lookedUpPorts.add(port);
    this.changed.fire();
    return report;
  }

  /** Removes a port typed into Show Port Holders from the views; false when it was not one. */
  forgetPort(port: number): boolean {
    if (!this.lookedUpPorts.delete(port)) return false;
    if (!this.rows().some((r) => r.port === port)) this.reports.delete(port);
    this.changed.fire();
    return true;
  }

  /** Re-renders without reading anything (TIME_WAIT countdowns). */
  tick(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.discovery?.abort();
    this.changed.dispose();
  }
}

/** Several folders may bind the same socket file: one row, every source. */
function mergeSocketFolders(sockets: WorkspaceUnixSocket[]): WorkspaceUnixSocket[] {
  const byPath = new Map<string, WorkspaceUnixSocket>();
  for (const s of sockets) {
    const seen = byPath.get(s.path);
    if (!seen) byPath.set(s.path, { path: s.path, sources: [...s.sources] });
    else seen.sources.push(...s.sources);
  }
  return [...byPath.values()];
}

/** Several folders may name the same port: one row, every source. */
function mergeFolders(ports: WorkspacePort[]): WorkspacePort[] {
  const byPort = new Map<number, WorkspacePort>();
  for (const p of ports) {
    const seen = byPort.get(p.port);
    if (!seen) byPort.set(p.port, { ...p, sources: [...p.sources] });
    else {
      seen.sources.push(...p.sources);
      if (seen.protocol !== p.protocol) delete seen.protocol;
    }
  }
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}
