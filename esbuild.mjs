// Bundles the extension and the CLI into dist/ (CommonJS for Node), next to the wasm files
// web-tree-sitter loads at run time.
//   node esbuild.mjs               development build (sourcemaps)
//   node esbuild.mjs --production  minified, no sourcemaps (what `npm run package` ships)
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const distDir = path.join(root, 'dist');

const entries = [
  { in: 'src/extension.ts', out: 'extension' },
  // The command: a small loader that runs cli-main through V8's code cache (src/cli/code-cache.ts).
  { in: 'src/cli/start.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'src/cli.ts', out: 'cli-main', vm: true },
  // `ports` alone (what the loader runs for that command): no check, run or stop to compile.
  { in: 'src/cli/ports-main.ts', out: 'cli-ports', vm: true },
  // What src/cli.ts loads on demand (lazyCliChunks): `ports 8080` never compiles the analyzer.
  { in: 'src/cli/check.ts', out: 'cli-check' },
  { in: 'src/ports/discovery.ts', out: 'cli-discovery' },
  { in: 'src/cli/run.ts', out: 'cli-run' },
  // The workspace check's pool workers (workspace-pool.ts looks for it next to the bundle).
  { in: 'src/analysis/workspace-worker.ts', out: 'workspace-worker' },
  // package.json `browser`: the web worker extension host (vscode.dev). Node's modules become the
  // shim; the wasm files are read through VS Code's file system (src/extension-web.ts).
  { in: 'src/extension-web.ts', out: 'extension-web', web: true },
];
const nodeShim = path.join(root, 'src/web/node-shim.ts');
const webAliases = Object.fromEntries(
  ['fs', 'fs/promises', 'path', 'util', 'node:fs', 'node:fs/promises', 'node:path', 'node:util'].map((m) => [m, nodeShim]),
);

// web-tree-sitter's default export is ESM; bundled into CommonJS its `import.meta.url` becomes
// `{}` and Parser.init() fails. Its CommonJS build works as is.
const webTreeSitterCjs = path.join(root, 'node_modules/web-tree-sitter/tree-sitter.cjs');
// jsonc-parser's `main` is a UMD build whose inner requires esbuild cannot follow ("Cannot find
// module './impl/format'" at load); its ES module build bundles cleanly.
const jsoncParserEsm = path.join(root, 'node_modules/jsonc-parser/lib/esm/main.js');

/** The wasm files parser.ts looks for next to the bundle (`__dirname`). */
const wasmFiles = [
  'web-tree-sitter/tree-sitter.wasm',
  'tree-sitter-c/tree-sitter-c.wasm',
  'tree-sitter-cpp/tree-sitter-cpp.wasm',
  'tree-sitter-javascript/tree-sitter-javascript.wasm',
  'tree-sitter-typescript/tree-sitter-typescript.wasm',
  'tree-sitter-typescript/tree-sitter-tsx.wasm',
  'tree-sitter-python/tree-sitter-python.wasm',
];

function copyWasm() {
  fs.mkdirSync(distDir, { recursive: true });
  for (const file of wasmFiles) {
    fs.copyFileSync(path.join(root, 'node_modules', file), path.join(distDir, path.basename(file)));
  }
}

/**
 * The CLI's dynamic imports (src/cli.ts, src/cli/discover-ports.ts) load the files built from the
 * entries above, through a plain require: an import() of a CommonJS file would have node lex all
 * of it for its export names.
 */
const lazyCliChunks = {
  name: 'lazy-cli-chunks',
  setup(build) {
    const chunks = {
      [path.join(root, 'src', 'cli.ts')]: { './cli/check': './cli-check.js', './cli/run': './cli-run.js' },
      [path.join(root, 'src', 'cli', 'discover-ports.ts')]: { '../ports/discovery': './cli-discovery.js' },
    };
    build.onResolve({ filter: /^\.\.?\/(cli\/check|ports\/discovery|cli\/run)$/ }, (args) => {
      const chunk = args.kind === 'dynamic-import' ? chunks[args.importer]?.[args.path] : undefined;
      return chunk ? { path: chunk, namespace: 'lazy-cli-chunk' } : undefined;
    });
    build.onResolve({ filter: /^\.\/cli-(check|discovery|run)\.js$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-cli-chunk' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/** Prints esbuild's result in the `file:line:col: error:` form VS Code's problem matchers read. */
const reportProblems = {
  name: 'report-problems',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

for (const entry of entries) {
  if (!fs.existsSync(path.join(root, entry.in))) {
    console.error(`esbuild.mjs: entry point ${entry.in} does not exist`);
    process.exit(1);
  }
}

const contexts = await Promise.all(
  entries.map((entry) =>
    esbuild.context({
      absWorkingDir: root,
      entryPoints: { [entry.out]: entry.in },
      outdir: distDir,
      bundle: true,
      format: 'cjs',
      platform: entry.web ? 'browser' : 'node',
      target: entry.web ? 'es2022' : 'node18',
      external: ['vscode'],
      alias: { 'web-tree-sitter': webTreeSitterCjs, 'jsonc-parser': jsoncParserEsm, ...(entry.web ? webAliases : {}) },
      banner: entry.banner ? { js: entry.banner } : undefined,
      // Code run through vm.Script (code-cache.ts) has no loader for import(): built-ins it
      // imports on demand (path, child_process, readline) come through require instead.
      supported: entry.vm ? { 'dynamic-import': false } : undefined,
      minify: production,
      sourcemap: !production,
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [reportProblems, lazyCliChunks],
    }),
  ),
);

copyWasm();
if (production) {
  // A development build may have left maps behind; they must not ship.
  for (const file of fs.readdirSync(distDir)) if (file.endsWith('.map')) fs.rmSync(path.join(distDir, file));
}

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  try {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  } catch {
    process.exitCode = 1; // reportProblems printed the errors
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
  if (!process.exitCode) fs.chmodSync(path.join(distDir, 'cli.js'), 0o755);
}
