// Shared by the C/C++ analyzer tests: fixture discovery, caret markers, analysis through the
// analyzer's front door (suppressions and all), and real gcc/g++ syntax checks.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type FileAnalysis, analyzeText } from '../../../../src/analysis/analyzer';
import type { AnalysisContext } from '../../../../src/analysis/context';
import { type GrammarId, ParserService, grammarForPath } from '../../../../src/analysis/parser';
import { buildWorkspaceContext } from '../../../../src/analysis/workspace-context';
import { fixturePath } from '../../../shared/repo-paths';

export const FIXTURES = fixturePath('c');
const STUBS = path.join(FIXTURES, 'stubs');

let servicePromise: Promise<ParserService> | undefined;
export function parserService(): Promise<ParserService> {
  return (servicePromise ??= ParserService.create());
}

/** Every .c/.cc/.cpp fixture, relative to FIXTURES (the stub headers are not fixtures). */
export function fixtureFiles(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== STUBS) out.push(...fixtureFiles(full));
    } else if (/\.(c|cc|cpp)$/.test(entry.name)) out.push(path.relative(FIXTURES, full));
  }
  return out.sort();
}

/** The seed listing keeps the article's syntax error on purpose. */
export function hasSyntaxErrorOnPurpose(rel: string): boolean {
  return rel.includes('.syntax-error.');
}

/** `//   ^ rule-id` under a code line marks a finding starting at the caret's column of that line. */
export { parseMarkers as markers } from '../../../shared/markers';

function grammarOf(rel: string): GrammarId {
  const grammar = grammarForPath(rel);
  if (grammar !== 'c' && grammar !== 'cpp') throw new Error(`not a C/C++ fixture: ${rel}`);
  return grammar;
}

const folderContexts = new Map<string, Promise<AnalysisContext>>();

/**
 * A folder of fixtures is one workspace: its files' reuse helpers and socket wrappers are known to
 * each other, merged as the editor's workspace context merges them.
 */
export function folderContext(rel: string): Promise<AnalysisContext> {
  const dir = path.dirname(path.join(FIXTURES, rel));
  let context = folderContexts.get(dir);
  if (!context) {
    const files = fs
      .readdirSync(dir)
      .filter((name) => /\.(c|cc|cpp)$/.test(name))
      .sort()
      .map((name) => path.join(dir, name));
    context = parserService().then((service) => buildWorkspaceContext([], files, { service }));
    folderContexts.set(dir, context);
  }
  return context;
}

export async function analyzeFixtureText(rel: string, text: string, context?: AnalysisContext): Promise<FileAnalysis> {
  const service = await parserService();
  return analyzeText(service, { path: rel, text }, grammarOf(rel), { context: context ?? (await folderContext(rel)) });
}

function requireCompiler(name: string): string {
  const file = `/usr/bin/${name}`;
  if (!fs.existsSync(file))
    throw new Error(`${name} not found at ${file}: install it (Debian: apt-get install -y ${name === 'g++' ? 'g++' : 'gcc'})`);
  return file;
}

/** Libraries whose fixtures compile against the real headers installed on this machine. */
const LIBRARY_HEADERS = [
  { include: /#\s*include\s*<boost\/asio/, header: '/usr/include/boost/asio.hpp', package: 'libboost-dev' },
  { include: /#\s*include\s*<event2\//, header: '/usr/include/event2/event.h', package: 'libevent-dev' },
];

/**
 * Boost.Asio's headers take seconds to compile: one precompiled header per test process serves
 * every Asio fixture (g++ falls back to the real header by itself if the .gch does not fit).
 */
let asioHeader: string | undefined;
function precompiledAsio(compiler: string, flags: readonly string[]): string {
  if (asioHeader) return asioHeader;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'address-in-use-pch-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const header = path.join(dir, 'asio.hpp');
  fs.writeFileSync(header, '#include <boost/asio.hpp>\n');
  const result = spawnSync(compiler, [...flags, '-x', 'c++-header', header, '-o', `${header}.gch`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`precompiling <boost/asio.hpp> failed: ${result.stderr || result.error?.message}`);
  return (asioHeader = header);
}

function requireLibraryHeaders(text: string): void {
  for (const lib of LIBRARY_HEADERS)
    if (lib.include.test(text) && !fs.existsSync(lib.header))
      throw new Error(`${lib.header} not found: the fixture compiles against it (Debian: apt-get install -y ${lib.package})`);
}

/** `gcc -fsyntax-only -std=c11` / `g++ -fsyntax-only -std=c++17` on `text`; returns the diagnostics, '' when clean. */
export function syntaxCheck(rel: string, text: string): string {
  requireLibraryHeaders(text);
  const cpp = grammarOf(rel) === 'cpp';
  const compiler = requireCompiler(cpp ? 'g++' : 'gcc');
  const flags = [cpp ? '-std=c++17' : '-std=c11', '-D_GNU_SOURCE'];
  const asio = cpp && LIBRARY_HEADERS[0].include.test(text) ? ['-include', precompiledAsio(compiler, flags)] : [];
  const args = [
    '-fsyntax-only',
    ...flags,
    ...asio,
    ...(cpp ? [] : ['-Werror=implicit-function-declaration']),
    '-I',
    STUBS,
    '-x',
    cpp ? 'c++' : 'c',
    '-',
  ];
  const result = spawnSync(compiler, args, { input: text, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.status === 0 ? '' : `${result.stderr}`.trim() || `exit ${result.status}`;
}

/** A fixture's text, by its path relative to FIXTURES. */
export function readFixture(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/** The 0-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i;
}

/** A context with no workspace reuse helpers. */
export const EMPTY_CONTEXT: AnalysisContext = { reuseHelpers: new Map<string, number>() };
