// Inputs for the analyzer's fuzz and leak suites: every fixture of every language under
// test/fixtures/ (any file whose extension the parser knows, so a new language's fixtures join on
// their own), every grammar the parser knows, and the ways editing and hostile files break text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ANALYZED_EXTENSIONS, type GrammarId, grammarForPath } from '../../../src/analysis/parser';
import { fixturePath } from '../../shared/repo-paths';

export interface FixtureSource {
  rel: string;
  grammar: GrammarId;
  text: string;
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') walk(full, out);
    } else if (entry.isFile() && grammarForPath(full)) out.push(full);
  }
}

/** Every analyzable fixture under test/fixtures/, sorted, with its grammar. */
export function allFixtures(): FixtureSource[] {
  const root = fixturePath();
  const files: string[] = [];
  walk(root, files);
  return files.sort().map((full) => ({
    rel: path.relative(root, full),
    grammar: grammarForPath(full)!,
    text: fs.readFileSync(full, 'utf8'),
  }));
}

/** Every grammar the parser knows, read from its extension table (not a list kept here). */
export function allGrammars(): { grammar: GrammarId; extension: string }[] {
  const seen = new Map<GrammarId, string>();
  for (const extension of ANALYZED_EXTENSIONS) {
    const grammar = grammarForPath(`x${extension}`);
    if (grammar && !seen.has(grammar)) seen.set(grammar, extension);
  }
  return [...seen].map(([grammar, extension]) => ({ grammar, extension }));
}

/** Words, runs of blanks and single other characters: what editing deletes, duplicates and swaps. */
export function tokens(text: string): string[] {
  return text.match(/\w+|\s+|[^\w\s]/g) ?? [];
}

/** One way to break a text; `apply` is pure so a failing case shrinks and replays. */
export type Mutation = { name: string; apply: (text: string) => string };

const at = (text: string, n: number): number => (text.length === 0 ? 0 : n % (text.length + 1));

/** The mutations the issue names, each an arbitrary that fast-check can shrink. */
export function mutationArb(): fc.Arbitrary<Mutation> {
  const n = fc.nat();
  return fc.oneof(
    fc.tuple(n, fc.integer({ min: 1, max: 8 })).map(([i, count]) => ({
      name: `delete ${count} tokens at #${i}`,
      apply: (text: string) => {
        const t = tokens(text);
        t.splice(i % (t.length || 1), count);
        return t.join('');
      },
    })),
    fc.tuple(n, fc.integer({ min: 1, max: 8 })).map(([i, count]) => ({
      name: `duplicate ${count} tokens at #${i}`,
      apply: (text: string) => {
        const t = tokens(text);
        const k = i % (t.length || 1);
        t.splice(k, 0, ...t.slice(k, k + count));
        return t.join('');
      },
    })),
    fc.tuple(n, n).map(([i, j]) => ({
      name: `swap tokens #${i} and #${j}`,
      apply: (text: string) => {
        const t = tokens(text);
        if (t.length === 0) return text;
        const a = i % t.length;
        const b = j % t.length;
        [t[a], t[b]] = [t[b], t[a]];
        return t.join('');
      },
    })),
    fc.tuple(n, fc.constantFrom('{', '}', '(', ')', '[', ']', '{{{', '}}}', '/*', '"', '`', "'", '#if 1\n')).map(([i, s]) => ({
      name: `insert ${JSON.stringify(s)} at ${i}`,
      apply: (text: string) => text.slice(0, at(text, i)) + s + text.slice(at(text, i)),
    })),
    n.map((i) => ({ name: `truncate at ${i}`, apply: (text: string) => text.slice(0, at(text, i)) })),
    fc.tuple(n, fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([i, bytes]) => ({
      name: `random bytes at ${i}: ${Buffer.from(bytes).toString('hex')}`,
      // As the CLI reads a file: UTF-8 decoding, invalid sequences become U+FFFD.
      apply: (text: string) => text.slice(0, at(text, i)) + Buffer.from(bytes).toString('utf8') + text.slice(at(text, i)),
    })),
    fc.tuple(n, fc.constantFrom('\uD800', '\uDFFF', '\uDC00\uD800', '\uFFFD', '\uFFFE')).map(([i, s]) => ({
      // A JS string can hold what UTF-8 cannot: the editor hands over lone surrogates as typed.
      name: `invalid UTF-16 ${escape(s)} at ${i}`,
      apply: (text: string) => text.slice(0, at(text, i)) + s + text.slice(at(text, i)),
    })),
    fc.tuple(n, fc.integer({ min: 1, max: 4 })).map(([i, count]) => ({
      name: `${count} NUL bytes at ${i}`,
      apply: (text: string) => text.slice(0, at(text, i)) + '\0'.repeat(count) + text.slice(at(text, i)),
    })),
    fc.constant({ name: 'CRLF line ends', apply: (text: string) => text.replace(/\r?\n/g, '\r\n') }),
    fc.constant({ name: 'lone CR line ends', apply: (text: string) => text.replace(/\r?\n/g, '\r') }),
    fc.constant({
      name: 'mixed line ends',
      apply: (text: string) => text.replace(/\n/g, (_m, o: number) => ['\n', '\r\n', '\r'][o % 3]),
    }),
    fc.constant({ name: 'BOM', apply: (text: string) => '\uFEFF' + text }),
  );
}

/** The seed for this run: FUZZ_SEED replays one; otherwise a fresh one, printed with any failure. */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  return given !== undefined && given !== '' ? Number(given) : Date.now() % 2 ** 31;
}
