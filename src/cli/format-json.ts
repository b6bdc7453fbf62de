// `--format json`: {"findings":[...]} with 1-based lines and columns (UTF-16 code units);
// `file` is relative to the current folder when inside it, else absolute, in edits too.
import type { TextEdit } from '../analysis/types';
import { displayPath, oneBased, orderedFixes, type CheckReport } from './report';

export interface JsonEdit {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  fixes: { title: string; edits: JsonEdit[] }[];
}

function span(range: TextEdit['range']): { line: number; column: number; endLine: number; endColumn: number } {
  const start = oneBased(range.start);
  const end = oneBased(range.end);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

export function toJsonFindings(report: CheckReport): JsonFinding[] {
  const findings: JsonFinding[] = [];
  for (const result of report.results) {
    const file = displayPath(report.cwd, result.file);
    for (const finding of result.findings) {
      findings.push({
        file,
        ...span(finding.range),
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        fixes: orderedFixes(finding).map((fix) => ({
          title: fix.title,
          edits: fix.edits.map((edit) => ({ file, ...span(edit.range), newText: edit.newText })),
        })),
      });
    }
  }
  return findings;
}

export function formatJson(report: CheckReport): string {
  return JSON.stringify({ findings: toJsonFindings(report) }, null, 2) + '\n';
}
