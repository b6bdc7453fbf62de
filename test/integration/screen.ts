// What the workbench shows that the extension API cannot see (notifications): the suite asks the
// runner, which reads the page with playwright (scripts/run-integration.mjs, NOTIFICATIONS_MARKER)
// and answers in a file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const NOTIFICATIONS_MARKER = '[address-in-use:read-notifications]';

export interface ShownNotification {
  text: string;
  /** A toast, or a row of the notification center (`notifications.showList`). */
  where: 'toast' | 'center';
}

let requests = 0;

/**
 * The notifications on screen, read at once: as soon as one contains `waitFor` (when given), or
 * now. Rejects, saying what was on screen, when none does within `timeoutMs`.
 */
export async function shownNotifications(waitFor?: string, timeoutMs = 30_000): Promise<ShownNotification[]> {
  const answer = path.join(os.tmpdir(), `address-in-use-notifications-${process.pid}-${++requests}.json`);
  console.log(`${NOTIFICATIONS_MARKER} ${JSON.stringify({ answer, waitFor, timeoutMs })}`);
  const deadline = Date.now() + timeoutMs + 30_000;
  while (!fs.existsSync(answer)) {
    if (Date.now() > deadline)
      throw new Error(
        'nobody read the page: notifications are read by scripts/run-integration.mjs (code-server), not by this host',
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const result = JSON.parse(fs.readFileSync(answer, 'utf8')) as { notifications: ShownNotification[]; error?: string };
  fs.rmSync(answer, { force: true });
  if (result.error !== undefined)
    throw new Error(
      `no notification containing ${JSON.stringify(waitFor)} within ${timeoutMs / 1000} s (${result.error}); on screen: ` +
        JSON.stringify(result.notifications),
    );
  return result.notifications;
}
