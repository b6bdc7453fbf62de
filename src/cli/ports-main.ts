// dist/cli-ports.js: `address-in-use ports ...` alone, what dist/cli.js runs for that command.
// It holds the port reader and the output formats, nothing of check, run or stop: the bundle
// V8 reads and compiles at every start is a third of the CLI's (the answer often wanted fastest).
import { runAsProcess } from './cli-process';
import { discoverPorts } from './discover-ports';
import { runPortsCommand } from './ports';

/** Runs `ports` with `argv` (the words after it). */
export function runPortsProcess(argv: readonly string[]): void {
  runAsProcess((args, io) => runPortsCommand(args, io, { discover: (dir) => discoverPorts(dir, io) }), argv);
}
