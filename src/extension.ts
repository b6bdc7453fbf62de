// activate(): wires the features together, nothing else. Heavy work (loading tree-sitter,
// the first parse, reading ports) starts lazily and is never awaited here.
import * as vscode from 'vscode';
import { AddressReuseCodeActions } from './vscode/code-actions';
import { registerCheckWorkspace } from './vscode/commands/check-workspace';
import { DiagnosticsController } from './vscode/diagnostics';
import { EditorAnalysis } from './vscode/editor-analysis';
import { AddressReuseHover } from './vscode/hover';
import { Log } from './vscode/log';
import { registerOpenRule } from './vscode/rule-docs';
import { activatePortHolders } from './vscode/ports';
import { WorkspaceContextTracker } from './vscode/workspace-context';

/** Languages analyzed; JS/TS variants map to their grammars in src/analysis/parser.ts. */
const SELECTOR: vscode.DocumentSelector = ['c', 'cpp', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'].map(
  (language) => ({ language }),
);

export interface ExtensionApi {
  /** For the integration tests: diagnostics published so far, and a way to wait for a document's. */
  analysis: EditorAnalysis;
  diagnostics: DiagnosticsController;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = new Log();
  const analysis = new EditorAnalysis(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath);
  const diagnostics = new DiagnosticsController(analysis, log);
  context.subscriptions.push(
    log,
    analysis,
    diagnostics,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new AddressReuseCodeActions(analysis), {
      providedCodeActionKinds: AddressReuseCodeActions.providedCodeActionKinds,
    }),
    vscode.languages.registerHoverProvider(SELECTOR, new AddressReuseHover(analysis)),
    registerCheckWorkspace(analysis, diagnostics, log),
    registerOpenRule(context.extensionUri),
    new WorkspaceContextTracker(analysis, diagnostics, log),
  );
  activatePortHolders(context, log, () => analysis.parser());
  diagnostics.analyzeOpenDocuments();
  return { analysis, diagnostics };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
