// The process glue of the CLI's entries (src/cli.ts, ports-main.ts): argv in, output on stdout
// and stderr, the exit status set.
import { fdWriter } from './fd-writer';
import type { CliIo } from './io';
import { TOOL_NAME } from './package-info';

export function runAsProcess(main: (argv: readonly string[], io: CliIo) => Promise<number>, argv: readonly string[]): void {
  // Windows keeps the streams: its console wants UTF-16 writes, which only the tty stream does.
  const direct = process.platform !== 'win32';
  const io: CliIo = {
    stdout: direct ? fdWriter(1, () => process.stdout) : (s) => void process.stdout.write(s),
    stderr: direct ? fdWriter(2, () => process.stderr) : (s) => void process.stderr.write(s),
    cwd: process.cwd(),
  };
  // exitCode, not exit(): piped output is flushed before the process ends.
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      io.stderr(`${TOOL_NAME}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 3;
    },
  );
}
