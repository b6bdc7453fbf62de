// The TextMate grammars under syntaxes/, checked with vscode-tmgrammar-test against the
// test/syntaxes/*.syntax-test files (scope assertions under each line). The suppression-comment
// injection is tested inside the very grammars VS Code ships for C, C++, JavaScript, TypeScript
// and Python (taken from the installed code-server), since its selector depends on their scopes.
//
//   node scripts/test-grammars.mjs     (a stage of `npm test`; code-server must be installed)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeServerDir } from './code-server.mjs';
import { projectRoot } from './paths.mjs';

const HOST_GRAMMARS = [
  'cpp/syntaxes/c.tmLanguage.json',
  'cpp/syntaxes/cpp.tmLanguage.json',
  'cpp/syntaxes/cpp.embedded.macro.tmLanguage.json',
  'javascript/syntaxes/JavaScript.tmLanguage.json',
  'javascript/syntaxes/JavaScriptReact.tmLanguage.json',
  'typescript-basics/syntaxes/TypeScript.tmLanguage.json',
  'typescript-basics/syntaxes/TypeScriptReact.tmLanguage.json',
  'python/syntaxes/MagicPython.tmLanguage.json',
  'python/syntaxes/MagicRegExp.tmLanguage.json',
];

export function testGrammars({ log = console.log } = {}) {
  const extensions = path.join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions');
  const hostGrammars = HOST_GRAMMARS.map((file) => path.join(extensions, file));
  const missing = hostGrammars.filter((file) => !fs.existsSync(file));
  if (missing.length > 0)
    throw new Error(`VS Code's own grammars are missing (is code-server installed?): ${missing.join(', ')}`);
  const dir = path.join(projectRoot, 'test', 'syntaxes');
  const tests = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.syntax-test'))
    .map((name) => path.join('test', 'syntaxes', name));
  if (tests.length === 0) throw new Error('no test/syntaxes/*.syntax-test files');
  const cli = path.join(projectRoot, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
  const args = [cli, '--compact', '--config', path.join(projectRoot, 'package.json')];
  for (const grammar of hostGrammars) args.push('--grammar', grammar);
  const result = spawnSync(process.execPath, [...args, ...tests], { cwd: projectRoot, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  // The host grammars embed others (asm, sql, glsl...) that these tests do not need.
  const lines = output.split('\n').filter((line) => line.trim() && !/^grammar not found for/.test(line));
  for (const line of lines) log(line);
  const failedFiles = new Set(lines.map((line) => /^ERROR (\S+?):\d+/.exec(line)?.[1]).filter(Boolean));
  const passed = lines.filter((line) => /run successfuly|run successfully/.test(line)).length;
  const failed = Math.max(failedFiles.size, result.status === 0 ? 0 : 1);
  return { passed, failed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { passed, failed } = testGrammars();
    console.log(`grammars: ${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  } catch (error) {
    console.error(`grammars: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
