// When the port state is read again: on window focus, on a change to a file that names ports
// (FileSystemWatcher on discovery's watchGlobs), and by polling while the window is focused
// (`addressInUse.pollInterval`). Nothing runs while the window is in the background.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { watchGlobs } from '../../ports/discovery';
import { isSkippedDirectory } from '../../analysis/workspace-files';
import { timeWaitLeft } from './format';
import type { PortHolders } from './port-holders';
import { affects, pollIntervalSeconds } from '../settings';

/** Saving several files at once (a branch switch) triggers one rediscovery. */
const REDISCOVER_DEBOUNCE_MS = 500;

export class RefreshScheduler implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setInterval> | undefined;
  private rediscoverTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** A port file changed while the window was in the background: rediscover on focus. */
  private staleWhileHidden = false;

  constructor(private readonly holders: PortHolders) {
    this.disposables.push(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && this.staleWhileHidden) {
          this.staleWhileHidden = false;
          void this.holders.rediscover();
        } else if (state.focused) void this.holders.refresh();
        this.schedule();
        this.scheduleTick(); // the countdown, too, stops while the window is in the background
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affects.ports(event)) this.rediscoverSoon();
        if (affects.poll(event)) this.schedule();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rediscoverSoon()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.holders.tick()),
      holders.onDidChange(() => this.scheduleTick()),
    );
    for (const glob of watchGlobs) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      const changed = (uri: vscode.Uri) => {
        if (!uri.fsPath.split(path.sep).some(isSkippedDirectory)) this.rediscoverSoon();
      };
      this.disposables.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
    }
  }

  /** First discovery: started, not awaited, so activation stays instant. */
  start(): void {
    void this.holders.rediscover();
    this.schedule();
  }

  private rediscoverSoon(): void {
    if (!vscode.window.state.focused) {
      this.staleWhileHidden = true; // no work while hidden
      return;
    }
    clearTimeout(this.rediscoverTimer);
    this.rediscoverTimer = setTimeout(() => void this.holders.rediscover(), REDISCOVER_DEBOUNCE_MS);
  }

  /** Polls only while focused; each poll waits for the previous look-up, so they never pile up. */
  private schedule(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    const seconds = pollIntervalSeconds();
    if (this.disposed || seconds === 0 || !vscode.window.state.focused) return;
    this.pollTimer = setTimeout(() => {
      const next = () => this.schedule();
      void this.holders.refresh().then(next, next);
    }, seconds * 1000);
  }

  /** A 1 s re-render while a TIME_WAIT countdown is on screen and the window is focused; no I/O. */
  private scheduleTick(): void {
    const now = Date.now();
    const counting = vscode.window.state.focused && this.holders.rows().some((r) => (timeWaitLeft(r, now) ?? 0) > 0);
    if (counting && !this.tickTimer) this.tickTimer = setInterval(() => this.holders.tick(), 1000);
    else if (!counting && this.tickTimer) {
      clearInterval(this.tickTimer);
      this.tickTimer = undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.rediscoverTimer);
    clearInterval(this.tickTimer);
    for (const d of this.disposables) d.dispose();
  }
}
