// Analyzes a whole workspace (the CLI's `check` and the editor's "Check Workspace"): finds the
// files, builds the shared AnalysisContext once, then analyzes file by file, yielding each
// result as it is ready. Pure Node: no 'vscode'. A file that cannot be read or parsed yields an
// error entry; it never ends the run.
import { analyzeText, DEFAULT_MAX_FILE_SIZE, type AnalyzeOptions } from './analyzer';
import type { AnalysisContext } from './context';
import { grammarForPath, type GrammarId, type ParserService } from './parser';
import type { Finding, HoverInfo } from './types';
import { buildWorkspaceContext, readSourceText, type ReadOverride } from './workspace-context';
import { collectWorkspaceFiles, errorText, type WalkNotice } from './workspace-files';

export {
  collectWorkspaceFiles,
  isSkippedDirectory,
  SKIPPED_DIRECTORIES,
  type WalkNotice,
  type WalkResult,
} from './workspace-files';
export { buildWorkspaceContext, readSourceText, type ReadOverride } from './workspace-context';

export interface WorkspaceFileResult {
  /** Absolute path. */
  file: string;
  grammar?: GrammarId;
  /** The text that was analyzed (absent when the file was not read). */
  text?: string;
  findings: Finding[];
  hovers: HoverInfo[];
  /** Not analyzed on purpose (too large, not a source file), with a one-line notice. */
  skipped?: string;
  /** Could not be read or parsed, with a one-line reason. */
  error?: string;
}

export interface AnalyzeFilesOptions extends Omit<AnalyzeOptions, 'context'> {
  service: ParserService;
  context: AnalysisContext;
  /** Unsaved editor buffers; returning undefined reads the file from disk. */
  readFile?: ReadOverride;
  /** Checked between files: an aborted run stops after the file in progress. */
  signal?: AbortSignal;
  /** Called after each file with the number done so far and the total. */
  onProgress?: (done: number, total: number, file: string) => void;
}

/** Analyzes one file of the workspace; never throws. */
async function analyzeWorkspaceFile(
  file: string,
  options: Omit<AnalyzeFilesOptions, 'signal' | 'onProgress'>,
): Promise<WorkspaceFileResult> {
  const grammar = grammarForPath(file);
  if (!grammar) return { file, findings: [], hovers: [], skipped: 'not analyzed: not a C, C++, JavaScript or TypeScript file' };
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  let text: string;
  try {
    const read = await readSourceText(file, options.readFile, maxFileSize);
    if ('notText' in read) return { file, grammar, findings: [], hovers: [], skipped: read.notText };
    if (!('text' in read)) {
      return {
        file,
        grammar,
        findings: [],
        hovers: [],
        skipped: `not analyzed: larger than ${maxFileSize} bytes (setting addressInUse.maxFileSize)`,
      };
    }
    text = read.text;
  } catch (err) {
    return { file, grammar, findings: [], hovers: [], error: `cannot read (${errorText(err)})` };
  }
  try {
    const result = await analyzeText(options.service, { path: file, text }, grammar, { ...options, maxFileSize });
    return {
      file,
      grammar,
      text,
      findings: result.findings,
      hovers: result.hovers,
      ...(result.skipped ? { skipped: result.skipped } : {}),
    };
  } catch (err) {
    return { file, grammar, text, findings: [], hovers: [], error: `cannot analyze (${errorText(err)})` };
  }
}

/** Analyzes `files` one after the other, yielding each result. */
export async function* analyzeFiles(files: readonly string[], options: AnalyzeFilesOptions): AsyncGenerator<WorkspaceFileResult> {
  let done = 0;
  for (const file of files) {
    if (options.signal?.aborted) return;
    const result = await analyzeWorkspaceFile(file, options);
    options.onProgress?.(++done, files.length, file);
    yield result;
  }
}

export interface AnalyzeWorkspaceOptions extends Omit<AnalyzeFilesOptions, 'context'> {
  /** Given: used as is; otherwise built from the files found. */
  context?: AnalysisContext;
}

/** A path the walk could not use, as a result entry (error or skipped). */
export function walkNoticeResult(notice: WalkNotice): WorkspaceFileResult {
  return notice.kind === 'error'
    ? { file: notice.path, findings: [], hovers: [], error: notice.message }
    : { file: notice.path, findings: [], hovers: [], skipped: notice.message };
}

/**
 * The whole check: walk `roots`, build the context, analyze every file. Paths the walk could not
 * read come first, as error entries. Stops quietly when `signal` is aborted (check `signal.aborted`).
 */
export async function* analyzeWorkspace(
  roots: readonly string[],
  options: AnalyzeWorkspaceOptions,
): AsyncGenerator<WorkspaceFileResult> {
  const { files, notices } = await collectWorkspaceFiles(roots, { signal: options.signal });
  for (const notice of notices) yield walkNoticeResult(notice);
  if (options.signal?.aborted) return;
  const context = options.context ?? (await buildWorkspaceContext(roots, files, options));
  yield* analyzeFiles(files, { ...options, context });
}
