// Shared by the JS/TS analyzer tests: fixture discovery, caret markers, one parser service.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FileAnalysis, analyzeText } from '../../../../src/analysis/analyzer';
import { EMPTY_CONTEXT } from '../../../../src/analysis/context';
import { readNodeVersion } from '../../../../src/analysis/js/node-version';
import { ParserService, grammarForPath } from '../../../../src/analysis/parser';
import { fixturePath } from '../../../shared/repo-paths';

/** Fixtures are read from the source tree (out/test/unit/js -> test/fixtures/js). */
export const FIXTURES = fixturePath('js');

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

/**
 * Caret markers: a comment line `//    ^ rule-id` under a code line says a finding of that rule
 * starts on that code line at the caret's column. Several markers may follow one code line.
 */
export { parseMarkers as expectedFindings, type Marker as Expected, markerKey as key } from '../../../shared/markers';
