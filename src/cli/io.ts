// Where the CLI writes and which folder it runs in: the process in dist/cli.js, buffers in tests.
export interface CliIo {
  /** Writes exactly `s` (callers include the newlines). */
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
}
