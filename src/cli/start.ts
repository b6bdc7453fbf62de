// dist/cli.js, the `address-in-use` command: runs the CLI's bundle (src/cli.ts, built as
// dist/cli-main.js) through V8's code cache (code-cache.ts), then the command.
import * as path from 'path';
import { loadWithCodeCache } from './code-cache';

const cli = loadWithCodeCache(path.join(__dirname, 'cli-main.js'), process.argv.slice(2)) as typeof import('../cli');
cli.runCliProcess();
