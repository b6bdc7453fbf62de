// Per-document analysis state for the editor: the incremental tree of each open document,
// the content changes not yet applied to it, and the latest results (read by code actions
// and hovers, so they never reparse).
import * as vscode from 'vscode';
import { mayHaveFindings, type AnalyzeOptions } from '../analysis/analyzer';
import { EMPTY_CONTEXT, type AnalysisContext } from '../analysis/context';
import type { TextChange } from '../analysis/incremental';
import { DocumentAnalysis } from '../analysis/incremental-analysis';
import { ParseTimeoutError, ParserService, grammarForLanguageId, type GrammarId } from '../analysis/parser';
import { utf8Length } from '../analysis/text';
import type { Finding, HoverInfo } from '../analysis/types';
import { analyzeOptionsFor } from './settings';

export interface DocumentResult {
  version: number;
  findings: Finding[];
  hovers: HoverInfo[];
  /** Why the document was not analyzed (too large, parse timed out), for a one-line notice. */
  skipped?: string;
}

// vscode-vfs: a repository opened in vscode.dev / github.dev (the browser build).
const ANALYZED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-userdata', 'vscode-vfs']);

export function grammarOf(document: vscode.TextDocument): GrammarId | undefined {
  if (!ANALYZED_SCHEMES.has(document.uri.scheme)) return undefined;
  // The language id alone: a .c file the user switched to Plain Text is not C any more.
  return grammarForLanguageId(document.languageId);
}

export class EditorAnalysis implements vscode.Disposable {
  private parserService: Promise<ParserService> | undefined;
  private readonly documents = new Map<string, DocumentAnalysis>();
  private readonly unapplied = new Map<string, TextChange[]>();
  private readonly results = new Map<string, DocumentResult>();
  private context: AnalysisContext = EMPTY_CONTEXT;

  /** `readWasm`: in the browser, where dist/ is no folder on disk (see src/extension-web.ts). */
  constructor(
    private readonly wasmDir: string,
    private readonly readWasm?: (file: string) => Promise<Uint8Array>,
  ) {}

  /** Loaded on the first analyzable document, never during activation. */
  parser(): Promise<ParserService> {
    this.parserService ??= ParserService.create({ wasmDir: this.wasmDir, readWasm: this.readWasm });
    return this.parserService;
  }

  /** Workspace-wide facts (reuse helpers defined in other files, the Node version). */
  setContext(context: AnalysisContext): void {
    this.context = context;
  }

  getContext(): AnalysisContext {
    return this.context;
  }

  recordChanges(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    if (!this.documents.has(key) || event.contentChanges.length === 0) return;
    const pending = this.unapplied.get(key) ?? [];
    for (const c of event.contentChanges) {
      pending.push({
        rangeOffset: c.rangeOffset,
        rangeLength: c.rangeLength,
        range: { start: c.range.start, end: c.range.end },
        text: c.text,
      });
    }
    this.unapplied.set(key, pending);
  }

  result(uri: vscode.Uri): DocumentResult | undefined {
    return this.results.get(uri.toString());
  }

  /** Brings the document's tree up to date and runs the rules. Undefined: not a language we analyze. */
  async analyze(document: vscode.TextDocument): Promise<DocumentResult | undefined> {
    const grammar = grammarOf(document);
    if (!grammar) return undefined;
    const key = document.uri.toString();
    const options: AnalyzeOptions = { ...analyzeOptionsFor(document.uri), context: this.context };
    const version = document.version;
    const text = document.getText();
    const maxSize = options.maxFileSize ?? 0;
    if (maxSize > 0 && utf8Length(text) > maxSize) {
      this.dropTree(key);
      return this.store(key, {
        version,
        findings: [],
        hovers: [],
        skipped: `larger than ${maxSize} bytes (setting addressInUse.maxFileSize)`,
      });
    }
    if (!mayHaveFindings(grammar, text, this.context)) {
      this.dropTree(key);
      return this.store(key, { version, findings: [], hovers: [] });
    }
    const service = await this.parser();
    await service.language(grammar);
    // Closed, or given another language, while the parser loaded: keep no tree and no result
    // for it (forget() already ran; a new language's run is scheduled by the reopen event).
    if (document.isClosed || grammarOf(document) !== grammar) return undefined;
    // Edited while the parser loaded: start over on what it holds now (size cap, pre-filter).
    if (document.version !== version) return this.analyze(document);
    // From here on nothing awaits, so the tree, the pending changes and `text` stay in step:
    // no change event and no other run can come in between.
    try {
      const doc = this.treeFor(service, key, grammar, text);
      const analysis = doc.analyze({ path: document.uri.fsPath, text }, options);
      return this.store(key, { version, ...analysis });
    } catch (error) {
      this.dropTree(key);
      if (error instanceof ParseTimeoutError) {
        return this.store(key, { version, findings: [], hovers: [], skipped: error.message });
      }
      throw error;
    }
  }

  private treeFor(service: ParserService, key: string, grammar: GrammarId, text: string): DocumentAnalysis {
    const existing = this.documents.get(key);
    const pending = this.unapplied.get(key) ?? [];
    this.unapplied.delete(key);
    if (existing && existing.grammar === grammar) {
      if (existing.text !== text) existing.update(text, pending);
      return existing;
    }
    existing?.dispose();
    this.documents.delete(key);
    const created = DocumentAnalysis.openLoaded(service, grammar, text);
    this.documents.set(key, created);
    return created;
  }

  private store(key: string, result: DocumentResult): DocumentResult {
    this.results.set(key, result);
    return result;
  }

  private dropTree(key: string): void {
    this.documents.get(key)?.dispose();
    this.documents.delete(key);
    this.unapplied.delete(key);
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.dropTree(key);
    this.results.delete(key);
  }

  dispose(): void {
    for (const doc of this.documents.values()) doc.dispose();
    this.documents.clear();
    this.unapplied.clear();
    this.results.clear();
    void this.parserService?.then(
      (s) => s.dispose(),
      () => undefined,
    );
  }
}
