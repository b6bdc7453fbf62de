// dist/cli.js, the `address-in-use` command: runs the CLI's bundle (src/cli.ts, built as
// dist/cli-main.js) through V8's code cache (code-cache.ts), then the command. `ports` has a
// bundle of its own (ports-main.ts, dist/cli-ports.js): a third of the size to read and compile.
import * as path from 'path';
import { loadWithCodeCache } from './code-cache';

const argv = process.argv.slice(2);
if (argv[0] === 'ports') {
  const ports = loadWithCodeCache(path.join(__dirname, 'cli-ports.js'), argv) as typeof import('./ports-main');
  ports.runPortsProcess(argv.slice(1));
} else {
  const cli = loadWithCodeCache(path.join(__dirname, 'cli-main.js'), argv) as typeof import('../cli');
  cli.runCliProcess();
}
