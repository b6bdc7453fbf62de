// The C front end's machinery: every query compiles, the textual pre-filter never drops a file
// with findings, and reuse helpers are collected per file for the workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Query } from 'web-tree-sitter';
import { collectReuseHelpers, mayHaveCFindings } from '../../../../src/analysis/c/analyze';
import { ALL_QUERIES, type QueryName, query } from '../../../../src/analysis/c/queries';
import { analyzeFixtureText, fixtureFiles, folderContext, markers, parserService, readFixture, EMPTY_CONTEXT } from './harness';

test('every query compiles for C and C++', async () => {
  const service = await parserService();
  for (const grammar of ['c', 'cpp'] as const) {
    const language = await service.language(grammar);
    for (const name of Object.keys(ALL_QUERIES) as QueryName[]) {
      const compiled = query(language, name);
      assert.ok(compiled instanceof Query);
      assert.equal(query(language, name), compiled, 'queries are compiled once and cached');
    }
  }
});

test('reuse helpers are collected per file and make calls in other files count', async () => {
  const service = await parserService();
  const helpers = async (rel: string) => {
    const tree = await service.parse(rel.endsWith('.c') ? 'c' : 'cpp', readFixture(rel));
    try {
      return collectReuseHelpers(tree);
    } finally {
      tree.delete();
    }
  };
  assert.deepEqual([...(await helpers('workspace-helper/net_util.c'))], [['set_reuse', 0]]);
  assert.deepEqual([...(await helpers('missing-reuseaddr/helper_in_file.c'))], [['make_reusable', 0]]);
  assert.deepEqual([...(await helpers('missing-reuseaddr/tcp_server_no_reuse.c'))], []);

  const rel = 'workspace-helper/server_uses_helper.c';
  const alone = await analyzeFixtureText(rel, readFixture(rel), EMPTY_CONTEXT);
  assert.deepEqual(
    alone.findings.map((f) => f.rule),
    ['missing-reuseaddr'],
    'without the workspace the helper is unknown',
  );
  const withWorkspace = await analyzeFixtureText(rel, readFixture(rel), { reuseHelpers: new Map([['set_reuse', 0]]) });
  assert.deepEqual(withWorkspace.findings, []);
});

test('the pre-filter never drops a file with findings, and drops files without socket calls', async () => {
  for (const rel of fixtureFiles()) {
    // A file binding through another file's xbind() is kept for the workspace's wrappers only.
    if (markers(readFixture(rel)).length > 0) assert.ok(mayHaveCFindings(readFixture(rel), await folderContext(rel)), rel);
  }
  assert.equal(mayHaveCFindings(readFixture('workspace-wrapper/server_no_reuse.c')), false);
  assert.equal(mayHaveCFindings('int main(void) { int binder = 1; return binder; }'), false);
  assert.equal(mayHaveCFindings('x.bind(ep);'), true);
});
