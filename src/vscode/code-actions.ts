// Quick fixes for each finding (the preferred one first), and "Fix all address-reuse problems
// in this file" as `source.fixAll.addressInUse`, usable in `editor.codeActionsOnSave`.
import * as vscode from 'vscode';
import { selectPreferredEdits } from '../analysis/fix-all';
import type { Finding } from '../analysis/types';
import { DIAGNOSTIC_SOURCE, addFixToEdit, ruleOf, toRange } from './convert';
import type { EditorAnalysis } from './editor-analysis';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('addressInUse');

function sameFinding(diagnostic: vscode.Diagnostic, finding: Finding): boolean {
  return ruleOf(diagnostic) === finding.rule && diagnostic.range.isEqual(toRange(finding.range));
}

export class AddressReuseCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly analysis: EditorAnalysis) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const result = this.analysis.result(document.uri);
    // Results for an older version would produce edits at stale positions.
    if (!result || result.version !== document.version) return [];
    const wantsFixAll = !context.only || context.only.intersects(FIX_ALL_KIND);
    const wantsQuickFix = !context.only || context.only.intersects(vscode.CodeActionKind.QuickFix);
    const actions: vscode.CodeAction[] = [];
    if (wantsQuickFix) {
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        const finding = result.findings.find((f) => sameFinding(diagnostic, f));
        if (!finding) continue;
        for (const fix of finding.fixes) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.isPreferred === true;
          action.edit = new vscode.WorkspaceEdit();
          addFixToEdit(action.edit, document.uri, fix);
          actions.push(action);
        }
      }
    }
    if (wantsFixAll) {
      const { edits } = selectPreferredEdits(result.findings);
      if (edits.length > 0) {
        const action = new vscode.CodeAction('Fix all address-reuse problems in this file', FIX_ALL_KIND);
        action.edit = new vscode.WorkspaceEdit();
        addFixToEdit(action.edit, document.uri, { title: action.title, edits });
        actions.push(action);
      }
    }
    return actions;
  }
}
