// How long the next poll of the port holders waits. While nothing changes, each quiet poll
// doubles the wait, up to MAX_BACKOFF times the setting's interval; a change in what the polls
// see, or anything that tends to start or stop a server (window focus, a file save, a task or a
// debug session starting or ending), goes back to the setting's interval. Pure, so the bench and
// the tests run the same policy the editor does.
import type { PortReport } from './model';

/** The longest wait, as a multiple of the interval: 3 s polls back off to 48 s. */
export const MAX_BACKOFF = 16;

/** What a poll compares: states, addresses, holders and TIME_WAIT counts, not the countdowns. */
export function portStateKey(reports: readonly (PortReport | undefined)[]): string {
  return reports
    .map((r) =>
      r
        ? [
            r.port,
            r.protocol,
            r.status,
            r.addresses.join(','),
            r.holders.map((h) => h.pid).join(','),
            r.ownerHidden ? 'h' : '',
            r.timeWait?.count ?? 0,
          ].join(':')
        : '-',
    )
    .join('|');
}

export class PollBackoff {
  private factor = 1;
  private lastKey: string | undefined;

  /** Called after each poll with what it saw; returns the wait before the next one, in ms. */
  next(intervalMs: number, key: string): number {
    if (this.lastKey !== undefined && key === this.lastKey) this.factor = Math.min(this.factor * 2, MAX_BACKOFF);
    else this.factor = 1;
    this.lastKey = key;
    return intervalMs * this.factor;
  }

  /** Something may have changed the ports: the next waits are the interval again. */
  reset(): void {
    this.factor = 1;
  }

  /** The current wait, as a multiple of the interval. */
  get multiple(): number {
    return this.factor;
  }
}
