// (No shebang here: esbuild.mjs adds `#!/usr/bin/env node` to dist/cli.js as a banner.)
// The `address-in-use` command: `check` runs the analyzer over files and folders, `ports` shows
// who holds ports. `main` is the testable entry point; the process glue is at the bottom.
import { runPorts } from './cli/ports-main';
import { runStopCommand } from './cli/stop';
import { usageFailure } from './cli/usage-failure';
import { runAsProcess } from './cli/cli-process';
import { discoverPorts } from './cli/discover-ports';
import type { CliIo } from './cli/io';
import { TOOL_NAME, TOOL_VERSION } from './cli/package-info';
import { CHECK_USAGE, USAGE } from './cli/usage';

export type { CliIo } from './cli/io';

// The analyzer (`check`, port discovery in cli/discover-ports.ts, and `run`, whose failure report
// reads the program's source) is loaded only by the commands that need it: `ports 8080` and
// `--help` start without it. The bundle keeps these in files of their own (esbuild.mjs), so they
// are not even compiled.
const loadCheck = () => import('./cli/check');
const loadRun = () => import('./cli/run');

/** `--help` or `-h` among the options (not after `--`, where everything is a path). */
function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  return options.includes('--help') || options.includes('-h');
}

/** Runs one command line (without `node` and the script); resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.stderr(USAGE);
      return 2;
    case '--help':
    case '-h':
    case 'help':
      io.stdout(USAGE);
      return 0;
    case '--version':
    case '-V':
      io.stdout(`${TOOL_NAME} ${TOOL_VERSION}\n`);
      return 0;
    case 'check':
      if (wantsHelp(rest)) {
        io.stdout(CHECK_USAGE);
        return 0;
      }
      return (await loadCheck()).runCheckCommand(rest, io);
    case 'ports':
      return runPorts(rest, io);
    case 'run':
      return (await loadRun()).runRunCommand(rest, io, { discover: (dir) => discoverPorts(dir, io) });
    case 'stop':
      return runStopCommand(rest, io);
    default:
      return usageFailure(
        io,
        command.startsWith('-')
          ? `unknown option '${command}'`
          : `unknown command '${command}' (expected check, ports, run or stop)`,
      );
  }
}

/** The process glue: argv in, output on stdout and stderr, the exit status set. */
export function runCliProcess(): void {
  runAsProcess(main, process.argv.slice(2));
}

// dist/cli.js (src/cli/start.ts) runs the bundle of this file (or, for `ports`, the one of
// cli/ports-main.ts) through the code cache and calls runCliProcess() itself; out/src/cli.js is
// run directly.
if (require.main === module) runCliProcess();
