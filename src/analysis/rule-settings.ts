// What is wrong in a per-rule severity map (the `addressInUse.rules` setting): a key that names no
// rule (a typo silences nothing and says nothing) or a value that is not a severity. The editor
// reports each once; the settings.json schema only underlines them where the file is open.
import type { SeveritySetting } from './analyzer';
import type { RuleId } from './types';

/** Every rule id at run time; the Record makes the compiler refuse a RuleId left out. */
const RULES: Readonly<Record<RuleId, true>> = {
  'missing-reuseaddr': true,
  'reuseaddr-after-bind': true,
  'sockopt-misuse': true,
  'windows-reuseaddr': true,
  'unix-socket-stale': true,
  'reuseport-bsd-semantics': true,
  'dgram-missing-reuseaddr': true,
  'listen-no-error-handler': true,
  'dgram-reuseaddr-unicast': true,
  'reuseport-unsupported': true,
};

export const RULE_IDS: readonly RuleId[] = Object.keys(RULES) as RuleId[];

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(RULES, id);
}

export type RuleSettingProblem =
  { kind: 'unknown-rule'; id: string; suggestion?: RuleId } | { kind: 'bad-severity'; id: RuleId; value: string };

/** The problems of one `addressInUse.rules` value, in key order; a value that is not an object has none (the schema says so). */
export function ruleSettingProblems(setting: unknown): RuleSettingProblem[] {
  if (typeof setting !== 'object' || setting === null || Array.isArray(setting)) return [];
  const problems: RuleSettingProblem[] = [];
  for (const [id, value] of Object.entries(setting as Record<string, unknown>)) {
    if (!isRuleId(id)) {
      const suggestion = closestRuleId(id);
      problems.push(suggestion ? { kind: 'unknown-rule', id, suggestion } : { kind: 'unknown-rule', id });
    } else if (!SEVERITY_SETTINGS.includes(value as SeveritySetting)) {
      problems.push({ kind: 'bad-severity', id, value: typeof value === 'string' ? value : JSON.stringify(value) });
    }
  }
  return problems;
}

/** One sentence for the user, naming the setting, what is wrong and what would be right. */
export function describeRuleSettingProblem(problem: RuleSettingProblem, settingKey: string): string {
  if (problem.kind === 'bad-severity')
    return `"${problem.value}" for "${problem.id}" in ${settingKey} is not a severity: use one of ${SEVERITY_SETTINGS.join(', ')}.`;
  return problem.suggestion
    ? `"${problem.id}" in ${settingKey} is not a rule id: did you mean "${problem.suggestion}"?`
    : `"${problem.id}" in ${settingKey} is not a rule id. The rule ids: ${RULE_IDS.join(', ')}.`;
}

/**
 * The rule id a typo most likely meant: the nearest by edit distance (case and `_`/space for
 * `-` ignored), when it is at most a third of the id's length away; undefined when none is close.
 */
export function closestRuleId(id: string): RuleId | undefined {
  const typed = id.toLowerCase().replace(/[_\s]+/g, '-');
  if (isRuleId(typed)) return typed;
  let best: RuleId | undefined;
  let bestDistance = Infinity;
  for (const rule of RULE_IDS) {
    const distance = editDistance(typed, rule);
    if (distance < bestDistance) [best, bestDistance] = [rule, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Levenshtein distance with transpositions counted as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}
