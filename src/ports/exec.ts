// Runs a program without a shell: file + argument array, bounded time and output.
// child_process is loaded on first use: on Linux the readers never run a program, and loading it
// (with net, dgram and streams behind it) was a fifth of `address-in-use ports`' start.

export type ExecFile = (file: string, args: readonly string[]) => Promise<string>;

export interface ExecResult {
  stdout: string;
  /** Exit code; lsof exits 1 when it found nothing, which is an answer, not a failure. */
  code: number;
}

const TIMEOUT_MS = 10_000;
const MAX_BUFFER = 64 * 1024 * 1024;

/** stdout of `file args`; resolves on exit codes in `okCodes`, rejects otherwise (with a hint when the program is missing). */
export async function execFileText(
  file: string,
  args: readonly string[],
  okCodes: readonly number[] = [0],
  encoding: BufferEncoding = 'utf8',
): Promise<string> {
  const { execFile } = await import('child_process');
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args as string[],
      { encoding: 'buffer', timeout: TIMEOUT_MS, maxBuffer: MAX_BUFFER, windowsHide: true },
      (error, stdout) => {
        const text = stdout.toString(encoding);
        if (!error) {
          resolve(text);
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          reject(new Error(`'${file}' was not found on PATH; it is needed to read port holders here`));
        } else if (typeof code === 'number' && okCodes.includes(code)) {
          resolve(text);
        } else {
          reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}`));
        }
      },
    );
  });
}
