// The CLI's SARIF validated against the SARIF 2.1.0 JSON schema. The schema file is the one
// the npm package @microsoft/jest-sarif 1.0.0-beta.0 ships (lib/schemas/sarif-2.1.0-rtm.5.json,
// MIT), vendored unchanged as test/fixtures/cli/sarif-schema-2.1.0.json. It is a draft-04
// schema, hence ajv-draft-04; ajv-formats checks its `uri` and `date-time` formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { ruleHelpUri } from '../../../src/cli/package-info';
import { RULE_DESCRIPTIONS } from '../../../src/cli/rule-descriptions';
import { copyFixture, FIXTURES, PROJECT_ROOT, runCli } from './support';

async function sarifValidator() {
  const schema = JSON.parse(await fs.readFile(path.join(FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only the `u` flag rejects.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function assertValid(validate: Awaited<ReturnType<typeof sarifValidator>>, log: unknown, label: string): void {
  const ok = validate(log);
  assert.ok(ok, `${label}: ${JSON.stringify(validate.errors, null, 2)}`);
}

test('SARIF output is valid SARIF 2.1.0: findings, fixes, related locations', async (t) => {
  const validate = await sarifValidator();
  const dir = await copyFixture(t, 'project');
  const run = await runCli(['check', '--format', 'sarif'], dir);
  const log = JSON.parse(run.stdout) as { runs: { results: unknown[] }[] };
  assert.equal(log.runs[0].results.length, 1, 'the fixture has one finding');
  assertValid(validate, log, 'project');
});

test('SARIF output is valid with notices (skipped and unreadable files) and with no results', async (t) => {
  const validate = await sarifValidator();
  const dir = await copyFixture(t, 'project');
  // Tests run as root, whom chmod cannot stop; reading /proc/self/mem at offset 0 fails (EIO) for anyone.
  await fs.symlink('/proc/self/mem', path.join(dir, 'src', 'unreadable.c'));
  const withNotices = await runCli(['check', '--format', 'sarif', 'src/notes.txt', 'src/unreadable.c'], dir);
  const log = JSON.parse(withNotices.stdout) as {
    runs: { invocations: { toolExecutionNotifications: { level: string }[] }[] }[];
  };
  assert.deepEqual(
    log.runs[0].invocations[0].toolExecutionNotifications.map((n) => n.level),
    ['note', 'error'],
  );
  assertValid(validate, log, 'notices');

  const clean = await runCli(['check', '--format', 'sarif', 'src/client.c'], dir);
  assertValid(validate, JSON.parse(clean.stdout), 'no results');
});

test('the schema check can fail: a log without a version or with a bad level is rejected', async (t) => {
  const validate = await sarifValidator();
  const dir = await copyFixture(t, 'project');
  const log = JSON.parse((await runCli(['check', '--format', 'sarif'], dir)).stdout) as {
    version?: string;
    runs: { results: { level: string }[] }[];
  };
  const badLevel = structuredClone(log);
  badLevel.runs[0].results[0].level = 'information';
  assert.equal(validate(badLevel), false);
  delete log.version;
  assert.equal(validate(log), false);
});

test('every rule id has a description, a README anchor and its own page under docs/rules/', async () => {
  const readme = await fs.readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  for (const [id, description] of Object.entries(RULE_DESCRIPTIONS)) {
    assert.ok(description.length > 20, id);
    assert.ok(readme.includes(`<a id="${id}"></a>`), `README.md has no anchor for ${id}`);
    const page = await fs.readFile(path.join(PROJECT_ROOT, 'docs', 'rules', `${id}.md`), 'utf8').catch(() => '');
    assert.ok(page.startsWith(`# \`${id}\``), `docs/rules/${id}.md is missing or does not start with its title`);
  }
});

test('without a public repository, no rule links to one (no placeholder helpUri)', () => {
  for (const id of Object.keys(RULE_DESCRIPTIONS)) assert.equal(ruleHelpUri(id), undefined, id);
});
