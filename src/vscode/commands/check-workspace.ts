// "Address In Use: Check Workspace": analyzes every C, C++, JavaScript, TypeScript and Python file of
// the workspace (the same walk and context as the CLI's `check`) with a cancellable progress
// notification. Open documents are analyzed from their buffers, so unsaved edits count.
import * as vscode from 'vscode';
import { analyzeWorkspace, defaultWorkerCount } from '../../analysis/workspace';
import type { DiagnosticsController } from '../diagnostics';
import type { EditorAnalysis } from '../editor-analysis';
import type { Log } from '../log';
import { CHECK_WORKSPACE } from '../command-ids';
import { analyzeOptionsFor } from '../settings';

/**
 * VS Code keeps a progress notification on screen for at least 800 ms however fast the task ends
 * (its progress service), so a result shown at once appears beside it. The result waits until
 * the progress notification is gone, with a margin for the two messages' trip to the workbench.
 */
const PROGRESS_SHOWN_MS = 800 + 250;

export interface CheckSummary {
  files: number;
  findings: number;
  failed: number;
  cancelled: boolean;
  /** Files analyzed on a worker thread (the others on the extension host's). */
  onWorkers: number;
}

/** Unsaved editor buffers win over the files on disk. */
export function openBufferText(file: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)?.getText();
}

export function registerCheckWorkspace(
  analysis: EditorAnalysis,
  diagnostics: DiagnosticsController,
  log: Log,
): vscode.Disposable {
  // Files the last check published diagnostics for: one deleted or renamed since must not keep them.
  let published = new Set<string>();
  return vscode.commands.registerCommand(CHECK_WORKSPACE, async (): Promise<CheckSummary> => {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (roots.length === 0) {
      void vscode.window.showInformationMessage('Address In Use: open a folder to check a workspace.');
      return { files: 0, findings: 0, failed: 0, cancelled: false, onWorkers: 0 };
    }
    const progressStart = Date.now();
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Address In Use: checking workspace', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancellation = token.onCancellationRequested(() => abort.abort());
        const result: CheckSummary = { files: 0, findings: 0, failed: 0, cancelled: false, onWorkers: 0 };
        const seen = new Set<string>();
        try {
          const service = await analysis.parser();
          let reported = 0;
          const options = {
            ...analyzeOptionsFor(vscode.Uri.file(roots[0])),
            service,
            readFile: openBufferText,
            // This thread and a worker per other core, started once the files look worth it.
            workers: defaultWorkerCount(),
            signal: abort.signal,
            onProgress: (done: number, total: number, file: string, onWorker: boolean) => {
              if (onWorker) result.onWorkers++;
              const percent = (100 * done) / Math.max(total, 1);
              progress.report({
                message: `${done}/${total} ${vscode.workspace.asRelativePath(file)}`,
                increment: percent - reported,
              });
              reported = percent;
            },
          };
          for await (const file of analyzeWorkspace(roots, options)) {
            if (file.error) {
              result.failed++;
              log.error(`${file.file}: ${file.error}`);
              continue;
            }
            if (file.skipped) log.info(`${file.file}: ${file.skipped}`);
            const uri = vscode.Uri.file(file.file);
            diagnostics.set(uri, file.findings);
            seen.add(uri.toString());
            result.files++;
            result.findings += file.findings.length;
          }
          result.cancelled = abort.signal.aborted;
          if (result.cancelled) {
            for (const key of seen) published.add(key);
          } else {
            // Open documents are the editor's to publish; the others were not found this time.
            const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
            for (const key of published) if (!seen.has(key) && !open.has(key)) diagnostics.set(vscode.Uri.parse(key), []);
            published = seen;
          }
        } finally {
          cancellation.dispose();
        }
        return result;
      },
    );
    log.info(
      `Check Workspace: ${summary.files} files, ${summary.onWorkers} of them on worker threads, ${summary.findings} problems`,
    );
    const failed = summary.failed > 0 ? ` ${summary.failed} could not be read (see the Output panel).` : '';
    const verb = summary.cancelled ? 'Cancelled after' : 'Checked';
    const progressGone = new Promise((resolve) => setTimeout(resolve, progressStart + PROGRESS_SHOWN_MS - Date.now()));
    void progressGone.then(() =>
      vscode.window.showInformationMessage(
        `Address In Use: ${verb} ${summary.files} file${summary.files === 1 ? '' : 's'}, ${summary.findings} problem${summary.findings === 1 ? '' : 's'}.${failed}`,
      ),
    );
    return summary;
  });
}
