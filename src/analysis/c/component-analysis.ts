// After an edit inside a C or C++ function that is part of the socket code, the rules run again
// on that function's component only (c/function-components.ts): on a copy of the file in which
// every other function is blanked out, kept to its line breaks so that every position
// of what remains is the same. The other functions' findings are those of the last result, moved
// by the edit. On a 10,000-line file that is a parse of a few hundred lines instead of a run of
// every rule over all of them.
import { analyzeTree, type AnalyzeOptions } from '../analyzer';
import type { GrammarId, ParserService } from '../parser';
import { byRangeStart } from '../text';
import type { AnalysisResult, Finding, HoverInfo, SourceFile } from '../types';
import { type FunctionEdit, type FunctionIndex, holdsEditedFunction } from './function-components';
import { resultMover } from './inert-edits';

/** Past this share of the file, the component is analyzed with the rest: blanking saves too little. */
export const DEFAULT_MAX_SHARE = 0.5;

/**
 * Where each item of the last result lies, on the index before the edit: the entry holding it,
 * -1 outside every function. Undefined when an item spans functions (or a function and file
 * scope), which the component analysis cannot split.
 */
export interface Placement {
  findings: number[];
  hovers: number[];
}

export function placeResult(index: FunctionIndex, result: AnalysisResult): Placement | undefined {
  const findings: number[] = [];
  for (const f of result.findings) {
    const at = index.entryOf(f.range);
    if (at === undefined) return undefined;
    for (const r of f.related ?? []) if (index.entryOf(r.range) !== at) return undefined;
    for (const fix of f.fixes)
      for (const e of fix.edits) {
        // A fix may also add an #include at the top of the file: outside every function.
        const where = index.entryOf(e.range);
        if (where !== at && where !== -1) return undefined;
      }
    findings.push(at);
  }
  const hovers: number[] = [];
  for (const h of result.hovers) {
    const at = index.entryOf(h.range);
    if (at === undefined) return undefined;
    hovers.push(at);
  }
  return { findings, hovers };
}

/**
 * The file with every entry outside `keep` blanked to its line breaks (and its last line's
 * columns), and where entry `at` starts in it: line and column stay, offsets do not.
 */
function blankedText(text: string, index: FunctionIndex, keep: Set<number>, at: number): { text: string; start: number } {
  const parts: string[] = [];
  let length = 0;
  let from = 0;
  let start = -1;
  const push = (part: string) => {
    parts.push(part);
    length += part.length;
  };
  index.entries.forEach((e, i) => {
    if (i === at) start = length + e.start - from;
    if (keep.has(i)) return;
    push(text.slice(from, e.start));
    const lines = e.endPoint.line - e.startPoint.line;
    push(lines > 0 ? '\n'.repeat(lines) + ' '.repeat(e.endPoint.character) : ' '.repeat(e.end - e.start));
    from = e.end;
  });
  parts.push(text.slice(from));
  return { text: parts.join(''), start };
}

/**
 * The result for the edited text, or undefined when the component cannot be analyzed alone: it
 * spans most of the file, the last result has findings outside every function or spanning
 * functions, the edited function no longer parses whole, or a moved message became ambiguous.
 * `index` has had the edit applied; `placement` was read on it before.
 */
export function analyzeComponent(
  service: ParserService,
  grammar: GrammarId,
  file: SourceFile,
  options: AnalyzeOptions,
  index: FunctionIndex,
  plan: FunctionEdit,
  last: AnalysisResult,
  placement: Placement,
  maxShare = DEFAULT_MAX_SHARE,
): AnalysisResult | undefined {
  if (placement.findings.includes(-1) || placement.hovers.includes(-1)) return undefined;
  const component = index.component(plan.entry, plan.oldIds);
  let size = 0;
  for (const i of component) size += index.entries[i].end - index.entries[i].start;
  if (size > maxShare * file.text.length) return undefined;

  const { text, start } = blankedText(file.text, index, component, plan.entry);
  const tree = service.parseLoaded(grammar, text);
  let fresh: AnalysisResult;
  try {
    // The edited function must still be one whole function there, and nothing else broke.
    if (tree.rootNode.hasError || !holdsEditedFunction(plan, tree, start)) return undefined;
    fresh = analyzeTree({ path: file.path, text }, grammar, tree, options);
  } finally {
    tree.delete();
  }
  // What the component's analysis found must lie in the component.
  for (const item of [...fresh.findings, ...fresh.hovers]) {
    const at = index.entryOf(item.range);
    if (at === undefined || !component.has(at)) return undefined;
  }
  const mover = resultMover(plan, plan.newEnd);
  const findings: Finding[] = last.findings.filter((_, k) => !component.has(placement.findings[k])).map(mover.finding);
  const hovers: HoverInfo[] = last.hovers.filter((_, k) => !component.has(placement.hovers[k])).map(mover.hover);
  if (mover.ambiguous()) return undefined;
  // Stable sorts, as the full analysis's: items at one position come from one function, in rule order.
  return {
    findings: [...findings, ...fresh.findings].sort(byRangeStart),
    hovers: [...hovers, ...fresh.hovers].sort(byRangeStart),
  };
}
