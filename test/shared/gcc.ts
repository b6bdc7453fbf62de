// gcc for the tests that compile C (fixed files, the seed server, the fork helper). A missing
// compiler fails the test with how to install it, never skips it; a compile error shows gcc's output.
import { execFile } from 'node:child_process';

const GCC_TIMEOUT_MS = 30_000;

/** Runs `gcc ...args`; `purpose` completes "gcc is needed …" when gcc is not installed. */
export function gcc(args: readonly string[], purpose: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('gcc', [...args], { timeout: GCC_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (!error) resolve();
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        reject(new Error(`gcc is needed ${purpose}: \`apt-get install gcc\` (.ci/run installs it)`));
      else reject(new Error(`gcc ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
    });
  });
}
