// One open document's tree and its last analysis. An edit that cannot change a finding (C and
// C++: inside a function unconnected to the socket code, see c/inert-edits.ts) keeps the last
// result, moved by the edit; any other edit, or other options, runs the rules again.
import { carryOver, planInertEdit, relevanceOf, type Relevance } from './c/inert-edits';
import { analyzeTree, type AnalyzeOptions } from './analyzer';
import { IncrementalDocument, type TextChange } from './incremental';
import { type GrammarId, type ParserService, isCFamily } from './parser';
import type { AnalysisResult, SourceFile } from './types';

interface LastRun {
  path: string;
  text: string;
  options: AnalyzeOptions;
  result: AnalysisResult;
  rootHadError: boolean;
  relevance?: Relevance;
}

function sameOptions(a: AnalyzeOptions, b: AnalyzeOptions): boolean {
  return (
    a.context === b.context &&
    a.maxFileSize === b.maxFileSize &&
    JSON.stringify(a.severities ?? {}) === JSON.stringify(b.severities ?? {})
  );
}

export class DocumentAnalysis {
  private last: LastRun | undefined;
  /** How the last `analyze` got its result: for the benchmark and the tests. */
  lastRun: 'analyzed' | 'carried over' | undefined;

  private constructor(private readonly doc: IncrementalDocument) {}

  /** For a grammar already loaded by `service.language()`. */
  static openLoaded(service: ParserService, grammar: GrammarId, text: string): DocumentAnalysis {
    return new DocumentAnalysis(IncrementalDocument.openLoaded(service, grammar, text));
  }

  get grammar(): GrammarId {
    return this.doc.grammar;
  }

  get text(): string {
    return this.doc.text;
  }

  get tree() {
    return this.doc.tree;
  }

  /** Applies `changes` and reparses `newText` (see IncrementalDocument.update). */
  update(newText: string, changes: readonly TextChange[]): void {
    const last = this.last;
    this.last = undefined;
    if (!last || last.text !== this.doc.text || !isCFamily(this.doc.grammar)) {
      this.doc.update(newText, changes);
      return;
    }
    last.relevance ??= relevanceOf(this.doc.tree, this.doc.text);
    const plan = planInertEdit(this.doc.tree, this.doc.text, changes, last.result, last.relevance);
    this.doc.update(newText, changes);
    const carried = plan && carryOver(plan, this.doc.tree, last.rootHadError, last.result);
    if (carried) this.last = { ...last, text: newText, result: carried };
  }

  /** The rules' result for the current text (`file.text` must be it). */
  analyze(file: SourceFile, options: AnalyzeOptions = {}): AnalysisResult {
    const last = this.last;
    if (
      last &&
      last.text === file.text &&
      last.path === file.path &&
      sameOptions(last.options, options) &&
      !options.reuseHelpersOut &&
      !options.socketWrappersOut
    ) {
      this.lastRun = 'carried over';
      return last.result;
    }
    const result = analyzeTree(file, this.doc.grammar, this.doc.tree, options);
    this.last = { path: file.path, text: file.text, options, result, rootHadError: this.doc.tree.rootNode.hasError };
    this.lastRun = 'analyzed';
    return result;
  }

  dispose(): void {
    this.last = undefined;
    this.doc.dispose();
  }
}
