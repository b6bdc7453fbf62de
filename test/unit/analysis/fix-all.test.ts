// "Fix all" where the preferred fixes of several findings meet: inserted above the same line,
// touching a moved statement, needing the same import. One selection (what the editor's Fix all
// applies) must fix every finding, and the result must parse, compile (gcc) or pass
// `node --check`, and leave none of the fixed findings behind.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText } from '../../../src/analysis/analyzer';
import { EMPTY_CONTEXT } from '../../../src/analysis/context';
import { selectPreferredEdits } from '../../../src/analysis/fix-all';
import { ParserService, grammarForPath } from '../../../src/analysis/parser';
import { applyEdits } from '../../../src/analysis/text';
import type { Finding } from '../../../src/analysis/types';
import { markerKey, parseMarkers } from '../../shared/markers';
import { fixturePath } from '../../shared/repo-paths';
import { syntaxCheck } from './c/harness';

const FIXTURES = fixturePath('fix-all');

/** Fixtures whose findings cannot be caret-marked (a marker line would part the lines whose fixes touch). */
const LISTED: Record<string, string[]> = {
  'c/late-reuse-then-bind.c': ['23:5 reuseaddr-after-bind', '24:5 missing-reuseaddr'],
};

let service: Promise<ParserService> | undefined;
const parser = (): Promise<ParserService> => (service ??= ParserService.create());

async function analyze(rel: string, text: string): Promise<Finding[]> {
  const grammar = grammarForPath(rel);
  assert.ok(grammar, `no grammar for ${rel}`);
  return (await analyzeText(await parser(), { path: rel, text }, grammar, { context: EMPTY_CONTEXT })).findings;
}

async function parsesCleanly(rel: string, text: string): Promise<boolean> {
  const tree = await (await parser()).parse(grammarForPath(rel)!, text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** gcc -fsyntax-only for C, `node --check` for JS: '' when clean, else what the tool said. */
async function compileErrors(rel: string, text: string): Promise<string> {
  if (/\.(c|cc|cpp)$/.test(rel)) return syntaxCheck(rel, text);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'address-in-use-fix-all-'));
  const file = path.join(dir, path.basename(rel));
  fs.writeFileSync(file, text);
  try {
    return await new Promise<string>((resolve) =>
      execFile(process.execPath, ['--check', file], { timeout: 30_000 }, (error, _out, stderr) =>
        resolve(error ? stderr.trim() || error.message : ''),
      ),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const key = (f: Finding): string => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule}`;

function fixtures(): string[] {
  return ['c', 'js'].flatMap((lang) => fs.readdirSync(path.join(FIXTURES, lang)).map((name) => `${lang}/${name}`)).sort();
}

test('the overlapping-fix fixtures are there', () => {
  assert.ok(fixtures().length >= 4, `only ${fixtures().join(', ')}`);
});

for (const rel of fixtures()) {
  describe(`fix all on ${rel}`, () => {
    const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');

    test('its findings are the expected ones and it compiles as written', async () => {
      const expected = LISTED[rel] ?? parseMarkers(text).map(markerKey);
      assert.ok(expected.length >= 2, 'a fix-all fixture needs findings whose fixes meet');
      assert.deepEqual((await analyze(rel, text)).map(key).sort(), [...expected].sort());
      assert.equal(await compileErrors(rel, text), '');
    });

    test('one selection fixes every finding; the result parses, compiles and has none of them left', async () => {
      const findings = await analyze(rel, text);
      const selection = selectPreferredEdits(findings);
      assert.equal(selection.applied, findings.length, 'a fix was held back for a later round');
      const fixed = applyEdits(text, selection.edits);
      assert.ok(await parsesCleanly(rel, fixed), `the fixed file does not parse:\n${fixed}`);
      assert.equal(await compileErrors(rel, fixed), '', `the fixed file does not compile:\n${fixed}`);
      const fixedRules = new Set(findings.map((f) => f.rule));
      const left = (await analyze(rel, fixed)).filter((f) => fixedRules.has(f.rule)).map(key);
      assert.deepEqual(left, [], `after fix all:\n${fixed}`);
    });
  });
}

test('a bind tested in an `||` with another bind: the fix checks its own setsockopt and binds nothing twice', async () => {
  const rel = 'c/two-binds-one-condition.c';
  const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
  const fixed = applyEdits(text, selectPreferredEdits(await analyze(rel, text)).edits);
  for (const fd of ['a', 'b']) {
    const binds = fixed.split(`bind(${fd}, `).length - 1;
    assert.equal(binds, 1, `socket ${fd} is bound ${binds} times after the fix:\n${fixed}`);
    assert.ok(fixed.indexOf(`setsockopt(${fd}, `) < fixed.indexOf(`bind(${fd}, `), `setsockopt(${fd}) is not before its bind`);
  }
});

test('two fixes that need the same fs import add it once', async () => {
  const rel = 'js/two-unix-servers-no-fs.js';
  const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
  const fixed = applyEdits(text, selectPreferredEdits(await analyze(rel, text)).edits);
  assert.equal(fixed.split("require('fs')").length - 1, 1, fixed);
});
