// No shell anywhere, and nothing from the workspace evaluated: every child process is started
// from a program and an argument array (execFile/spawn/fork), never `exec`/`execSync` or
// `shell: true`, and no code is built from text (eval, new Function, require of a computed name).
// Checked over what ships (every bundle in dist/) and over the sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../shared/repo-paths';

const DIST = path.join(REPO_ROOT, 'dist');
const SRC = path.join(REPO_ROOT, 'src');
/** child_process functions that take a program and its arguments, no shell unless asked. */
const SHELL_FREE = new Set(['execFile', 'execFileSync', 'spawn', 'spawnSync', 'fork']);
/** `shell:` set to anything but false. */
const SHELL_OPTION = /\bshell\s*:\s*(?!false\b)[^,}\s]/;
const EVALUATION = /(?<![.\w])eval\s*\(|\bnew\s+Function\s*\(/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.ts$/.test(e.name) ? [full] : [];
  });
}

function bundles(): string[] {
  assert.ok(fs.existsSync(path.join(DIST, 'extension.js')), 'dist/ is not built: run `node esbuild.mjs` (`npm test` does)');
  return fs
    .readdirSync(DIST)
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(DIST, f));
}

test('every bundle in dist/ uses only shell-free child_process calls, never with shell: true', () => {
  for (const file of bundles()) {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.basename(file);
    // esbuild binds the module once per bundle: `var import_child_process = require("child_process")`.
    const requires = text.match(/require\(["'](?:node:)?child_process["']\)/g) ?? [];
    const aliases = [...text.matchAll(/(\w+)\s*=\s*(?:__toESM\()?require\(["'](?:node:)?child_process["']\)/g)].map((m) => m[1]);
    // The bundles run through vm.Script get import() as require (esbuild.mjs):
    // `const { execFile } = await Promise.resolve().then(() => __toESM(require("child_process")))`.
    const destructured = [
      ...text.matchAll(
        /\{([^{}]*)\}\s*=\s*await Promise\.resolve\(\)\.then\(\(\) => (?:__toESM\()?require\(["'](?:node:)?child_process["']\)/g,
      ),
    ].map((m) => m[1]);
    assert.equal(
      aliases.length + destructured.length,
      requires.length,
      `${name}: child_process is required in a way this test cannot follow`,
    );
    for (const names of destructured) {
      for (const used of names.split(',').map((n) => n.trim().split(/\s*:\s*/)[0])) {
        assert.ok(
          !used || SHELL_FREE.has(used),
          `${name}: child_process used as ${used}: only ${[...SHELL_FREE].join(', ')} are allowed`,
        );
      }
    }
    for (const alias of aliases) {
      for (const use of text.matchAll(new RegExp(`\\b${alias}\\b(?:\\.(\\w+))?`, 'g'))) {
        if (use.index === text.indexOf(alias)) continue; // the binding itself
        assert.ok(
          use[1] && SHELL_FREE.has(use[1]),
          `${name}: child_process used as ${use[0]}: only ${[...SHELL_FREE].join(', ')} are allowed`,
        );
      }
    }
    const shell = SHELL_OPTION.exec(text);
    assert.equal(shell, null, `${name}: a shell option: ${shell?.[0]}`);
    // Two evals are web-tree-sitter's: Emscripten's loader for the EM_ASM and EM_JS snippets inside
    // the wasm files the extension ships (dist/*.wasm), never text from a workspace.
    const ours = text.replace('ASM_CONSTS[start] = eval(func);', '').replace('moduleExports[name] = eval(func);', '');
    const evaluation = EVALUATION.exec(ours);
    assert.equal(
      evaluation,
      null,
      `${name}: code built from text: ${ours.slice((evaluation?.index ?? 0) - 60, (evaluation?.index ?? 0) + 60)}`,
    );
  }
});

test('the sources import only shell-free child_process calls and never evaluate or require a computed name', () => {
  const files = sourceFiles(SRC);
  assert.ok(files.length > 50);
  for (const file of files) {
    const rel = path.relative(REPO_ROOT, file);
    // Comments out; string and template contents too (fixes write `require(...)` into user code as text).
    const text = fs
      .readFileSync(file, 'utf8')
      .replace(/^\s*(\/\/|\*).*$/gm, '')
      .replace(/`(?:[^`\\]|\\.)*`/g, '``');
    for (const m of text.matchAll(/import\s+(?:\*\s+as\s+\w+|\{([^}]*)\})\s+from\s+['"](?:node:)?child_process['"]/g)) {
      assert.ok(m[1] !== undefined, `${rel}: import * from child_process hides which calls it makes; import them by name`);
      for (const name of m[1].split(',').map((s) =>
        s
          .trim()
          .split(/\s+as\s+/)[0]
          .replace(/^type\s+/, ''),
      )) {
        if (name) assert.ok(SHELL_FREE.has(name), `${rel}: imports ${name} from child_process (a shell)`);
      }
    }
    assert.equal(
      /require\(["'](?:node:)?child_process["']\)/.exec(text)?.[0],
      undefined,
      `${rel}: import child_process by name, so this test sees the calls`,
    );
    assert.equal(SHELL_OPTION.exec(text), null, `${rel}: a shell option`);
    assert.equal(EVALUATION.exec(text), null, `${rel}: eval or new Function`);
    // require() and import() of a computed name could load a workspace file as code.
    assert.equal(/(?<![.\w])require\s*\(\s*[^'"\s)]/.exec(text)?.[0], undefined, `${rel}: require() of a computed name`);
    assert.equal(/(?<![.\w])import\s*\(\s*[^'"\s)]/.exec(text)?.[0], undefined, `${rel}: import() of a computed name`);
  }
});
