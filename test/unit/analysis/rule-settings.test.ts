import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULE_IDS, closestRuleId, describeRuleSettingProblem, ruleSettingProblems } from '../../../src/analysis/rule-settings';
import { RULE_DESCRIPTIONS } from '../../../src/cli/rule-descriptions';

test('RULE_IDS holds every rule id, no more', () => {
  assert.deepEqual([...RULE_IDS].sort(), Object.keys(RULE_DESCRIPTIONS).sort());
});

test('a valid setting has no problems, whatever its scope merged in', () => {
  assert.deepEqual(ruleSettingProblems({}), []);
  assert.deepEqual(ruleSettingProblems({ 'missing-reuseaddr': 'error', 'listen-no-error-handler': 'off' }), []);
  // Not an object: the settings.json schema reports it; nothing to name here.
  assert.deepEqual(ruleSettingProblems(undefined), []);
  assert.deepEqual(ruleSettingProblems(['missing-reuseaddr']), []);
});

test('an unknown id is reported with the rule it most likely meant', () => {
  assert.deepEqual(ruleSettingProblems({ 'missing-reuseadr': 'off' }), [
    { kind: 'unknown-rule', id: 'missing-reuseadr', suggestion: 'missing-reuseaddr' },
  ]);
  assert.equal(closestRuleId('Missing_ReuseAddr'), 'missing-reuseaddr');
  assert.equal(closestRuleId('listen-no-eror-handler'), 'listen-no-error-handler');
  assert.equal(closestRuleId('reuseaddr-afterbind'), 'reuseaddr-after-bind');
  assert.equal(closestRuleId('sockopt-mius'), 'sockopt-misuse');
});

test('an id close to no rule gets the list of rule ids instead of a guess', () => {
  const [problem] = ruleSettingProblems({ 'no-such-rule': 'off' });
  assert.deepEqual(problem, { kind: 'unknown-rule', id: 'no-such-rule' });
  const message = describeRuleSettingProblem(problem, 'addressInUse.rules');
  assert.match(message, /^"no-such-rule" in addressInUse\.rules is not a rule id\. The rule ids: /);
  for (const id of RULE_IDS) assert.ok(message.includes(id), `${id} missing from: ${message}`);
  assert.equal(closestRuleId('reuseaddr'), undefined);
});

test('a value that is not a severity is reported with the severities', () => {
  const problems = ruleSettingProblems({ 'missing-reuseaddr': 'warn', 'sockopt-misuse': 2 });
  assert.deepEqual(problems, [
    { kind: 'bad-severity', id: 'missing-reuseaddr', value: 'warn' },
    { kind: 'bad-severity', id: 'sockopt-misuse', value: '2' },
  ]);
  assert.equal(
    describeRuleSettingProblem(problems[0], 'addressInUse.rules'),
    '"warn" for "missing-reuseaddr" in addressInUse.rules is not a severity: use one of error, warning, information, hint, off.',
  );
});

test('the did-you-mean message names the setting and both ids', () => {
  assert.equal(
    describeRuleSettingProblem(
      { kind: 'unknown-rule', id: 'missing-reuseadr', suggestion: 'missing-reuseaddr' },
      'addressInUse.rules',
    ),
    '"missing-reuseadr" in addressInUse.rules is not a rule id: did you mean "missing-reuseaddr"?',
  );
});
