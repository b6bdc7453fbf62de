// A holder that exec()s another program on request: the same pid and start time afterwards, but
// its socket is gone (Python's sockets are close-on-exec). What "the pid is no longer the holder"
// looks like between a stop's confirmation and its signal.
import { type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { startProcess } from './children';

export interface ExecHolder {
  child: ChildProcess;
  pid: number;
  port: number;
  /** Makes it exec `sleep <seconds>` and resolves once /proc shows the new program. */
  exec(): Promise<void>;
}

export async function startExecHolder(seconds: number): Promise<ExecHolder> {
  const py = `import os, socket, sys
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
print(s.getsockname()[1], flush=True)
if sys.stdin.readline() == 'exec\\n':
    os.execv('/bin/sleep', ['sleep', '${seconds}'])`;
  const { child, line } = await startProcess('python3', ['-c', py], { stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = child.pid!;
  return {
    child,
    pid,
    port: Number(line),
    async exec() {
      child.stdin!.write('exec\n');
      const deadline = Date.now() + 10_000;
      while (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep')) {
        if (Date.now() > deadline) throw new Error('the holder did not exec sleep within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
