// Shared by the JS/TS analyzer tests: fixture discovery, caret markers, one parser service.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FileAnalysis, analyzeText } from '../../../src/analysis/analyzer';
import { EMPTY_CONTEXT } from '../../../src/analysis/context';
import { readNodeVersion } from '../../../src/analysis/js/node-version';
import { ParserService, grammarForPath } from '../../../src/analysis/parser';

/** Fixtures are read from the source tree (out/test/unit/js -> test/fixtures/js). */
export const FIXTURES = path.join(__dirname, '../../../../test/fixtures/js');

const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);

export function fixtureFiles(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...fixtureFiles(full));
    else if (EXTENSIONS.has(path.extname(entry.name))) out.push(full);
  }
  return out.sort();
}

let service: Promise<ParserService> | undefined;
export function parserService(): Promise<ParserService> {
  service ??= ParserService.create();
  return service;
}

/** Analyzes `text` as if it were the file at `filePath`, with the Node version its folder declares. */
export async function analyze(filePath: string, text: string, nodeVersion?: string): Promise<FileAnalysis> {
  const grammar = grammarForPath(filePath);
  if (!grammar) throw new Error(`no grammar for ${filePath}`);
  const context = { ...EMPTY_CONTEXT, nodeVersion: nodeVersion ?? (await readNodeVersion(path.dirname(filePath))) };
  return analyzeText(await parserService(), { path: filePath, text }, grammar, { context });
}

/** Whether `text` parses without syntax errors with the grammar of `filePath`. */
export async function parsesCleanly(filePath: string, text: string): Promise<boolean> {
  const tree = await (await parserService()).parse(grammarForPath(filePath)!, text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

export interface Expected {
  line: number;
  column: number;
  rule: string;
}

const MARKER = /^(\s*\/\/\s*)\^\s+([a-z][a-z0-9-]*)\s*$/;

/**
 * Caret markers: a comment line `//    ^ rule-id` under a code line says a finding of that rule
 * starts on that code line at the caret's column. Several markers may follow one code line.
 */
export function expectedFindings(text: string): Expected[] {
  const lines = text.split(/\r?\n/);
  const expected: Expected[] = [];
  let codeLine = -1;
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) {
      codeLine = i;
      return;
    }
    if (codeLine < 0) throw new Error(`marker on line ${i + 1} has no code line above it`);
    expected.push({ line: codeLine, column: line.indexOf('^'), rule: m[2] });
  });
  return expected;
}

export function key(e: Expected): string {
  return `${e.line + 1}:${e.column} ${e.rule}`;
}
