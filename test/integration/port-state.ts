// The integration suite's view of the port holders feature, read through the extension's API
// (`exports.ports`): the state of the status bar, the panel's tree and the QuickPick as plain data,
// and a scripted stand-in for the modal questions a test cannot click.
import * as vscode from 'vscode';
import type { PortHoldersApi } from '../../src/vscode/ports';
import { socketStateText, stateText, timeWaitLeft } from '../../src/vscode/ports/format';
import type { PortHoldersTree, PortNode } from '../../src/vscode/ports/tree';
import type { PortUi } from '../../src/vscode/ports/ui';

export interface ShownMessage {
  kind: 'confirm' | 'info' | 'warn';
  message: string;
  detail?: string;
  actions?: readonly string[];
}

/** A PortUi that answers confirmations from a script and records everything it was shown. */
export class ScriptedUi implements PortUi {
  readonly shown: ShownMessage[] = [];
  constructor(
    private readonly answers: (string | null)[],
    /** Runs after confirmation `index` was shown, before it is answered (what happens while the user reads it). */
    private readonly beforeAnswer?: (index: number) => Promise<void>,
  ) {}

  async confirm(message: string, detail: string, actions: readonly string[]): Promise<string | undefined> {
    this.shown.push({ kind: 'confirm', message, detail, actions });
    await this.beforeAnswer?.(this.shown.filter((m) => m.kind === 'confirm').length - 1);
    return this.answers.shift() ?? undefined;
  }
  info(message: string): void {
    this.shown.push({ kind: 'info', message });
  }
  warn(message: string): void {
    this.shown.push({ kind: 'warn', message });
  }
}

/** One tree item as the suite sees it, with its children. */
export interface TreeSnapshot {
  label: string;
  description?: string;
  contextValue?: string;
  tooltip?: string;
  command?: { command: string; arguments?: unknown[] };
  children: TreeSnapshot[];
}

/** The suite's one view of the port UI. */
export interface PortsState {
  discovered: boolean;
  /** Polling and watcher-driven rediscovery run only while the window is focused. */
  focused: boolean;
  viewVisible: boolean;
  error?: string;
  /** The text above the Port Holders tree (a read error). */
  treeMessage?: string;
  statusBar: { text: string; visible: boolean; tooltip: string };
  rows: {
    port: number;
    protocol?: string;
    status?: string;
    state: string;
    holders: { pid: number; name: string; user: string; command: string; kind?: string }[];
    timeWaitLeft?: number;
    sources: readonly { file: string; line: number; column: number; kind: string; text: string }[];
    lookedUp: boolean;
  }[];
  /** Every Unix socket path the workspace's code binds, with its last inspection (the tree lists stale and listening ones). */
  unixSockets: {
    path: string;
    status?: string;
    state: string;
    holders: { pid: number; name: string }[];
    sources: readonly { file: string; line: number; column: number; kind: string; text: string }[];
  }[];
  tree: TreeSnapshot[];
  pick?: {
    title?: string;
    value: string;
    items: { port: number; label: string; description?: string; detail?: string; buttons: number }[];
  };
  shown: ShownMessage[];
}

async function snapshotTree(tree: PortHoldersTree, node?: PortNode): Promise<TreeSnapshot[]> {
  const out: TreeSnapshot[] = [];
  for (const child of tree.getChildren(node)) {
    const item = tree.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value;
    out.push({
      label,
      description: typeof item.description === 'string' ? item.description : undefined,
      contextValue: item.contextValue,
      tooltip,
      command: item.command ? { command: item.command.command, arguments: item.command.arguments } : undefined,
      children: await snapshotTree(tree, child),
    });
  }
  return out;
}

export async function snapshotPorts(api: PortHoldersApi, shown: readonly ShownMessage[]): Promise<PortsState> {
  const { holders, statusBar, tree, picker, treeView } = api;
  const now = Date.now();
  const pick = picker.current;
  return {
    discovered: holders.discovered,
    focused: vscode.window.state.focused,
    viewVisible: treeView.visible,
    error: holders.error,
    treeMessage: treeView.message,
    statusBar: { text: statusBar.text, visible: statusBar.visible, tooltip: statusBar.tooltipMarkdown },
    rows: holders.rows().map((r) => ({
      port: r.port,
      protocol: r.protocol,
      status: r.report?.status,
      state: stateText(r, now),
      holders: r.report?.holders.map((h) => ({ pid: h.pid, name: h.name, user: h.user, command: h.command, kind: h.kind })) ?? [],
      timeWaitLeft: timeWaitLeft(r, now),
      sources: r.sources,
      lookedUp: r.lookedUp ?? false,
    })),
    unixSockets: holders.socketRows().map((s) => ({
      path: s.path,
      status: s.report?.status,
      state: socketStateText(s),
      holders: s.report?.holders.map((h) => ({ pid: h.pid, name: h.name })) ?? [],
      sources: s.sources,
    })),
    tree: await snapshotTree(tree),
    pick: pick && {
      title: pick.title,
      value: pick.value,
      items: pick.items.map((i) => ({
        port: i.port,
        label: i.label,
        description: i.description,
        detail: i.detail,
        buttons: i.buttons?.length ?? 0,
      })),
    },
    shown: [...shown],
  };
}
