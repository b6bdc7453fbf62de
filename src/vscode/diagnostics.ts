// Publishes findings as diagnostics: at once when a document opens, debounced while typing
// (a newer edit cancels the pending run), removed when the document closes.
import * as vscode from 'vscode';
import { toDiagnostic } from './convert';
import { EditorAnalysis, grammarOf } from './editor-analysis';
import { affectsAnalysis } from './settings';
import type { Log } from './log';

const TYPING_DELAY_MS = 200;

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('address-in-use');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly notified = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly onDidPublishEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics were (re)published; tests and the ports view listen. */
  readonly onDidPublish = this.onDidPublishEmitter.event;

  constructor(
    private readonly analysis: EditorAnalysis,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      this.collection,
      this.onDidPublishEmitter,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.analysis.recordChanges(event);
        this.schedule(event.document, TYPING_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsAnalysis(event)) this.analyzeOpenDocuments();
      }),
    );
  }

  /** Analyzes every open document we understand; the first parse is started here, not awaited by activate. */
  analyzeOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** Analyzes now and resolves when the diagnostics are published (the workspace check and tests use it). */
  async refresh(document: vscode.TextDocument): Promise<void> {
    this.cancel(document.uri);
    await this.run(document);
  }

  /** Diagnostics for a file that is not open (the workspace check). */
  set(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    this.collection.set(uri, diagnostics);
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!grammarOf(document)) return;
    const key = document.uri.toString();
    this.cancel(document.uri);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.run(document);
      }, delay),
    );
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private async run(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    try {
      const result = await this.analysis.analyze(document);
      // A newer edit is queued or the document closed meanwhile: that run publishes instead.
      if (!result || document.isClosed || result.version !== document.version) return;
      this.collection.set(
        document.uri,
        result.findings.map((f) => toDiagnostic(f, document.uri)),
      );
      if (result.skipped) this.noticeSkipped(document.uri, result.skipped);
      this.onDidPublishEmitter.fire(document.uri);
    } catch (error) {
      // One file's failure must not stop analysis of the others.
      this.log.error(`analysis of ${document.uri.fsPath} failed`, error);
    }
  }

  private noticeSkipped(uri: vscode.Uri, reason: string): void {
    const key = uri.toString();
    // Once per opened document and reason: a skipped file is re-checked on every keystroke.
    if (this.notified.get(key) === reason) return;
    this.notified.set(key, reason);
    this.log.info(`${uri.fsPath}: not analyzed: ${reason}`);
    vscode.window.setStatusBarMessage(
      `$(info) Address In Use: ${vscode.workspace.asRelativePath(uri)} not analyzed: ${reason}`,
      10_000,
    );
  }

  private clear(uri: vscode.Uri): void {
    this.cancel(uri);
    this.collection.delete(uri);
    this.analysis.forget(uri);
    this.notified.delete(uri.toString());
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
