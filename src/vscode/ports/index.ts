// The port holders feature in the editor: status bar, "Port Holders" panel view, Show Port
// Holders, Stop Process on Port…, Refresh. activate() calls activatePortHolders(); nothing here
// blocks: the first discovery and look-up start after registration and are not awaited.
import * as vscode from 'vscode';
import type { ParserService } from '../../analysis/parser';
import { PORT_HOLDERS_VIEW } from './command-ids';
import { registerPortCommands } from './commands';
import type { Log } from '../log';
import { PortHolders } from './port-holders';
import { PortPicker } from './quick-pick';
import { RefreshScheduler } from './refresh-scheduler';
import { affects } from './settings';
import { PortStatusBar } from './status-bar';
import { registerTestHooks } from './test-hooks';
import { PortHoldersTree } from './tree';
import { type PortUi, windowUi } from './ui';

/** `log` is the extension's output channel; `parser` shares the analyzer's tree-sitter service. */
export function activatePortHolders(context: vscode.ExtensionContext, log: Log, parser: () => Promise<ParserService>): void {
  const holders = new PortHolders(log, parser);
  const statusBar = new PortStatusBar(holders);
  const tree = new PortHoldersTree(holders);
  const treeView = vscode.window.createTreeView(PORT_HOLDERS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const picker = new PortPicker(holders);
  let ui: PortUi = windowUi;
  const scheduler = new RefreshScheduler(holders);
  context.subscriptions.push(
    holders,
    statusBar,
    tree,
    treeView,
    scheduler,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affects.statusBar(event)) statusBar.render();
    }),
    ...registerPortCommands({ holders, tree, treeView: treeView, picker, ui: () => ui, log }),
  );
  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    context.subscriptions.push(
      ...registerTestHooks({ holders, statusBar, tree, picker, treeView: treeView, setUi: (next) => (ui = next ?? windowUi) }),
    );
  }
  scheduler.start();
}
