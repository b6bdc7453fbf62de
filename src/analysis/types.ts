// Data shapes shared by the analyzer, its fixes, the CLI and the VS Code adapters.
// Positions are 0-based lines and UTF-16 columns: the unit of web-tree-sitter's
// `startPosition.column` for JS strings and of VS Code's `Position.character`.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A fix is data: edits to the analyzed file that the editor or the CLI applies. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one fix applied by "fix all", `--fix` and Ctrl+. preferred. */
  isPreferred?: boolean;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Rule ids are a public contract: settings, suppressions, JSON and SARIF use them. */
export type RuleId =
  // C and C++
  | 'missing-reuseaddr'
  | 'reuseaddr-after-bind'
  | 'sockopt-misuse'
  | 'windows-reuseaddr'
  | 'unix-socket-stale'
  | 'reuseport-bsd-semantics'
  // JavaScript and TypeScript
  | 'dgram-missing-reuseaddr'
  | 'listen-no-error-handler'
  | 'dgram-reuseaddr-unicast'
  | 'reuseport-unsupported';

export interface RelatedLocation {
  range: Range;
  message: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** One sentence that says why the bind will fail (or what is wrong). */
  message: string;
  range: Range;
  related?: RelatedLocation[];
  fixes: Fix[];
}

/** What a hover over a bind/listen/createSocket call says about address reuse for that socket. */
export interface HoverInfo {
  range: Range;
  /** Markdown, one or two lines. */
  markdown: string;
}

export interface SourceFile {
  /** Absolute or workspace-relative path; used for language detection and folder heuristics (e.g. `win32/`). */
  path: string;
  text: string;
}

export interface AnalysisResult {
  findings: Finding[];
  hovers: HoverInfo[];
}
