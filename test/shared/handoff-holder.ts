// A holder that, on SIGTERM, hands its listening socket to a new child and exits: what a
// supervisor or wrapper does when it respawns the server (nodemon, `npm run` scripts, a
// master that re-forks). Deterministic: the child holds the port before the parent exits, so
// a stop of the parent always finds the port still held. The parent leads its own process
// group (as a terminal job does), the child is in it; each exits by itself after 60 s.
import { type ChildProcess } from 'node:child_process';
import { startProcess } from './children';

// fork(), not a new interpreter: the child has the socket at once, however slow the machine.
const PARENT = `import os, signal, socket, time
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen()
def handoff(*_):
    if os.fork() == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        time.sleep(60)
    os._exit(0)
signal.signal(signal.SIGTERM, handoff)
print(s.getsockname()[1], flush=True)
time.sleep(60)`;

export interface HandoffHolder {
  child: ChildProcess;
  port: number;
  /** SIGKILL to the whole group: the parent and the child it handed the socket to. */
  kill(): void;
}

export async function startHandoffHolder(): Promise<HandoffHolder> {
  const { child, line } = await startProcess('python3', ['-c', PARENT], { detached: true });
  return {
    child,
    port: Number(line),
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}
