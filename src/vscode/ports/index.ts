// The port holders feature in the editor: status bar, "Port Holders" panel view, Show Port
// Holders, Stop Process on Port…, Refresh. activate() calls activatePortHolders(); nothing here
// blocks: the first discovery and look-up start after registration and are not awaited.
import * as vscode from 'vscode';
import type { ParserService } from '../../analysis/parser';
import { PORT_HOLDERS_VIEW } from '../command-ids';
import type { Log } from '../log';
import { affects } from '../settings';
import { registerPortCommands } from './commands';
import type { FindingsOf } from './findings';
import { PortHolders } from './port-holders';
import { PortPicker } from './quick-pick';
import { RefreshScheduler } from './refresh-scheduler';
import { PortStatusBar } from './status-bar';
import { registerPortReport } from './report-document';
import { PortHoldersTree } from './tree';
import { type PortUi, windowUi } from './ui';

/** What the feature needs from the analyzer. */
export interface AnalyzerLink {
  /** The analyzer's tree-sitter service, shared for port discovery in code. */
  parser: () => Promise<ParserService>;
  /** The analyzer's findings per file, for the TIME_WAIT row's link to the binding code's finding. */
  findingsOf: FindingsOf;
  onDidChangeFindings: vscode.Event<vscode.Uri>;
}

/** The feature's parts, returned through the extension's API (the integration suite's way in). */
export interface PortHoldersApi {
  holders: PortHolders;
  statusBar: PortStatusBar;
  tree: PortHoldersTree;
  treeView: vscode.TreeView<unknown>;
  picker: PortPicker;
  /** Replaces the modal confirmations and messages (undefined restores the real ones). */
  setUi(ui: PortUi | undefined): void;
  /** The confirmations in use (the restart offers' stop flow asks through them too). */
  ui(): PortUi;
}

export function activatePortHolders(context: vscode.ExtensionContext, log: Log, analyzer: AnalyzerLink): PortHoldersApi {
  const holders = new PortHolders(log, analyzer.parser);
  const statusBar = new PortStatusBar(holders);
  const tree = new PortHoldersTree(holders, analyzer.findingsOf);
  const treeView = vscode.window.createTreeView(PORT_HOLDERS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const picker = new PortPicker(holders);
  let ui: PortUi = windowUi;
  const scheduler = new RefreshScheduler(holders);
  // Above the rows, while the system's sockets cannot be read: no row may pass for free.
  const showReadError = () => {
    treeView.message = holders.error ? `⚠ Port holders cannot be read: ${holders.error}` : undefined;
  };
  context.subscriptions.push(
    holders,
    statusBar,
    tree,
    treeView,
    scheduler,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affects.statusBar(event)) statusBar.render();
    }),
    analyzer.onDidChangeFindings((uri) => tree.findingsChanged(uri.fsPath)),
    holders.onDidChange(showReadError),
    ...registerPortCommands({ holders, tree, treeView, picker, ui: () => ui, log }),
    ...registerPortReport(holders),
  );
  scheduler.start();
  return { holders, statusBar, tree, treeView, picker, setUi: (next) => (ui = next ?? windowUi), ui: () => ui };
}
