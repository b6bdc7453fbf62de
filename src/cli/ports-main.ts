// dist/cli-ports.js: `address-in-use ports ...` alone, what dist/cli.js runs for that command.
// It holds the port reader and the output formats, nothing of check, run or stop: the bundle
// V8 reads and compiles at every start is a third of the CLI's (the answer often wanted fastest).
import { runAsProcess } from './cli-process';
import { discoverPorts } from './discover-ports';
import type { CliIo } from './io';
import { runPortsCommand } from './ports';

/** `ports` with `argv` (the words after it), finding the workspace's ports when none are named. */
export function runPorts(argv: readonly string[], io: CliIo): Promise<number> {
  return runPortsCommand(argv, io, { discover: (dir) => discoverPorts(dir, io) });
}

/** Runs `ports` with `argv` as the process. */
export function runPortsProcess(argv: readonly string[]): void {
  runAsProcess(runPorts, argv);
}
