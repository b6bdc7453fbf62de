// Fixture workspace for discovery tests, read from the source tree (fixtures are not compiled).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturePath } from '../../../shared/repo-paths';

export const WORKSPACE = fixturePath('ports', 'discovery', 'workspace');

export function fixture(relative: string): { file: string; text: string } {
  const file = path.join(WORKSPACE, relative);
  if (!fs.existsSync(file))
    throw new Error(`fixture missing: ${file} (run from a full checkout; node_modules/ fixtures are force-added)`);
  return { file, text: fs.readFileSync(file, 'utf8') };
}

/** 0-based column of `needle` on 0-based `line` of `text`: expected columns come from the fixture text itself. */
export function columnOf(text: string, line: number, needle: string): number {
  const col = text.split(/\r?\n/)[line].indexOf(needle);
  if (col < 0) throw new Error(`'${needle}' not on line ${line}`);
  return col;
}

/** Compact (port, line, column, protocol) rows for exact comparisons. */
export function rows(found: readonly { port: number; protocol?: string; source: { line: number; column: number } }[]): string[] {
  return found.map((f) => `${f.port}@${f.source.line}:${f.source.column}${f.protocol ? `/${f.protocol}` : ''}`);
}
