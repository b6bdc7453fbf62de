// `--format sarif`: a SARIF 2.1.0 log (GitHub code scanning, VS Code's SARIF viewer). Paths are
// relative URIs against the `%SRCROOT%` base (the current folder) when inside it, else absolute
// file URIs; regions are 1-based with UTF-16 columns, as `columnKind` says.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import type { Range, Severity } from '../analysis/types';
import { repositoryUrl, ruleHelpUri, TOOL_NAME, TOOL_VERSION } from './package-info';
import { displayPath, oneBased, orderedFixes, type CheckReport } from './report';
import { RULE_DESCRIPTIONS } from './rule-descriptions';

const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, sarif.Result.level> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

function artifactLocation(cwd: string, file: string): sarif.ArtifactLocation {
  const shown = displayPath(cwd, file);
  if (path.isAbsolute(shown)) return { uri: pathToFileURL(file).href };
  return { uri: shown.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(range: Range): sarif.Region {
  const start = oneBased(range.start);
  const end = oneBased(range.end);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

function informationUri(): { informationUri?: string } {
  const url = repositoryUrl();
  return url ? { informationUri: url } : {};
}

function rules(): sarif.ReportingDescriptor[] {
  return Object.entries(RULE_DESCRIPTIONS).map(([id, text]) => {
    const helpUri = ruleHelpUri(id);
    // Without a public repository there is no page to link: the help travels in the log itself.
    return { id, shortDescription: { text }, fullDescription: { text }, help: { text }, ...(helpUri ? { helpUri } : {}) };
  });
}

export function toSarif(report: CheckReport): sarif.Log {
  const ruleList = rules();
  const ruleIndex = new Map(ruleList.map((rule, i) => [rule.id, i]));
  const results: sarif.Result[] = [];
  const notifications: sarif.Notification[] = [];
  for (const result of report.results) {
    const location = artifactLocation(report.cwd, result.file);
    if (result.error || result.skipped) {
      notifications.push({
        level: result.error ? 'error' : 'note',
        message: { text: result.error ?? result.skipped },
        locations: [{ physicalLocation: { artifactLocation: location } }],
      });
    }
    for (const finding of result.findings) {
      const sarifResult: sarif.Result = {
        ruleId: finding.rule,
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(finding.range) } }],
      };
      const index = ruleIndex.get(finding.rule);
      if (index !== undefined) sarifResult.ruleIndex = index;
      if (finding.related?.length) {
        sarifResult.relatedLocations = finding.related.map((related, id) => ({
          id,
          message: { text: related.message },
          physicalLocation: { artifactLocation: location, region: region(related.range) },
        }));
      }
      const fixes = orderedFixes(finding);
      if (fixes.length) {
        sarifResult.fixes = fixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: [
            {
              artifactLocation: location,
              replacements: fix.edits.map((edit) => ({
                deletedRegion: region(edit.range),
                insertedContent: { text: edit.newText },
              })),
            },
          ],
        }));
      }
      results.push(sarifResult);
    }
  }
  const srcroot = pathToFileURL(report.cwd.endsWith(path.sep) ? report.cwd : report.cwd + path.sep).href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, ...informationUri(), rules: ruleList } },
        originalUriBaseIds: { [SRCROOT]: { uri: srcroot } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

export function formatSarif(report: CheckReport): string {
  return JSON.stringify(toSarif(report), null, 2) + '\n';
}
