// package.json is what the Marketplace, VS Code's settings editor and the walkthrough read: these
// check the parts that drift when a rule, a setting or a shipped file is added.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'node:test';
import { RULE_DESCRIPTIONS } from '../../src/cli/rule-descriptions';
import { REPO_ROOT } from '../shared/repo-paths';

interface Setting {
  markdownDescription?: string;
  properties?: Record<string, unknown>;
  additionalProperties?: boolean;
}
interface Manifest {
  repository?: unknown;
  icon?: string;
  galleryBanner?: { color?: string };
  extensionKind?: string[];
  main?: string;
  browser?: string;
  categories?: string[];
  keywords?: string[];
  contributes: {
    configuration: { properties: Record<string, Setting> };
    walkthroughs?: { steps: { media: { markdown?: string } }[] }[];
    viewsWelcome?: { view: string; contents: string }[];
    commands: { command: string; icon?: string }[];
    grammars?: { path: string }[];
  };
}

const manifestText = fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;

test('Marketplace metadata: icon, banner, categories, keywords, no placeholder repository', () => {
  assert.ok(manifest.icon && fs.existsSync(path.join(REPO_ROOT, manifest.icon)), 'the icon file is missing');
  assert.ok(manifest.galleryBanner?.color);
  assert.ok((manifest.categories ?? []).length > 0 && (manifest.keywords ?? []).length > 0);
  assert.doesNotMatch(manifestText, /example\.(invalid|com)/, 'a placeholder URL');
  // No public repository exists: the field is absent rather than a made-up one.
  assert.equal(manifest.repository, undefined);
});

test('runs where the code and its ports are, with a browser entry for vscode.dev', () => {
  assert.deepEqual(manifest.extensionKind, ['workspace']);
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.browser, './dist/extension-web.js');
});

test('addressInUse.rules knows exactly the rule ids, so an unknown id is flagged in settings.json', () => {
  const rules = manifest.contributes.configuration.properties['addressInUse.rules'];
  assert.deepEqual(Object.keys(rules.properties ?? {}).sort(), Object.keys(RULE_DESCRIPTIONS).sort());
  assert.equal(rules.additionalProperties, false);
});

test("every setting's description links at least one other setting", () => {
  const settings = manifest.contributes.configuration.properties;
  for (const [id, setting] of Object.entries(settings)) {
    const links = [...(setting.markdownDescription ?? '').matchAll(/`#([\w.]+)#`/g)].map((m) => m[1]);
    assert.ok(links.length > 0, `${id} links no other setting`);
    for (const link of links) assert.ok(link in settings && link !== id, `${id} links ${link}, which is not another setting`);
  }
});

test('the walkthrough and grammar files exist and ship (.vscodeignore re-includes them)', () => {
  const ignore = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8');
  const files = [
    ...(manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.media.markdown ?? '')),
    ...(manifest.contributes.grammars ?? []).map((g) => g.path.replace(/^\.\//, '')),
  ];
  assert.ok(files.length >= 5);
  for (const file of files) {
    assert.ok(fs.existsSync(path.join(REPO_ROOT, file)), `${file} is missing`);
    const folder = path.posix.dirname(file);
    assert.match(
      ignore,
      new RegExp(`^!${folder}/\\*\\*$`, 'm'),
      `${file} does not ship: .vscodeignore does not re-include ${folder}/**`,
    );
  }
});

test('the empty Port Holders view offers to add a port, in plain text (it renders no backticks)', () => {
  const [welcome] = manifest.contributes.viewsWelcome ?? [];
  assert.ok(welcome, 'no welcome text');
  assert.doesNotMatch(welcome.contents, /`/);
  assert.match(welcome.contents, /\[Add a Port\]\(command:addressInUse\.addPort\)/);
});

test('Reveal and Copy PID look different', () => {
  const icon = (id: string) => manifest.contributes.commands.find((c) => c.command === id)?.icon;
  assert.ok(icon('addressInUse.revealPortSource') && icon('addressInUse.copyPortHolderPid'));
  assert.notEqual(icon('addressInUse.revealPortSource'), icon('addressInUse.copyPortHolderPid'));
  assert.doesNotMatch(icon('addressInUse.revealPortSource') ?? '', /file|copy/, 'a file-like icon looks like Copy');
});
