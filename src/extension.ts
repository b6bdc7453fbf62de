// activate(): wires the features together, nothing else. Heavy work (loading tree-sitter,
// the first parse, reading ports) starts lazily and is never awaited here.
import * as vscode from 'vscode';
import { registerApplyFix } from './vscode/apply-fix';
import { AddressReuseCodeActions } from './vscode/code-actions';
import { registerCheckWorkspace } from './vscode/commands/check-workspace';
import { DiagnosticsController } from './vscode/diagnostics';
import { EditorAnalysis } from './vscode/editor-analysis';
import { AddressReuseHover } from './vscode/hover';
import { Log } from './vscode/log';
import { registerOpenRule } from './vscode/rule-docs';
import { RuleSettingsCheck } from './vscode/rule-settings-check';
import { type PortHoldersApi, activatePortHolders } from './vscode/ports';
import { type RestartApi, activateRestart } from './vscode/restart';
import { WorkspaceContextTracker } from './vscode/workspace-context';

/** Languages analyzed; JS/TS variants map to their grammars in src/analysis/parser.ts. */
const SELECTOR: vscode.DocumentFilter[] = ['c', 'cpp', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'].map(
  (language) => ({ language }),
);
SELECTOR.push({ language: 'python' });

/** What activate() returns: the one way in for the integration tests (no hidden commands). */
export interface ExtensionApi {
  /** Diagnostics published so far, and a way to wait for a document's. */
  analysis: EditorAnalysis;
  diagnostics: DiagnosticsController;
  /** The port holders feature's parts: its state, views and the seam for its modal questions. */
  ports: PortHoldersApi;
  /** "When the restart fails": the offers made, and the seam that answers their notifications. */
  restart: RestartApi;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = new Log();
  const analysis = new EditorAnalysis(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath);
  const diagnostics = new DiagnosticsController(analysis, log);
  const ruleSettings = new RuleSettingsCheck(log);
  context.subscriptions.push(
    log,
    analysis,
    diagnostics,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new AddressReuseCodeActions(analysis, log), {
      providedCodeActionKinds: AddressReuseCodeActions.providedCodeActionKinds,
    }),
    vscode.languages.registerHoverProvider(SELECTOR, new AddressReuseHover(analysis)),
    registerCheckWorkspace(analysis, diagnostics, log),
    registerOpenRule(context.extensionUri),
    ruleSettings,
    registerApplyFix(diagnostics, log),
    new WorkspaceContextTracker(analysis, diagnostics, log),
  );
  const ports = activatePortHolders(context, log, {
    parser: () => analysis.parser(),
    findingsOf: (file) => diagnostics.findingsOf(file),
    onDidChangeFindings: diagnostics.onDidPublish,
  });
  const restart = activateRestart(context, log, ports, (file) => diagnostics.findingsOf(file));
  diagnostics.analyzeOpenDocuments();
  ruleSettings.check();
  return { analysis, diagnostics, ports, restart };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
