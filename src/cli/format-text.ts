// `--format text`: one line per finding the way compilers print them, so terminals and editors
// link them (`file:line:col: warning: message [rule]`), then a summary line.
import type { Severity } from '../analysis/types';
import { TOOL_NAME } from './package-info';
import { countProblems, displayPath, oneBased, type CheckReport } from './report';

const SEVERITY_WORD: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'hint',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What --fix did: `Fixed 3 problems in 2 files.` */
export function fixedLine(fixed: ReadonlyMap<string, number>): string {
  let count = 0;
  for (const n of fixed.values()) count += n;
  return `Fixed ${plural(count, 'problem')} in ${plural(fixed.size, 'file')}.`;
}

/**
 * `3 problems (1 error, 2 warnings) in 5 files. --fix fixes 2 of them: address-in-use check --fix`
 * The pointer to --fix appears only when some finding has a preferred fix and --fix did not run.
 */
export function summaryLine(report: CheckReport): string {
  const c = countProblems(report);
  const problems = c.error + c.warning + c.information + c.hint;
  const files = `${plural(c.analyzed, 'file')}${c.unreadable ? ` (${c.unreadable} more could not be analyzed)` : ''}`;
  if (problems === 0) return `No problems found in ${files}.`;
  const parts = [
    c.error && plural(c.error, 'error'),
    c.warning && plural(c.warning, 'warning'),
    c.information && `${c.information} info`,
    c.hint && plural(c.hint, 'hint'),
  ].filter(Boolean);
  const fixable = report.fixed
    ? 0
    : report.results.reduce((n, r) => n + r.findings.filter((f) => f.fixes.some((x) => x.isPreferred)).length, 0);
  const all = fixable === problems ? (problems === 1 ? 'it' : 'all of them') : `${fixable} of them`;
  const pointer = fixable > 0 ? ` --fix fixes ${all}: ${TOOL_NAME} check --fix` : '';
  return `${plural(problems, 'problem')} (${parts.join(', ')}) in ${files}.${pointer}`;
}

export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    const file = displayPath(report.cwd, result.file);
    for (const finding of result.findings) {
      const { line, column } = oneBased(finding.range.start);
      lines.push(`${file}:${line}:${column}: ${SEVERITY_WORD[finding.severity]}: ${finding.message} [${finding.rule}]`);
    }
  }
  if (report.fixed) lines.push(fixedLine(report.fixed));
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
}
