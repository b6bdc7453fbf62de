// Keeps the analyzer's workspace facts current in the editor: reuse helpers defined in any
// C/C++ file (so `make_reusable(fd)` clears a bind in another file) and the Node version.
// Built in the background after the first analysis, rebuilt when a C/C++ file, package.json or
// .nvmrc is saved; open documents are then analyzed again.
import * as vscode from 'vscode';
import type { AnalysisContext } from '../analysis/context';
import { buildWorkspaceContext, collectWorkspaceFiles } from '../analysis/workspace';
import { isCFamily, grammarForPath } from '../analysis/parser';
import { openBufferText } from './commands/check-workspace';
import type { DiagnosticsController } from './diagnostics';
import type { EditorAnalysis } from './editor-analysis';
import type { Log } from './log';
import { analyzeOptionsFor } from './settings';

const REBUILD_DELAY_MS = 1000;

function sameContext(a: AnalysisContext, b: AnalysisContext): boolean {
  if (a.nodeVersion !== b.nodeVersion || a.reuseHelpers.size !== b.reuseHelpers.size) return false;
  for (const [name, index] of a.reuseHelpers) if (b.reuseHelpers.get(name) !== index) return false;
  const wrappers = (c: AnalysisContext) => JSON.stringify([...(c.socketWrappers ?? [])]);
  return wrappers(a) === wrappers(b);
}

function affectsContext(document: vscode.TextDocument): boolean {
  const name = document.uri.path.split('/').pop() ?? '';
  if (name === 'package.json' || name === '.nvmrc') return true;
  const grammar = grammarForPath(document.uri.path);
  return grammar !== undefined && isCFamily(grammar);
}

export class WorkspaceContextTracker implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running: AbortController | undefined;
  private readonly subscriptions: vscode.Disposable[];
  private started = false;

  constructor(
    private readonly analysis: EditorAnalysis,
    private readonly diagnostics: DiagnosticsController,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      // The first published analysis means the parser is loaded: only then is a walk worth it.
      diagnostics.onDidPublish(() => {
        if (!this.started) this.schedule(0);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (affectsContext(doc)) this.schedule(REBUILD_DELAY_MS);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule(REBUILD_DELAY_MS)),
    ];
  }

  private schedule(delay: number): void {
    this.started = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rebuild(), delay);
  }

  private async rebuild(): Promise<void> {
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (roots.length === 0) return;
    try {
      const service = await this.analysis.parser();
      const { files } = await collectWorkspaceFiles(roots, { signal: abort.signal });
      const { maxFileSize } = analyzeOptionsFor(vscode.Uri.file(roots[0]));
      const context = await buildWorkspaceContext(roots, files, {
        service,
        readFile: openBufferText,
        signal: abort.signal,
        maxFileSize,
      });
      if (abort.signal.aborted || sameContext(context, this.analysis.getContext())) return;
      this.analysis.setContext(context);
      this.log.info(
        `workspace context: ${context.reuseHelpers.size} reuse helper(s), Node ${context.nodeVersion ?? 'version unknown'}`,
      );
      this.diagnostics.analyzeOpenDocuments();
    } catch (error) {
      this.log.error('building the workspace context failed', error);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.running?.abort();
    for (const s of this.subscriptions) s.dispose();
  }
}
