// Publishes findings as diagnostics: at once when a document opens, debounced while typing
// (a newer edit cancels the pending run), removed when the document closes.
import * as vscode from 'vscode';
import type { Finding } from '../analysis/types';
import { toDiagnostic } from './convert';
import { EditorAnalysis, grammarOf } from './editor-analysis';
import { affects } from './settings';
import type { Log } from './log';

const TYPING_DELAY_MS = 200;

/**
 * How one analysis run ended: `published` (its findings are the document's diagnostics now),
 * `not-analyzed` (no grammar for the document's language), `superseded` (a newer edit or a
 * close came first), `failed` (the analysis threw: logged, nothing published).
 */
export type RunOutcome = 'published' | 'not-analyzed' | 'superseded' | 'failed';

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('address-in-use');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly notified = new Map<string, string>();
  /** What each file's diagnostics were made from, for the features that need the findings themselves. */
  private readonly findingsByUri = new Map<string, readonly Finding[]>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly onDidPublishEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a file's diagnostics were (re)published; tests and the ports view listen. */
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
        if (affects.analysis(event)) this.analyzeOpenDocuments();
      }),
    );
  }

  /** Analyzes every open document we understand; the first parse is started here, not awaited by activate. */
  analyzeOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** Analyzes now and resolves when the diagnostics are published (the workspace check and tests use it). */
  refresh(document: vscode.TextDocument): Promise<RunOutcome> {
    this.cancel(document.uri);
    return this.run(document);
  }

  /** Findings of a file that is not open (the workspace check). */
  set(uri: vscode.Uri, findings: readonly Finding[]): void {
    this.publish(uri, findings);
  }

  /** The findings published for a file (an empty list when none). */
  findingsOf(file: string): readonly Finding[] {
    return this.findingsByUri.get(vscode.Uri.file(file).toString()) ?? [];
  }

  private publish(uri: vscode.Uri, findings: readonly Finding[]): void {
    if (findings.length > 0) this.findingsByUri.set(uri.toString(), findings);
    else this.findingsByUri.delete(uri.toString());
    this.collection.set(
      uri,
      findings.map((f) => toDiagnostic(f, uri)),
    );
    this.onDidPublishEmitter.fire(uri);
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

  private async run(document: vscode.TextDocument): Promise<RunOutcome> {
    if (document.isClosed) return 'superseded';
    if (!grammarOf(document)) return 'not-analyzed';
    try {
      const result = await this.analysis.analyze(document);
      // A newer edit is queued or the document closed meanwhile: that run publishes instead.
      if (!result || document.isClosed || result.version !== document.version) return 'superseded';
      if (result.skipped) this.noticeSkipped(document.uri, result.skipped);
      this.publish(document.uri, result.findings);
      return 'published';
    } catch (error) {
      // One file's failure must not stop analysis of the others.
      this.log.error(`analysis of ${document.uri.fsPath} failed`, error);
      return 'failed';
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
    this.findingsByUri.delete(uri.toString());
    this.analysis.forget(uri);
    this.notified.delete(uri.toString());
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
