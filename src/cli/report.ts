// What a `check` run found, and the conversions every output format shares: display paths,
// 1-based positions, problem counts and the exit status.
import * as path from 'node:path';
import type { WorkspaceFileResult } from '../analysis/workspace';
import type { Finding, Fix, Position, Severity } from '../analysis/types';

export interface CheckReport {
  /** Folder that relative paths in the output are relative to. */
  cwd: string;
  /** Every file looked at, in output order, including skipped and unreadable ones. */
  results: WorkspaceFileResult[];
  /** Set with --fix: preferred fixes applied, per absolute path. */
  fixed?: Map<string, number>;
}

/** Relative to `cwd` when the file lies inside it (like compilers print), else absolute. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** 1-based line and column (UTF-16 code units, the editor's unit) of a 0-based position. */
export function oneBased(pos: Position): { line: number; column: number } {
  return { line: pos.line + 1, column: pos.character + 1 };
}

/** The preferred fix first (the one --fix applies), then the others in the analyzer's order. */
export function orderedFixes(finding: Finding): Fix[] {
  return [...finding.fixes].sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred));
}

/** Findings that make the run fail: warnings and errors. Information and hints never do. */
export function isFailing(severity: Severity): boolean {
  return severity === 'error' || severity === 'warning';
}

export interface ProblemCounts {
  error: number;
  warning: number;
  information: number;
  hint: number;
  /** Files that could not be read or analyzed. */
  unreadable: number;
  /** Files analyzed (neither skipped nor unreadable). */
  analyzed: number;
}

export function countProblems(report: CheckReport): ProblemCounts {
  const counts: ProblemCounts = { error: 0, warning: 0, information: 0, hint: 0, unreadable: 0, analyzed: 0 };
  for (const result of report.results) {
    if (result.error) counts.unreadable++;
    else if (!result.skipped) counts.analyzed++;
    for (const finding of result.findings) counts[finding.severity]++;
  }
  return counts;
}

/** 0 when no warning or error remains and every file could be analyzed, else 1. */
export function exitCodeOf(report: CheckReport): 0 | 1 {
  const counts = countProblems(report);
  return counts.error + counts.warning + counts.unreadable > 0 ? 1 : 0;
}

/** Notices for files skipped or unreadable, one line each (stderr in every format). */
export function noticeLines(report: CheckReport): string[] {
  const lines: string[] = [];
  for (const result of report.results) {
    const file = displayPath(report.cwd, result.file);
    if (result.error) lines.push(`${file}: error: ${result.error}`);
    else if (result.skipped) lines.push(`${file}: note: ${result.skipped}`);
  }
  return lines;
}
