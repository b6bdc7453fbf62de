// Applies a quick fix or "fix all" only to the document version its findings were computed on.
// VS Code applies a code action's `edit` without any version check (the extension host sends it
// with no version), so an edit typed between opening the menu and choosing the fix, or during a
// fix-on-save, would land at stale offsets. The actions carry this command instead, which
// compares versions when the fix is chosen and refuses a stale one.
import * as vscode from 'vscode';
import type { TextEdit } from '../analysis/types';
import { toRange } from './convert';
import type { DiagnosticsController } from './diagnostics';
import type { Log } from './log';

export const APPLY_FIX_COMMAND = 'addressInUse.applyFix';

/** `applied`; `stale`: the document changed since the fix was computed; `closed`; `failed`: VS Code refused the edit. */
export type ApplyFixOutcome = 'applied' | 'stale' | 'closed' | 'failed';

interface ApplyFixArgs {
  uri: string;
  version: number;
  title: string;
  edits: readonly TextEdit[];
}

export const STALE_FIX_MESSAGE =
  'Address In Use: the file changed after this fix was offered, so it was not applied. Its problems are being checked again: apply the fix from the new suggestion.';

/** The command a code action runs to apply `edits` to `document` as it is now (its version). */
export function applyFixCommand(document: vscode.TextDocument, title: string, edits: readonly TextEdit[]): vscode.Command {
  const args: ApplyFixArgs = { uri: document.uri.toString(), version: document.version, title, edits };
  return { command: APPLY_FIX_COMMAND, title, arguments: [args] };
}

function isArgs(value: unknown): value is ApplyFixArgs {
  const v = value as Partial<ApplyFixArgs> | undefined;
  return typeof v?.uri === 'string' && typeof v.version === 'number' && typeof v.title === 'string' && Array.isArray(v.edits);
}

export function registerApplyFix(diagnostics: DiagnosticsController, log: Log): vscode.Disposable {
  return vscode.commands.registerCommand(APPLY_FIX_COMMAND, async (args: unknown): Promise<ApplyFixOutcome> => {
    if (!isArgs(args)) return 'failed';
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
    if (!document || document.isClosed) return 'closed';
    if (document.version !== args.version) {
      log.info(
        `${document.uri.fsPath}: "${args.title}" not applied: computed on version ${args.version}, the document is at ${document.version}`,
      );
      void vscode.window.showWarningMessage(STALE_FIX_MESSAGE);
      void diagnostics.refresh(document);
      return 'stale';
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of args.edits) edit.replace(document.uri, toRange(e.range), e.newText);
    // applyEdit sends the extension host's version of the document: VS Code refuses the edit if
    // the editor has moved on since (an edit still on its way to this host).
    if (await vscode.workspace.applyEdit(edit)) return 'applied';
    log.info(`${document.uri.fsPath}: "${args.title}" was refused by the editor (the document changed meanwhile)`);
    void vscode.window.showWarningMessage(STALE_FIX_MESSAGE);
    void diagnostics.refresh(document);
    return 'failed';
  });
}
