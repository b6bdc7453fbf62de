// ESLint flat config: typescript-eslint with type information for the TypeScript sources, the
// layering rule (no `vscode` in the pure core) and one file-name style. Formatting is Prettier's.
import js from '@eslint/js';
import checkFile from 'eslint-plugin-check-file';
import tseslint from 'typescript-eslint';

const NO_VSCODE = {
  paths: [
    { name: 'vscode', message: 'src/analysis, src/ports and src/cli run without VS Code: move the VS Code part to src/vscode.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.vscode-test/', '.cache/', 'test/fixtures/', 'demo/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests read JSON output and manifests and let their assertions check the shape; async fakes
    // stand in for Promise-returning functions without awaiting anything.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/analysis/**', 'src/ports/**', 'src/cli/**', 'src/cli.ts'],
    rules: { 'no-restricted-imports': ['error', NO_VSCODE], '@typescript-eslint/no-restricted-imports': ['error', NO_VSCODE] },
  },
  {
    // One case style: kebab-case file and folder names (a file may carry more dots: x.test.ts).
    files: ['src/**', 'test/**', 'bench/**', 'scripts/**'],
    ignores: ['test/fixtures/**'],
    plugins: { 'check-file': checkFile },
    rules: {
      'check-file/filename-naming-convention': ['error', { '**/*.{ts,mjs,js}': 'KEBAB_CASE' }, { ignoreMiddleExtensions: true }],
      'check-file/folder-naming-convention': ['error', { '{src,test,bench,scripts}/**/': 'KEBAB_CASE' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // CommonJS scripts the compiled tests require (scripts/realworld-match.cjs).
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', console: 'readonly' } },
  },
);
