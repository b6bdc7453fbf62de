// Shared by the Python analyzer tests: fixture discovery, caret markers, analysis through the
// analyzer's front door (suppressions and all), and the real compiler: `python3 -m py_compile`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type FileAnalysis, analyzeText } from '../../../../src/analysis/analyzer';
import { ParserService } from '../../../../src/analysis/parser';
import { fixturePath } from '../../../shared/repo-paths';

export const FIXTURES = fixturePath('python');

export function fixtureFiles(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...fixtureFiles(full));
    else if (entry.name.endsWith('.py')) out.push(full);
  }
  return out.sort();
}

let service: Promise<ParserService> | undefined;
export function parserService(): Promise<ParserService> {
  return (service ??= ParserService.create());
}

export async function analyze(filePath: string, text: string): Promise<FileAnalysis> {
  return analyzeText(await parserService(), { path: filePath, text }, 'python');
}

function python(): string {
  for (const candidate of ['/usr/bin/python3', '/usr/local/bin/python3']) if (fs.existsSync(candidate)) return candidate;
  throw new Error('python3 not found: install it (Debian: apt-get install -y python3)');
}

/** `python3 -m py_compile` on `text`; returns the compiler's complaint, '' when it compiles. */
export function pyCompile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-py-'));
  try {
    const file = path.join(dir, 'fixture.py');
    fs.writeFileSync(file, text);
    const result = spawnSync(python(), ['-m', 'py_compile', file], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (result.error) throw result.error;
    return result.status === 0 ? '' : `${result.stderr}`.trim() || `exit ${result.status}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export { parseMarkers as expectedFindings, markerKey as key } from '../../../shared/markers';
