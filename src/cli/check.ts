// `address-in-use check [--format text|json|sarif] [--fix] [paths...]`.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { analyzeText } from '../analysis/analyzer';
import { ParserService } from '../analysis/parser';
import {
  analyzeFiles,
  buildWorkspaceContext,
  collectWorkspaceFiles,
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
import { TOOL_NAME } from './package-info';

const FORMATTERS: Record<OutputFormat, (report: CheckReport) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
};

export function usageFailure(io: CliIo, message: string): 2 {
  io.stderr(`${TOOL_NAME}: ${message}\nRun '${TOOL_NAME} --help' for usage.\n`);
  return 2;
}

async function applyFixes(result: WorkspaceFileResult, service: ParserService, context: AnalysisContext): Promise<number> {
  const { grammar, text } = result;
  if (!grammar || text === undefined || result.findings.length === 0) return 0;
  const outcome = await fixText(text, result.findings, async (next) => {
    const analysis = await analyzeText(service, { path: result.file, text: next }, grammar, { context });
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
  for (const [i, root] of roots.entries()) {
    try {
      await fs.stat(root);
    } catch (err) {
      // A path that exists but cannot be read is the walk's to report, per file.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        return usageFailure(io, `check: no such file or folder: ${args.paths[i] ?? root}`);
    }
  }

  const service = await ParserService.create();
  try {
    const { files, notices } = await collectWorkspaceFiles(roots);
    const context = await buildWorkspaceContext(roots, files, { service });
    const report: CheckReport = {
      cwd: io.cwd,
      results: notices.map(walkNoticeResult),
      fixed: args.fix ? new Map() : undefined,
    };
    for await (const result of analyzeFiles(files, { service, context })) {
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
    service.dispose();
  }
}
