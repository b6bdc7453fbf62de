// The analyzer's front door: size cap, textual pre-filter, parse, the language's rules,
// suppressions, severity settings. Used alike by the VS Code adapters, the CLI and the benchmarks.
import type { Tree } from 'web-tree-sitter';
import { analyzeC, mayHaveCFindings } from './c/analyze';
import { EMPTY_CONTEXT, type AnalysisContext, type WrapperShape } from './context';
import { analyzeJs, mayHaveJsFindings } from './js/analyze';
import { type GrammarId, type ParserService, isCFamily } from './parser';
import { analyzePython, mayHavePythonFindings } from './python/analyze';
import { collectSuppressions, ignoreLineFix, isSuppressed } from './suppressions';
import { byRangeStart, eolOf, lineStarts } from './text';
import type { AnalysisResult, Finding, Severity, SourceFile } from './types';

export type SeveritySetting = Severity | 'off';

export interface AnalyzeOptions {
  context?: AnalysisContext;
  /** Per-rule severity overrides (the `addressInUse.rules` setting). */
  severities?: Partial<Record<string, SeveritySetting>>;
  /** Bytes; larger files are skipped with a notice. Default 2 MB. */
  maxFileSize?: number;
  /** C/C++: receives the reuse helpers the file defines (one parse serves the analysis and the workspace context). */
  reuseHelpersOut?: Map<string, number>;
  /** C/C++: receives the socket wrappers (`xbind`) the file defines, like `reuseHelpersOut`. */
  socketWrappersOut?: Map<string, WrapperShape>;
  /**
   * False: no hover texts, for the workspace check and the CLI, which show none (and whose
   * workers would only copy them back to the main thread).
   */
  hovers?: boolean;
}

export interface FileAnalysis extends AnalysisResult {
  /** Set when the file was not analyzed, with a one-line reason for the user. */
  skipped?: string;
}

export const DEFAULT_MAX_FILE_SIZE = 2_000_000;

/** False when the text cannot hold a finding: such files are never parsed (see the benchmark). */
export function mayHaveFindings(grammar: GrammarId, text: string, context?: AnalysisContext): boolean {
  if (grammar === 'python') return mayHavePythonFindings(text);
  return isCFamily(grammar) ? mayHaveCFindings(text, context) : mayHaveJsFindings(text);
}

/** Runs the rules of `grammar` over an already parsed tree (the editor keeps trees for incremental reparses). */
export function analyzeTree(file: SourceFile, grammar: GrammarId, tree: Tree, options: AnalyzeOptions = {}): AnalysisResult {
  const context = options.context ?? EMPTY_CONTEXT;
  const hovers = options.hovers ?? true;
  const raw =
    grammar === 'python'
      ? analyzePython(file, tree, hovers)
      : isCFamily(grammar)
        ? analyzeC(file, tree, context, options.reuseHelpersOut, options.socketWrappersOut, hovers)
        : analyzeJs(file, tree, context, hovers);
  const suppressions = collectSuppressions(file.text, tree);
  const commentStyle = grammar === 'c' ? 'block' : grammar === 'python' ? 'hash' : 'line';
  const findings: Finding[] = [];
  let starts: number[] | undefined;
  let eol: ReturnType<typeof eolOf> | undefined;
  for (const finding of raw.findings) {
    if (isSuppressed(finding, suppressions)) continue;
    const setting = options.severities?.[finding.rule];
    if (setting === 'off') continue;
    findings.push({
      ...finding,
      severity: setting ?? finding.severity,
      fixes: [
        ...finding.fixes,
        ignoreLineFix(
          file.text,
          (starts ??= lineStarts(file.text))[finding.range.start.line] ?? 0,
          finding,
          commentStyle,
          (eol ??= eolOf(file.text)),
        ),
      ],
    });
  }
  // In file order, both: the editor's partial re-analysis (c/component-analysis.ts) merges by position.
  return { findings: findings.sort(byRangeStart), hovers: [...raw.hovers].sort(byRangeStart) };
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Parses and analyzes one file from scratch (CLI, workspace check). The tree is freed afterwards. */
export async function analyzeText(
  service: ParserService,
  file: SourceFile,
  grammar: GrammarId,
  options: AnalyzeOptions = {},
): Promise<FileAnalysis> {
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (maxSize > 0 && file.text.length > maxSize / 3 && byteLength(file.text) > maxSize) {
    return { findings: [], hovers: [], skipped: `not analyzed: larger than ${maxSize} bytes (setting addressInUse.maxFileSize)` };
  }
  if (!mayHaveFindings(grammar, file.text, options.context)) return { findings: [], hovers: [] };
  const tree = await service.parse(grammar, file.text);
  try {
    return analyzeTree(file, grammar, tree, options);
  } finally {
    tree.delete();
  }
}
