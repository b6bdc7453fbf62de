// How the CLI process writes its stdout and stderr: straight to the file descriptor. On a pipe,
// process.stdout is a net.Socket, and creating it loads net and the streams: a sixth of
// `address-in-use ports`' run. Writes are synchronous and in order, like a terminal's.
import * as fs from 'fs';

/**
 * A writer for `fd`. A pipe another process left non-blocking can refuse a write (EAGAIN): then
 * `stream()` (process.stdout or process.stderr) takes this write and every later one, so nothing
 * is lost or reordered. A reader that went away (EPIPE, `| head`) ends the output, quietly.
 */
export function fdWriter(fd: number, stream: () => NodeJS.WritableStream): (s: string) => void {
  let fallback: NodeJS.WritableStream | undefined;
  let closed = false;
  return (s) => {
    if (closed) return;
    if (fallback) {
      fallback.write(s);
      return;
    }
    const bytes = Buffer.from(s, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      try {
        done += fs.writeSync(fd, bytes, done);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          closed = true;
          return;
        }
        if (code !== 'EAGAIN') throw e;
        fallback = stream();
        fallback.write(bytes.subarray(done));
        return;
      }
    }
  };
}
