// "Address In Use: Check Workspace": analyzes every C, C++, JavaScript and TypeScript file of
// the workspace with a cancellable progress notification. Open documents are analyzed from
// their buffers (unsaved edits count); the rest from disk.
import * as vscode from 'vscode';
import { analyzeText } from '../../analysis/analyzer';
import { ANALYZED_EXTENSIONS, grammarForPath } from '../../analysis/parser';
import { SKIPPED_DIRECTORIES } from '../../analysis/workspace-files';
import { toDiagnostic } from '../convert';
import type { DiagnosticsController } from '../diagnostics';
import type { EditorAnalysis } from '../editor-analysis';
import type { Log } from '../log';
import { analyzeOptionsFor } from '../settings';

export const CHECK_WORKSPACE_COMMAND = 'addressInUse.checkWorkspace';

export interface CheckSummary {
  files: number;
  findings: number;
  failed: number;
  cancelled: boolean;
}

const INCLUDE = `**/*.{${ANALYZED_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;
const EXCLUDE = `**/{${[...SKIPPED_DIRECTORIES].join(',')}}/**`;

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

export function registerCheckWorkspace(
  analysis: EditorAnalysis,
  diagnostics: DiagnosticsController,
  readme: vscode.Uri,
  log: Log,
): vscode.Disposable {
  return vscode.commands.registerCommand(CHECK_WORKSPACE_COMMAND, async (): Promise<CheckSummary> => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('Address In Use: open a folder to check a workspace.');
      return { files: 0, findings: 0, failed: 0, cancelled: false };
    }
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Address In Use: checking workspace', cancellable: true },
      async (progress, token) => {
        const uris = await vscode.workspace.findFiles(INCLUDE, EXCLUDE, undefined, token);
        const service = await analysis.parser();
        const result: CheckSummary = { files: 0, findings: 0, failed: 0, cancelled: false };
        const step = uris.length > 0 ? 100 / uris.length : 100;
        for (const uri of uris) {
          if (token.isCancellationRequested) {
            result.cancelled = true;
            break;
          }
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: step });
          const grammar = grammarForPath(uri.path);
          if (!grammar) continue;
          try {
            const text = await readText(uri);
            const options = { ...analyzeOptionsFor(uri), context: analysis.getContext() };
            const fileResult = await analyzeText(service, { path: uri.fsPath, text }, grammar, options);
            if (fileResult.skipped) log.info(`${uri.fsPath}: ${fileResult.skipped}`);
            diagnostics.set(uri, fileResult.findings.map((f) => toDiagnostic(f, uri, readme)));
            result.files++;
            result.findings += fileResult.findings.length;
          } catch (error) {
            result.failed++;
            log.error(`checking ${uri.fsPath} failed`, error);
          }
        }
        return result;
      },
    );
    const failed = summary.failed > 0 ? ` ${summary.failed} could not be read (see the Output panel).` : '';
    const verb = summary.cancelled ? 'Cancelled after' : 'Checked';
    void vscode.window.showInformationMessage(
      `Address In Use: ${verb} ${summary.files} file${summary.files === 1 ? '' : 's'}, ${summary.findings} problem${summary.findings === 1 ? '' : 's'}.${failed}`,
    );
    return summary;
  });
}
