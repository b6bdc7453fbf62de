// Quick fixes for each finding (the preferred one first), and "Fix all address-reuse problems
// in this file" as `source.fixAll.addressInUse`, usable in `editor.codeActionsOnSave`. Each
// action runs APPLY_FIX_COMMAND rather than carrying an edit, so that the document's version is
// checked when the fix is applied (src/vscode/apply-fix.ts says why).
import * as vscode from 'vscode';
import { selectPreferredEdits } from '../analysis/fix-all';
import type { Finding } from '../analysis/types';
import { applyFixCommand } from './apply-fix';
import { DIAGNOSTIC_SOURCE, ruleOf, toRange } from './convert';
import type { EditorAnalysis } from './editor-analysis';
import type { Log } from './log';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('addressInUse');

function sameFinding(diagnostic: vscode.Diagnostic, finding: Finding): boolean {
  return ruleOf(diagnostic) === finding.rule && diagnostic.range.isEqual(toRange(finding.range));
}

export const RESTRICTED_FIX_ON_SAVE_MESSAGE =
  'Address In Use: fix all on save is off in Restricted Mode (this workspace is not trusted). The problems are still shown; trust the workspace, or apply a fix yourself with Ctrl+. or Source Action.';

export class AddressReuseCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];
  private toldRestricted = false;

  constructor(
    private readonly analysis: EditorAnalysis,
    private readonly log?: Log,
  ) {}

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
          action.command = applyFixCommand(document, fix.title, fix.edits);
          actions.push(action);
        }
      }
    }
    // An untrusted workspace's settings must not make the extension rewrite files: fix-all runs
    // only when the user asks for it, never on save (a request for that kind alone, with the
    // Automatic trigger; the light bulb's Automatic request names no kind).
    const onSave = context.only !== undefined && context.triggerKind === vscode.CodeActionTriggerKind.Automatic;
    if (wantsFixAll && onSave && !vscode.workspace.isTrusted) {
      this.tellRestricted(document);
    } else if (wantsFixAll) {
      const { edits } = selectPreferredEdits(result.findings);
      if (edits.length > 0) {
        const action = new vscode.CodeAction('Fix all address-reuse problems in this file', FIX_ALL_KIND);
        action.command = applyFixCommand(document, action.title, edits);
        actions.push(action);
      }
    }
    return actions;
  }

  private tellRestricted(document: vscode.TextDocument): void {
    if (this.toldRestricted || selectPreferredEdits(this.analysis.result(document.uri)?.findings ?? []).edits.length === 0)
      return;
    this.toldRestricted = true;
    this.log?.info(`${document.uri.fsPath}: fix all not offered on save: the workspace is not trusted`);
    void vscode.window.showInformationMessage(RESTRICTED_FIX_ON_SAVE_MESSAGE);
  }
}
