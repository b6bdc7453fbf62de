// What ships in dist/extension.js: every command the bundle registers is one package.json
// contributes (a command only tests call must not reach users' editors), and every contributed
// command is registered by the bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STATUS_BAR_ID } from '../../../src/vscode/command-ids';
import { REPO_ROOT } from '../../shared/repo-paths';

const BUNDLE = path.join(REPO_ROOT, 'dist', 'extension.js');

interface Manifest {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    configuration: { properties: Record<string, unknown> };
    walkthroughs?: { id: string }[];
  };
}

test('dist/extension.js registers exactly the commands package.json contributes', () => {
  assert.ok(fs.existsSync(BUNDLE), `${BUNDLE} is missing: build it with \`npm run build\` (node esbuild.mjs); \`npm test\` does`);
  const bundle = fs.readFileSync(BUNDLE, 'utf8');
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
  const known = new Set([
    ...Object.values(manifest.contributes.views).flatMap((list) => list.map((v) => v.id)),
    ...Object.keys(manifest.contributes.configuration.properties),
    ...(manifest.contributes.walkthroughs ?? []).map((w) => w.id),
    STATUS_BAR_ID,
  ]);
  // The extension's own ids are string literals in the bundle (command-ids.ts).
  const ids = new Set([...bundle.matchAll(/["'`](addressInUse\.[\w.]+)["'`]/g)].map((m) => m[1]));
  const notContributed = [...ids].filter((id) => !contributed.has(id) && !known.has(id));
  assert.deepEqual(notContributed, [], 'ids in the bundle that package.json does not contribute (test-only code shipped?)');
  for (const command of contributed) assert.ok(ids.has(command), `${command} is contributed but the bundle never names it`);
});
