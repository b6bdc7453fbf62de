// `address-in-use check [--format text|json|sarif] [--fix] [paths...]`.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { analyzeText } from '../analysis/analyzer';
import { ParserService } from '../analysis/parser';
import {
  checkFiles,
  collectWorkspaceFiles,
  defaultWorkerCount,
  walkNoticeResult,
  type WorkspaceFileResult,
} from '../analysis/workspace';
import type { AnalysisContext } from '../analysis/context';
import { parseCheckArgs, UsageError, type OutputFormat } from './args';
import { fixText } from '../analysis/fix-all';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { fixedLine, formatText } from './format-text';
import type { CliIo } from './io';
import { writeFixedFile } from './write-fixed-file';
import { exitCodeOf, noticeLines, type CheckReport } from './report';
import { usageFailure } from './usage-failure';

const FORMATTERS: Record<OutputFormat, (report: CheckReport) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
};

export { usageFailure } from './usage-failure';

async function applyFixes(result: WorkspaceFileResult, service: ParserService, context: AnalysisContext): Promise<number> {
  const { grammar, text } = result;
  if (!grammar || text === undefined || result.findings.length === 0) return 0;
  const outcome = await fixText(text, result.findings, async (next) => {
    const analysis = await analyzeText(service, { path: result.file, text: next }, grammar, { context, hovers: false });
    return analysis.findings;
  });
  if (outcome.applied === 0) return 0;
  await writeFixedFile(result.file, text, outcome.text);
  result.text = outcome.text;
  result.findings = outcome.findings;
  return outcome.applied;
}

/** Runs `check`; resolves to the exit status (0 clean, 1 problems remain, 2 bad usage). */
export async function runCheckCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseCheckArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return usageFailure(io, `check: ${err.message}`);
    throw err;
  }
  const roots = (args.paths.length > 0 ? args.paths : ['.']).map((p) => path.resolve(io.cwd, p));
  let folders = false;
  for (const [i, root] of roots.entries()) {
    try {
      if ((await fs.stat(root)).isDirectory()) folders = true;
    } catch (err) {
      // A path that exists but cannot be read is the walk's to report, per file.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        return usageFailure(io, `check: no such file or folder: ${args.paths[i] ?? root}`);
    }
  }

  // Loading the parser overlaps the walk. The workers start only once this thread's pace says the
  // files are worth their start-up (checkFiles): a small tree is done before a worker would be ready.
  let service: ParserService | undefined;
  try {
    const starting = ParserService.create();
    const { files, notices } = await collectWorkspaceFiles(roots);
    service = await starting;
    const workers = folders ? defaultWorkerCount() : 0;
    const { results, context } = await checkFiles(files, { service, roots, workers });
    const report: CheckReport = {
      cwd: io.cwd,
      results: notices.map(walkNoticeResult),
      fixed: args.fix ? new Map() : undefined,
    };
    for (const result of results) {
      if (args.fix && !result.error) {
        try {
          const applied = await applyFixes(result, service, context);
          if (applied > 0) report.fixed?.set(result.file, applied);
        } catch (err) {
          result.error = `cannot apply fixes (${err instanceof Error ? err.message : String(err)})`;
        }
      }
      report.results.push(result);
    }

    const notes = noticeLines(report);
    if (notes.length) io.stderr(notes.join('\n') + '\n');
    if (report.fixed && args.format !== 'text') io.stderr(fixedLine(report.fixed) + '\n');
    io.stdout(FORMATTERS[args.format](report));
    return exitCodeOf(report);
  } finally {
    service?.dispose();
  }
}
