// Links a port's binding code to the analyzer's finding on it, when there is one: the TIME_WAIT
// row says "this bind lacks SO_REUSEADDR" with a link to the finding the user can fix. The
// findings come from the analyzer through a typed function handed in at activation.
import type { Finding, RuleId } from '../../analysis/types';
import type { PortSource } from '../../ports/discovery';

/** The analyzer's current findings for a file (what the Problems panel shows for it). */
export type FindingsOf = (file: string) => readonly Finding[];

/** Rules whose finding explains why a restarted server cannot bind its port. */
const BIND_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  'missing-reuseaddr',
  'reuseaddr-after-bind',
  'dgram-missing-reuseaddr',
  'unix-socket-stale',
  'windows-reuseaddr',
]);

/** A bind sits a few lines after the `htons(PORT)` that names its port. */
const MAX_LINES_AFTER = 40;

export interface BindingFinding {
  file: string;
  finding: Finding;
}

/** The analyzer's finding on the code that binds `source`'s port: same line first, else the next bind finding below it. */
export function findingFor(source: PortSource, findingsOf: FindingsOf): BindingFinding | undefined {
  if (source.kind !== 'code' || !source.file) return undefined;
  const findings = findingsOf(source.file);
  const sameLine = findings.find((f) => f.range.start.line === source.line);
  const below = findings
    .filter(
      (f) => BIND_RULES.has(f.rule) && f.range.start.line >= source.line && f.range.start.line - source.line <= MAX_LINES_AFTER,
    )
    .sort((a, b) => a.range.start.line - b.range.start.line)[0];
  const finding = sameLine ?? below;
  return finding ? { file: source.file, finding } : undefined;
}
