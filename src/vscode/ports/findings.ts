// Links a port's binding code to the analyzer's finding on it, when there is one: the TIME_WAIT
// row says "this bind lacks SO_REUSEADDR" with a link to the diagnostic the user can fix.
import * as vscode from 'vscode';
import type { PortSource } from '../../ports/discovery';

/** The lead's analyzer publishes with this source (src/vscode/convert.ts). */
export const ANALYZER_SOURCE = 'Address In Use';

/** Rules whose finding explains why a restarted server cannot bind its port. */
const BIND_RULES = new Set([
  'missing-reuseaddr',
  'reuseaddr-after-bind',
  'dgram-missing-reuseaddr',
  'unix-socket-stale',
  'windows-reuseaddr',
]);

/** A bind sits a few lines after the `htons(PORT)` that names its port. */
const MAX_LINES_AFTER = 40;

function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export interface BindingFinding {
  uri: vscode.Uri;
  diagnostic: vscode.Diagnostic;
  rule: string | undefined;
}

/** The analyzer's finding on the code that binds `source`'s port: same line first, else the next bind finding below it. */
export function findingFor(source: PortSource): BindingFinding | undefined {
  if (source.kind !== 'code' || !source.file) return undefined;
  const uri = vscode.Uri.file(source.file);
  const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === ANALYZER_SOURCE);
  const sameLine = ours.find((d) => d.range.start.line === source.line);
  const below = ours
    .filter(
      (d) =>
        BIND_RULES.has(ruleOf(d) ?? '') &&
        d.range.start.line >= source.line &&
        d.range.start.line - source.line <= MAX_LINES_AFTER,
    )
    .sort((a, b) => a.range.start.line - b.range.start.line)[0];
  const diagnostic = sameLine ?? below;
  return diagnostic ? { uri, diagnostic, rule: ruleOf(diagnostic) } : undefined;
}
