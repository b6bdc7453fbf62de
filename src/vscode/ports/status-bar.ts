// The status bar item: the workspace's ports at a glance (`$(plug) 3000 node·4123`,
// `$(plug) 45000 TIME_WAIT 41s`), just the icon when every port is free. Its tooltip is a table
// of every port with command links; a click opens Show Port Holders.
import * as vscode from 'vscode';
import { RESTRICTED_STOP_NOTE } from './restricted-mode';
import { REFRESH_PORT_HOLDERS, REVEAL_PORT_SOURCE, SHOW_PORT_HOLDERS, STATUS_BAR_ID, STOP_PROCESS_ON_PORT } from '../command-ids';
import {
  type PortRow,
  commandLink,
  escapeMarkdown,
  isHeld,
  primarySource,
  sourceLabel,
  stateText,
  statusSummary,
  portLabel,
} from './format';
import type { PortHolders } from './port-holders';
import { SETTINGS, statusBarEnabled } from '../settings';

export class PortStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, -100);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly holders: PortHolders) {
    this.item.name = 'Address In Use: Port Holders';
    this.item.command = SHOW_PORT_HOLDERS;
    this.subscription = holders.onDidChange(() => this.render());
    this.render();
  }

  /** What the item shows now (the integration suite reads it through the test hook). */
  get text(): string {
    return this.item.text;
  }

  get visible(): boolean {
    return this.shown;
  }

  get tooltipMarkdown(): string {
    const tooltip = this.item.tooltip;
    return typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  }

  private shown = false;

  render(): void {
    const hasFolder = (vscode.workspace.workspaceFolders ?? []).length > 0;
    if (!hasFolder || !statusBarEnabled()) {
      this.item.hide();
      this.shown = false;
      return;
    }
    const rows = this.holders.rows();
    // A folder with no ports at all gets no status bar item (a looked-up port counts as one).
    if (this.holders.discovered && rows.length === 0 && !this.holders.error) {
      this.item.hide();
      this.shown = false;
      return;
    }
    const now = Date.now();
    const summary = statusSummary(rows, now, this.holders.error);
    this.item.text = summary.text;
    this.item.tooltip = this.tooltip(rows, now);
    this.item.accessibilityInformation = {
      label: `Port holders: ${summary.text.replace(/\$\([^)]*\)\s*/g, '') || 'all workspace ports free'}`,
    };
    this.item.show();
    this.shown = true;
  }

  private tooltip(rows: readonly PortRow[], now: number): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    // Trusted for our own command links only: no other command can be smuggled in through text.
    md.isTrusted = { enabledCommands: [STOP_PROCESS_ON_PORT, REVEAL_PORT_SOURCE, REFRESH_PORT_HOLDERS, SHOW_PORT_HOLDERS] };
    md.supportHtml = false;
    if (this.holders.error) md.appendMarkdown(`$(warning) ${escapeMarkdown(this.holders.error)}\n\n`);
    if (rows.length === 0) {
      md.appendMarkdown(
        this.holders.discovered
          ? 'No ports found in this workspace: none in its code (`listen(3000)`, `htons(8080)`), `.env` files, package.json scripts, launch.json, compose files or the setting `' +
              SETTINGS.ports +
              '`.\n\n'
          : "Looking for the workspace's ports…\n\n",
      );
    } else {
      const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
      md.appendMarkdown('| Port | Holder / state | Where | |\n|---|---|---|---|\n');
      for (const row of rows) {
        const source = primarySource(row);
        const actions: string[] = [];
        if (isHeld(row) && row.report?.holders.length && vscode.workspace.isTrusted)
          actions.push(
            `[$(debug-stop) Stop](${commandLink(STOP_PROCESS_ON_PORT, [row.port])} "Stop the process holding port ${row.port}")`,
          );
        if (source)
          actions.push(
            `[$(go-to-file) Reveal](${commandLink(REVEAL_PORT_SOURCE, [{ file: source.file, line: source.line, column: source.column }])} "Reveal the code that binds port ${row.port}")`,
          );
        const where = source
          ? escapeMarkdown(sourceLabel(source, roots)) + (row.sources.length > 1 ? ` +${row.sources.length - 1}` : '')
          : row.lookedUp
            ? 'looked up'
            : '';
        md.appendMarkdown(`| ${portLabel(row)} | ${escapeMarkdown(stateText(row, now))} | ${where} | ${actions.join(' ')} |\n`);
      }
      md.appendMarkdown('\n');
      if (!vscode.workspace.isTrusted && rows.some((row) => isHeld(row) && row.report?.holders.length))
        md.appendMarkdown(`${RESTRICTED_STOP_NOTE}\n\n`);
    }
    md.appendMarkdown(
      `[$(refresh) Refresh](${commandLink(REFRESH_PORT_HOLDERS, [])}) · [$(list-flat) Show Port Holders](${commandLink(SHOW_PORT_HOLDERS, [])})`,
    );
    return md;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
