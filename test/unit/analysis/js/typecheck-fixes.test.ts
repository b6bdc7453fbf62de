// Beyond parsing: a preferred fix applied to a TypeScript fixture adds no type error
// (checked with the TypeScript compiler and @types/node; errors the fixture already had,
// such as packages that are not installed here, are compared, not required to be absent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { applyEdits } from '../../../../src/analysis/text';
import { analyze, expectedFindings, fixtureFiles } from './harness';

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  esModuleInterop: true,
  jsx: ts.JsxEmit.Preserve,
  types: ['node'],
};

/** Error messages per virtual file, positions left out so a shifted line does not count as new. */
function typeErrors(files: Map<string, string>): Map<string, string[]> {
  const host = ts.createCompilerHost(OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) => {
    const text = files.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, version, true) : getSourceFile(name, version, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(path.resolve(name)) ?? readFile(name);
  const program = ts.createProgram([...files.keys()], OPTIONS, host);
  const out = new Map<string, string[]>();
  for (const name of files.keys()) {
    const sf = program.getSourceFile(name);
    const diags = sf ? [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)] : [];
    out.set(name, diags.map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`).sort());
  }
  return out;
}

test('preferred fixes add no TypeScript errors to the TS fixtures', async () => {
  const originals = new Map<string, string>();
  const fixedFiles = new Map<string, string>();
  const origin = new Map<string, string>();
  for (const file of fixtureFiles().filter((f) => /\.(ts|mts|cts|tsx)$/.test(f))) {
    const text = fs.readFileSync(file, 'utf8');
    if (expectedFindings(text).length === 0) continue;
    originals.set(file, text);
    const findings = (await analyze(file, text)).findings;
    findings.forEach((finding, i) => {
      const fix = finding.fixes.find((f) => f.isPreferred);
      if (!fix) return;
      // A sibling file with the same extension, so module kind and resolution stay the same.
      const ext = path.extname(file);
      const name = file.slice(0, -ext.length) + `.fix${i}${ext}`;
      fixedFiles.set(name, applyEdits(text, fix.edits));
      origin.set(name, file);
    });
  }
  assert.ok(fixedFiles.size >= 8, `fixes to check: ${fixedFiles.size}`);
  // One program for both (the standard library and @types/node are loaded once).
  const errors = typeErrors(new Map([...originals, ...fixedFiles]));
  for (const name of fixedFiles.keys()) {
    const had = [...(errors.get(origin.get(name)!) ?? [])];
    const added = (errors.get(name) ?? []).filter((e) => {
      const i = had.indexOf(e);
      if (i < 0) return true;
      had.splice(i, 1);
      return false;
    });
    assert.deepEqual(added, [], `${path.basename(name)} gained type errors:\n${fixedFiles.get(name)}`);
  }
});
