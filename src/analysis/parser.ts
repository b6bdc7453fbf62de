// Loads web-tree-sitter and the grammar packages' own .wasm files (no native modules, so the
// extension loads in any VS Code on any OS). Grammars load lazily, once, on first use.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { type HeapModule, useDirectI32Access } from './heap-values';

export type GrammarId = 'c' | 'cpp' | 'javascript' | 'typescript' | 'tsx' | 'python';

/** The grammar package and wasm file each grammar comes from. */
const GRAMMAR_WASM: Record<GrammarId, { pkg: string; file: string }> = {
  c: { pkg: 'tree-sitter-c', file: 'tree-sitter-c.wasm' },
  cpp: { pkg: 'tree-sitter-cpp', file: 'tree-sitter-cpp.wasm' },
  javascript: { pkg: 'tree-sitter-javascript', file: 'tree-sitter-javascript.wasm' },
  typescript: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-typescript.wasm' },
  tsx: { pkg: 'tree-sitter-typescript', file: 'tree-sitter-tsx.wasm' },
  python: { pkg: 'tree-sitter-python', file: 'tree-sitter-python.wasm' },
};

const EXTENSION_GRAMMAR: Record<string, GrammarId> = {
  '.c': 'c',
  // A header may be C or C++; the C++ grammar parses C headers well enough and knows `::`.
  '.h': 'cpp',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.cxx': 'cpp',
  '.c++': 'cpp',
  '.hpp': 'cpp',
  '.hh': 'cpp',
  '.hxx': 'cpp',
  '.ipp': 'cpp',
  '.inl': 'cpp',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.py': 'python',
  '.pyw': 'python',
};

const LANGUAGE_ID_GRAMMAR: Record<string, GrammarId> = {
  c: 'c',
  cpp: 'cpp',
  'cuda-cpp': 'cpp',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  python: 'python',
};

/** File extensions the analyzer reads, for workspace walks and the CLI. */
export const ANALYZED_EXTENSIONS: readonly string[] = Object.keys(EXTENSION_GRAMMAR);

export function grammarForPath(filePath: string): GrammarId | undefined {
  return EXTENSION_GRAMMAR[path.extname(filePath).toLowerCase()];
}

/** The grammar for a VS Code language id (users re-map extensions, so the id decides, not the path). */
export function grammarForLanguageId(languageId: string): GrammarId | undefined {
  return LANGUAGE_ID_GRAMMAR[languageId];
}

export function isCFamily(grammar: GrammarId): boolean {
  return grammar === 'c' || grammar === 'cpp';
}

export interface ParserServiceOptions {
  /**
   * Folder holding tree-sitter.wasm and the grammar wasm files (the bundle's `dist/`).
   * Unset: next to this module if they are there, else the installed npm packages.
   */
  wasmDir?: string;
  /** A parse that runs longer than this is abandoned (pathological input must not hang the host). */
  parseTimeoutMs?: number;
  /** Reads a wasm file by name instead (the browser has no file system: VS Code's serves it). */
  readWasm?: (file: string) => Promise<Uint8Array>;
}

export class ParseTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`parsing took longer than ${ms} ms and was abandoned`);
  }
}

function locateWasm(wasmDir: string | undefined, pkg: string, file: string): string {
  const candidates: string[] = [];
  if (wasmDir) candidates.push(path.join(wasmDir, file));
  candidates.push(path.join(__dirname, file));
  for (const candidate of candidates) if (fs.existsSync(candidate)) return candidate;
  // Running from sources (tests, tsc output): the npm package's own file. Not require.resolve:
  // these packages' `exports` hide package.json and the wasm files.
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = path.join(dir, pkg, file);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find ${file} (looked in ${candidates.join(', ')} and the ${pkg} package)`);
}

/**
 * Tree-sitter counts rows at '\n' only; VS Code, compilers and `lineStarts` also end a line at a
 * lone '\r'. Parsing with each lone '\r' as '\n' (same length, so offsets hold) keeps every row
 * and column the analyzer reports on the line the editor shows.
 */
function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

let initOnce: Promise<void> | undefined;
/** Emscripten makes the options given to Parser.init its Module object: HEAP8 is the wasm memory. */
let wasmModule: ({ locateFile: (name: string) => string; HEAP8?: Int8Array } & HeapModule) | undefined;

/** Bytes of wasm memory web-tree-sitter holds (it grows, never shrinks): tests watch it for leaked trees. */
export function wasmHeapBytes(): number {
  return wasmModule?.HEAP8?.length ?? 0;
}

/**
 * One parser per grammar, reused across files: creating a Parser is cheap but
 * loading a Language compiles wasm, so languages are cached for the process.
 */
export class ParserService {
  private readonly languages = new Map<GrammarId, Promise<Language>>();
  private readonly loaded = new Map<GrammarId, Language>();
  private readonly parsers = new Map<GrammarId, Parser>();
  private readonly timeoutMs: number;

  private constructor(
    private readonly wasmDir: string | undefined,
    timeoutMs: number | undefined,
    private readonly readWasm?: (file: string) => Promise<Uint8Array>,
  ) {
    this.timeoutMs = timeoutMs ?? 2000;
  }

  static async create(options: ParserServiceOptions = {}): Promise<ParserService> {
    const { readWasm } = options;
    // The module object is kept: its HEAP8 tells the wasm heap's size (the leak checks read it).
    initOnce ??= (
      readWasm
        ? readWasm('tree-sitter.wasm').then((wasmBinary) =>
            Parser.init((wasmModule = { wasmBinary } as unknown as NonNullable<typeof wasmModule>)),
          )
        : Parser.init((wasmModule = { locateFile: (name: string) => locateWasm(options.wasmDir, 'web-tree-sitter', name) }))
    ).then(() => void useDirectI32Access(wasmModule!));
    await initOnce;
    return new ParserService(options.wasmDir, options.parseTimeoutMs, readWasm);
  }

  language(grammar: GrammarId): Promise<Language> {
    let lang = this.languages.get(grammar);
    if (!lang) {
      const { pkg, file } = GRAMMAR_WASM[grammar];
      const source = this.readWasm ? this.readWasm(file) : Promise.resolve(locateWasm(this.wasmDir, pkg, file));
      lang = source
        .then((input) => Language.load(input))
        .then((loaded) => {
          this.loaded.set(grammar, loaded);
          return loaded;
        });
      this.languages.set(grammar, lang);
    }
    return lang;
  }

  /** Loads the grammar if needed, then parses. */
  async parse(grammar: GrammarId, text: string, oldTree?: Tree | null): Promise<Tree> {
    await this.language(grammar);
    return this.parseLoaded(grammar, text, oldTree);
  }

  /**
   * Synchronous parse for a grammar already loaded by `language()` (hot paths, benchmarks).
   * `oldTree` must already have had `tree.edit()` applied for incremental reparsing.
   */
  parseLoaded(grammar: GrammarId, text: string, oldTree?: Tree | null): Tree {
    const parser = this.parserFor(grammar);
    const deadline = Date.now() + this.timeoutMs;
    let timedOut = false;
    const tree = parser.parse(withLineFeeds(text), oldTree ?? null, {
      progressCallback: () => {
        if (Date.now() > deadline) timedOut = true;
        return timedOut;
      },
    });
    if (!tree) {
      parser.reset();
      if (timedOut) throw new ParseTimeoutError(this.timeoutMs);
      throw new Error('tree-sitter returned no tree');
    }
    return tree;
  }

  private parserFor(grammar: GrammarId): Parser {
    let parser = this.parsers.get(grammar);
    if (!parser) {
      const lang = this.loaded.get(grammar);
      // Parser#setLanguage needs the resolved Language: `language()` must have been awaited first.
      if (!lang) throw new Error(`grammar ${grammar} is not loaded yet; await language('${grammar}') first`);
      parser = new Parser();
      parser.setLanguage(lang);
      this.parsers.set(grammar, parser);
    }
    return parser;
  }

  dispose(): void {
    for (const parser of this.parsers.values()) parser.delete();
    this.parsers.clear();
  }
}
