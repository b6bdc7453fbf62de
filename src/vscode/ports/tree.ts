// The "Port Holders" panel view: port -> holders (pid, command, user, address, state),
// TIME_WAIT (counting down, explained, linked to the analyzer's finding), where the port is
// written. contextValue tokens drive the menus in package.json (`viewItem =~ /\bheld\b/`).
import * as vscode from 'vscode';
import type { Holder } from '../../ports/model';
import type { PortSource } from '../../ports/discovery';
import { REVEAL_PORT_SOURCE } from './command-ids';
import { findingFor } from './findings';
import {
  type PortRow,
  TIME_WAIT_EXPLANATION,
  escapeMarkdown,
  holderDetail,
  isHeld,
  primarySource,
  sourceKindWord,
  sourceLabel,
  stateText,
  timeWaitLeft,
} from './format';
import type { PortHolders } from './port-holders';

export type PortNode =
  | { type: 'port'; port: number }
  | { type: 'holder'; port: number; pid: number }
  | { type: 'time-wait'; port: number }
  | { type: 'source'; port: number; source: PortSource }
  | { type: 'info'; port: number; label: string; tooltip: string };

function roots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}

export class PortHoldersTree implements vscode.TreeDataProvider<PortNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PortNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One node object per port, so TreeView.reveal() finds the item the view shows. */
  private readonly portNodes = new Map<number, PortNode & { type: 'port' }>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly holders: PortHolders) {
    this.subscription = holders.onDidChange(() => this.changed.fire(undefined));
  }

  portNode(port: number): PortNode & { type: 'port' } {
    let node = this.portNodes.get(port);
    if (!node) this.portNodes.set(port, (node = { type: 'port', port }));
    return node;
  }

  getParent(node: PortNode): PortNode | undefined {
    return node.type === 'port' ? undefined : this.portNode(node.port);
  }

  getChildren(node?: PortNode): PortNode[] {
    if (!node) return this.holders.rows().map((r) => this.portNode(r.port));
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
        tooltip: 'A socket holds this port, but its process cannot be seen from here (another user, hidepid, or another network namespace). The port is not free.',
      });
    }
    if (report?.timeWait && (timeWaitLeft(row, Date.now()) ?? 0) > 0) children.push({ type: 'time-wait', port: row.port });
    for (const source of row.sources) children.push({ type: 'source', port: row.port, source });
    return children;
  }

  getTreeItem(node: PortNode): vscode.TreeItem {
    const row = this.holders.row(node.port) ?? { port: node.port, sources: [] };
    switch (node.type) {
      case 'port':
        return this.portItem(row);
      case 'holder': {
        const holder = row.report?.holders.find((h) => h.pid === node.pid);
        return holder ? this.holderItem(row, holder) : new vscode.TreeItem(`pid ${node.pid}`);
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
    const item = new vscode.TreeItem(`${row.port}${row.protocol ? `/${row.protocol}` : ''}`, vscode.TreeItemCollapsibleState.Expanded);
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
    item.contextValue = tokens.join(' ');
    const md = new vscode.MarkdownString(`**Port ${row.port}**: ${stateText(row, now)}`);
    for (const s of row.sources) md.appendMarkdown(`\n\n- ${sourceKindWord(s)}: \`${sourceLabel(s, roots())}\``);
    item.tooltip = md;
    return item;
  }

  private holderItem(row: PortRow, holder: Holder): vscode.TreeItem {
    const item = new vscode.TreeItem(holder.name || `pid ${holder.pid}`);
    item.id = `holder:${row.port}:${holder.pid}`;
    item.description = holderDetail(holder, row.report!);
    const stoppable = holder.kind !== 'editor' && holder.kind !== 'system';
    item.iconPath = new vscode.ThemeIcon(holder.kind ? 'info' : 'server-process');
    item.contextValue = ['holder', stoppable ? 'stoppable' : undefined].filter(Boolean).join(' ');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${holder.name}** (pid ${holder.pid}${holder.user ? `, user ${holder.user}` : ''})\n\n`);
    md.appendCodeblock(holder.command, 'shellscript');
    if (holder.cwd) md.appendMarkdown(`\n\ncwd: \`${holder.cwd}\``);
    if (holder.kindNote) md.appendMarkdown(`\n\n${holder.kindNote}`);
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
    const finding = row.sources.map((s) => ({ s, f: findingFor(s) })).find((x) => x.f);
    if (finding?.f) {
      const { uri, diagnostic } = finding.f;
      const at = { file: uri.fsPath, line: diagnostic.range.start.line, column: diagnostic.range.start.character };
      md.appendMarkdown(`\n\nThe binding code has a finding: ${escapeMarkdown(diagnostic.message)}`);
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
    item.command = { command: REVEAL_PORT_SOURCE, title: 'Reveal', arguments: [{ file: source.file, line: source.line, column: source.column }] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
