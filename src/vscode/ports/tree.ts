// The "Port Holders" panel view: port -> holders (pid, command, user, address, state),
// TIME_WAIT (counting down, explained, linked to the analyzer's finding), where the port is
// written; then the workspace's Unix socket files that are stale (or listening, with holders).
// contextValue tokens drive the menus in package.json (`viewItem =~ /\bheld\b/`).
import * as vscode from 'vscode';
import type { Holder } from '../../ports/model';
import type { PortSource } from '../../ports/discovery';
import { RESTRICTED_STOP_NOTE } from './restricted-mode';
import { DELETE_STALE_SOCKET_FILE, REVEAL_PORT_SOURCE } from '../command-ids';
import { runningSource } from '../../ports/running-source';
import { type FindingsOf, findingFor } from './findings';
import {
  type PortRow,
  STALE_SOCKET_EXPLANATION,
  type SocketRow,
  TIME_WAIT_EXPLANATION,
  commandLink,
  escapeMarkdown,
  holderDetail,
  isHeld,
  isShownSocket,
  primarySource,
  sourceKindWord,
  sourceLabel,
  socketStateText,
  stateText,
  timeWaitLeft,
  portLabel,
} from './format';
import type { PortHolders } from './port-holders';

export type PortNode =
  | { type: 'port'; port: number }
  | { type: 'holder'; port: number; pid: number }
  | { type: 'time-wait'; port: number }
  | { type: 'source'; port: number; source: PortSource }
  | { type: 'info'; port: number; label: string; tooltip: string }
  | { type: 'socket'; path: string }
  | { type: 'socket-holder'; path: string; pid: number }
  | { type: 'socket-source'; path: string; source: PortSource };

/** `node server.js --port 3000` from `/usr/bin/node /srv/app/server.js --port 3000`: the name, the script's file name, some arguments. */
export function holderLabel(holder: Holder): string {
  const name = holder.name || `pid ${holder.pid}`;
  const [, ...args] = holder.command.split(/\s+/).filter(Boolean);
  if (args.length === 0) return name;
  const shown = args.map((arg, i) => (i === args.findIndex((a) => !a.startsWith('-')) ? (arg.split('/').pop() ?? arg) : arg));
  const text = `${name} ${shown.join(' ')}`;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function roots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}

export class PortHoldersTree implements vscode.TreeDataProvider<PortNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PortNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One node object per port, so TreeView.reveal() finds the item the view shows. */
  private readonly portNodes = new Map<number, PortNode & { type: 'port' }>();
  private readonly socketNodes = new Map<string, PortNode & { type: 'socket' }>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly holders: PortHolders,
    private readonly findingsOf: FindingsOf,
  ) {
    this.subscription = holders.onDidChange(() => this.changed.fire(undefined));
  }

  /** The analyzer republished a file: rows whose binding code is in it may link another finding. */
  findingsChanged(file: string): void {
    const names = (sources: readonly PortSource[]) => sources.some((s) => s.file === file);
    if (this.holders.rows().some((r) => names(r.sources)) || this.holders.socketRows().some((s) => names(s.sources)))
      this.changed.fire(undefined);
  }

  portNode(port: number): PortNode & { type: 'port' } {
    let node = this.portNodes.get(port);
    if (!node) this.portNodes.set(port, (node = { type: 'port', port }));
    return node;
  }

  socketNode(file: string): PortNode & { type: 'socket' } {
    let node = this.socketNodes.get(file);
    if (!node) this.socketNodes.set(file, (node = { type: 'socket', path: file }));
    return node;
  }

  getParent(node: PortNode): PortNode | undefined {
    if (node.type === 'port' || node.type === 'socket') return undefined;
    return 'port' in node ? this.portNode(node.port) : this.socketNode(node.path);
  }

  getChildren(node?: PortNode): PortNode[] {
    if (!node) {
      const sockets = this.holders.socketRows().filter(isShownSocket);
      return [...this.holders.rows().map((r) => this.portNode(r.port)), ...sockets.map((s) => this.socketNode(s.path))];
    }
    if (node.type === 'socket') return this.socketChildren(node.path);
    if (node.type !== 'port') return [];
    const row = this.holders.row(node.port);
    if (!row) return [];
    const children: PortNode[] = [];
    const report = row.report;
    for (const holder of report?.holders ?? []) children.push({ type: 'holder', port: row.port, pid: holder.pid });
    if (report?.ownerHidden) {
      children.push({
        type: 'info',
        port: row.port,
        label: 'owner hidden',
        tooltip:
          'A socket holds this port, but its process cannot be seen from here (another user, hidepid, or another network namespace). The port is not free.',
      });
    }
    if (report?.timeWait && (timeWaitLeft(row, Date.now()) ?? 0) > 0) children.push({ type: 'time-wait', port: row.port });
    for (const source of row.sources) children.push({ type: 'source', port: row.port, source });
    return children;
  }

  private socketChildren(file: string): PortNode[] {
    const row = this.holders.socketRow(file);
    if (!row) return [];
    return [
      ...(row.report?.status === 'listening'
        ? row.report.holders.map((h) => ({ type: 'socket-holder' as const, path: file, pid: h.pid }))
        : []),
      ...row.sources.map((source) => ({ type: 'socket-source' as const, path: file, source })),
    ];
  }

  getTreeItem(node: PortNode): vscode.TreeItem {
    switch (node.type) {
      case 'socket':
        return this.socketItem(this.holders.socketRow(node.path) ?? { path: node.path, sources: [] });
      case 'socket-holder': {
        const holder = this.holders.socketRow(node.path)?.report?.holders.find((h) => h.pid === node.pid);
        if (!holder) return new vscode.TreeItem(`pid ${node.pid}`);
        const item = this.holderItem(holder, `pid ${holder.pid}${holder.user ? ` · ${holder.user}` : ''} · unix socket`);
        item.id = `socket-holder:${node.path}:${holder.pid}`;
        return item;
      }
      case 'socket-source':
        return this.sourceItem(node.source);
    }
    const row = this.holders.row(node.port) ?? { port: node.port, sources: [] };
    switch (node.type) {
      case 'port':
        return this.portItem(row);
      case 'holder': {
        const holder = row.report?.holders.find((h) => h.pid === node.pid);
        if (!holder) return new vscode.TreeItem(`pid ${node.pid}`);
        const item = this.holderItem(holder, holderDetail(holder, row.report!));
        item.id = `holder:${row.port}:${holder.pid}`;
        // Reveal on a holder opens the file that process runs, among those naming the port.
        if (runningSource(row.sources, [holder])) item.contextValue += ' revealable';
        return item;
      }
      case 'time-wait':
        return this.timeWaitItem(row);
      case 'source':
        return this.sourceItem(node.source);
      case 'info': {
        const item = new vscode.TreeItem(node.label);
        item.iconPath = new vscode.ThemeIcon('eye-closed');
        item.tooltip = node.tooltip;
        item.contextValue = 'info';
        return item;
      }
    }
  }

  private portItem(row: PortRow): vscode.TreeItem {
    const now = Date.now();
    const item = new vscode.TreeItem(portLabel(row), vscode.TreeItemCollapsibleState.Expanded);
    item.id = `port:${row.port}`;
    item.description = stateText(row, now) + (row.lookedUp ? ' · looked up' : '');
    const held = isHeld(row);
    const timeWait = row.report?.status === 'time-wait' && (timeWaitLeft(row, now) ?? 0) > 0;
    item.iconPath = new vscode.ThemeIcon(
      held ? 'plug' : timeWait ? 'watch' : 'circle-outline',
      held ? new vscode.ThemeColor('charts.orange') : undefined,
    );
    const tokens = ['port'];
    if (held) tokens.push('held');
    if (row.report?.holders.length) tokens.push('stoppable');
    if (primarySource(row)) tokens.push('revealable');
    if (row.lookedUp) tokens.push('lookedUp');
    item.contextValue = tokens.join(' ');
    const md = new vscode.MarkdownString(`**Port ${row.port}**: ${stateText(row, now)}`);
    for (const s of row.sources) md.appendMarkdown(`\n\n- ${sourceKindWord(s)}: \`${sourceLabel(s, roots())}\``);
    item.tooltip = md;
    return item;
  }

  private holderItem(holder: Holder, description: string): vscode.TreeItem {
    // The script and its first arguments tell two `node` servers apart.
    const item = new vscode.TreeItem(holderLabel(holder));
    item.description = description;
    const stoppable = holder.kind !== 'editor' && holder.kind !== 'system';
    item.iconPath = new vscode.ThemeIcon(holder.kind ? 'info' : 'server-process');
    item.contextValue = ['holder', stoppable ? 'stoppable' : undefined].filter(Boolean).join(' ');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${holder.name}** (pid ${holder.pid}${holder.user ? `, user ${holder.user}` : ''})\n\n`);
    md.appendCodeblock(holder.command, 'shellscript');
    if (holder.cwd) md.appendMarkdown(`\n\ncwd: \`${holder.cwd}\``);
    if (holder.kindNote) md.appendMarkdown(`\n\n${holder.kindNote}`);
    if (stoppable && !vscode.workspace.isTrusted) md.appendMarkdown(`\n\n${RESTRICTED_STOP_NOTE}`);
    md.supportThemeIcons = true;
    item.tooltip = md;
    return item;
  }

  private socketItem(row: SocketRow): vscode.TreeItem {
    const stale = row.report?.status === 'stale';
    const item = new vscode.TreeItem(row.path, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `socket:${row.path}`;
    item.description = socketStateText(row);
    item.iconPath = new vscode.ThemeIcon(
      stale ? 'warning' : 'plug',
      stale ? new vscode.ThemeColor('list.warningForeground') : new vscode.ThemeColor('charts.orange'),
    );
    item.contextValue = ['unixSocket', stale ? 'staleSocket' : undefined, row.sources.length > 0 ? 'revealable' : undefined]
      .filter(Boolean)
      .join(' ');
    const md = new vscode.MarkdownString(`**${escapeMarkdown(row.path)}**: ${escapeMarkdown(socketStateText(row))}`);
    const enabledCommands = [REVEAL_PORT_SOURCE];
    if (stale) {
      md.appendMarkdown(`\n\n${STALE_SOCKET_EXPLANATION}`);
      const found = row.sources.map((s) => findingFor(s, this.findingsOf)).find((f) => f);
      if (found) {
        const at = { file: found.file, line: found.finding.range.start.line, column: found.finding.range.start.character };
        md.appendMarkdown(
          `\n\nThe binding code has a finding: [${escapeMarkdown(found.finding.message)}](${commandLink(REVEAL_PORT_SOURCE, [at])})`,
        );
      }
      if (vscode.workspace.isTrusted) {
        md.appendMarkdown(`\n\n[Delete Stale Socket File](${commandLink(DELETE_STALE_SOCKET_FILE, [{ path: row.path }])})`);
        enabledCommands.push(DELETE_STALE_SOCKET_FILE);
      } else {
        md.appendMarkdown(`\n\n${RESTRICTED_STOP_NOTE}`);
        md.supportThemeIcons = true;
      }
    }
    for (const s of row.sources)
      md.appendMarkdown(
        `\n\n- bound in [${escapeMarkdown(sourceLabel(s, roots()))}](${commandLink(REVEAL_PORT_SOURCE, [{ file: s.file, line: s.line, column: s.column }])})`,
      );
    md.isTrusted = { enabledCommands };
    item.tooltip = md;
    return item;
  }

  private timeWaitItem(row: PortRow): vscode.TreeItem {
    const tw = row.report!.timeWait!;
    const item = new vscode.TreeItem(`TIME_WAIT ×${tw.count}`);
    item.id = `time-wait:${row.port}`;
    item.description = `${tw.estimated ? 'at most ' : ''}${timeWaitLeft(row, Date.now())}s left`;
    item.iconPath = new vscode.ThemeIcon('watch');
    item.contextValue = 'timeWait';
    const md = new vscode.MarkdownString(TIME_WAIT_EXPLANATION);
    md.isTrusted = { enabledCommands: [REVEAL_PORT_SOURCE] };
    const found = row.sources.map((s) => findingFor(s, this.findingsOf)).find((f) => f);
    if (found) {
      const { file, finding } = found;
      const at = { file, line: finding.range.start.line, column: finding.range.start.character };
      md.appendMarkdown(`\n\nThe binding code has a finding: ${escapeMarkdown(finding.message)}`);
      item.command = { command: REVEAL_PORT_SOURCE, title: 'Show the finding', arguments: [at] };
      item.description += ' · finding on the bind';
    }
    item.tooltip = md;
    return item;
  }

  private sourceItem(source: PortSource): vscode.TreeItem {
    const item = new vscode.TreeItem(sourceLabel(source, roots()));
    item.description = `${sourceKindWord(source)} · ${source.text}`;
    item.iconPath = new vscode.ThemeIcon(source.kind === 'code' ? 'code' : source.kind === 'setting' ? 'settings-gear' : 'file');
    item.contextValue = 'source revealable';
    item.tooltip = source.text;
    item.command = {
      command: REVEAL_PORT_SOURCE,
      title: 'Reveal',
      arguments: [{ file: source.file, line: source.line, column: source.column }],
    };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
