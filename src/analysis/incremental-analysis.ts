// One open document's tree and its last analysis. For C and C++, an edit inside a function body
// runs no more rules than it must: a function unconnected to the socket code keeps the last
// result, moved by the edit (c/inert-edits.ts); a function of the socket code has its component
// analyzed again, the rest moved (c/component-analysis.ts). Any other edit, or other options,
// runs the rules over the whole file.
import { DEFAULT_MAX_SHARE, analyzeComponent, placeResult, type Placement } from './c/component-analysis';
import { FunctionIndex, holdsEditedFunction, planFunctionEdit, type FunctionEdit } from './c/function-components';
import { carryOver, isInertEdit, relevanceOf, type Relevance } from './c/inert-edits';
import { analyzeTree, type AnalyzeOptions } from './analyzer';
import { EMPTY_CONTEXT } from './context';
import { IncrementalDocument, type TextChange } from './incremental';
import { type GrammarId, type ParserService, isCFamily } from './parser';
import type { AnalysisResult, SourceFile } from './types';

interface LastRun {
  path: string;
  text: string;
  options: AnalyzeOptions;
  result: AnalysisResult;
  rootHadError: boolean;
  /** Of the tree `text` was parsed to; built on the first edit after a full analysis. */
  index?: FunctionIndex;
  relevance?: Relevance;
}

/**
 * An edit inside a function that is not inert, waiting for `analyze` (which has the options) to
 * run its component; the index, moved by the edit, serves the full analysis too.
 */
interface PendingComponent {
  last: LastRun;
  plan: FunctionEdit;
  placement: Placement;
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
  private pending: PendingComponent | undefined;
  /** How the last `analyze` got its result: for the benchmark and the tests. */
  lastRun: 'analyzed' | 'component analyzed' | 'carried over' | undefined;

  private constructor(
    private readonly service: ParserService,
    private readonly doc: IncrementalDocument,
    private readonly maxComponentShare: number,
  ) {}

  /**
   * For a grammar already loaded by `service.language()`. `maxComponentShare`: the largest share
   * of the file an edited function's component may have to be analyzed alone.
   */
  static openLoaded(
    service: ParserService,
    grammar: GrammarId,
    text: string,
    { maxComponentShare = DEFAULT_MAX_SHARE } = {},
  ): DocumentAnalysis {
    return new DocumentAnalysis(service, IncrementalDocument.openLoaded(service, grammar, text), maxComponentShare);
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

  /**
   * Applies `changes` for `newText`. The whole file is reparsed now, or, after an edit inside one
   * function of a file that parsed without errors, only when a full analysis needs its tree.
   */
  update(newText: string, changes: readonly TextChange[]): void {
    const last = this.last;
    this.last = undefined;
    this.pending = undefined;
    const plan =
      last && last.text === this.doc.text && !last.rootHadError && isCFamily(this.doc.grammar)
        ? planFunctionEdit((last.index ??= FunctionIndex.build(this.doc.tree, last.text)), last.text, changes)
        : undefined;
    if (!last || !plan) {
      this.doc.update(newText, changes);
      return;
    }
    const index = last.index!;
    last.relevance ??= relevanceOf(index, last.options.context ?? EMPTY_CONTEXT);
    if (isInertEdit(plan, index, last.result, last.relevance)) {
      this.doc.edit(newText, changes);
      // The function parsed alone says whether it is still whole: the file's tree can wait.
      const alone = this.service.parseLoaded(this.doc.grammar, plan.newSource);
      const whole = holdsEditedFunction(plan, alone, 0) && !alone.rootNode.hasError;
      alone.delete();
      const carried = whole && carryOver(plan, plan.newEnd, last.result);
      if (!carried) return;
      index.applyEdit(plan.entry, plan.newSource, plan.newEnd);
      this.last = { ...last, text: newText, result: carried };
      return;
    }
    const placement = placeResult(index, last.result);
    if (!placement) {
      this.doc.update(newText, changes);
      return;
    }
    this.doc.edit(newText, changes);
    index.applyEdit(plan.entry, plan.newSource, plan.newEnd);
    this.pending = { last: { ...last, text: newText, relevance: undefined }, plan, placement };
  }

  /** The rules' result for the current text (`file.text` must be it). */
  analyze(file: SourceFile, options: AnalyzeOptions = {}): AnalysisResult {
    const last = this.last;
    const reusable = (run: LastRun) =>
      run.text === file.text &&
      run.path === file.path &&
      sameOptions(run.options, options) &&
      !options.reuseHelpersOut &&
      !options.socketWrappersOut;
    if (last && reusable(last)) {
      this.lastRun = 'carried over';
      return last.result;
    }
    const pending = this.pending;
    this.pending = undefined;
    if (pending && reusable(pending.last)) {
      const { last: run, plan, placement } = pending;
      const result = analyzeComponent(
        this.service,
        this.grammar,
        file,
        options,
        run.index!,
        plan,
        run.result,
        placement,
        this.maxComponentShare,
      );
      if (result) {
        this.last = { ...run, result };
        this.lastRun = 'component analyzed';
        return result;
      }
    }
    // A full analysis: the index, if the edit moved it, may no longer match the tree.
    const tree = this.doc.tree;
    const result = analyzeTree(file, this.doc.grammar, tree, options);
    this.last = { path: file.path, text: file.text, options, result, rootHadError: tree.rootNode.hasError };
    this.lastRun = 'analyzed';
    return result;
  }

  dispose(): void {
    this.last = undefined;
    this.pending = undefined;
    this.doc.dispose();
  }
}
