// Waiting until a port is free again (its TIME_WAIT expired, or its holder exited), bounded and
// cancellable: the CLI's `run --wait` and the editor's "Restart when free" both wait this way.
import type { PortQuery, PortReader, PortReport } from '../model';

export interface WaitOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Between look-ups. Default 250 ms. */
  pollMs?: number;
  /** Ends the wait early (Ctrl+C, the notification's Cancel). */
  signal?: AbortSignal;
  /** Each look-up's answer (for a countdown). */
  onReport?: (report: PortReport) => void;
}

export type WaitResult = { result: 'free'; report: PortReport } | { result: 'timeout' | 'cancelled'; report?: PortReport };

/** Resolves when a look-up finds the port free, when the time is up, or when `signal` aborts. Never rejects for a look-up error: it retries. */
export async function waitUntilFree(reader: PortReader, query: PortQuery, opts: WaitOptions): Promise<WaitResult> {
  const deadline = Date.now() + opts.timeoutMs;
  const pollMs = opts.pollMs ?? 250;
  let last: PortReport | undefined;
  for (;;) {
    if (opts.signal?.aborted) return { result: 'cancelled', report: last };
    try {
      // A fresh read of the whole table each time: a reader's cached TIME_WAIT timers, counted
      // down, reach 0 a moment before the kernel drops the socket, and a bind then still fails.
      [last] = await reader.lookup([query], { connections: true });
      opts.onReport?.(last);
      // Windows binds across TIME_WAIT (without SO_EXCLUSIVEADDRUSE): those sockets need no wait.
      if (last.status === 'free' || (last.status === 'time-wait' && last.timeWait?.bindsAcross))
        return { result: 'free', report: last };
    } catch {
      // the socket table could not be read this once: try again until the deadline
    }
    const left = deadline - Date.now();
    if (left <= 0) return { result: 'timeout', report: last };
    await sleep(Math.min(pollMs, left), opts.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
