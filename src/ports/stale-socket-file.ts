// Deleting a stale Unix socket file: the file a killed server left behind, which makes the next
// bind fail with EADDRINUSE. Only a socket nobody listens on is removed, and that is checked
// again right before the unlink (the server may have been restarted since the user looked).
import { promises as fs } from 'fs';
import { type InspectOptions, type UnixSocketReport, inspectUnixSocket } from './unix-socket';

export interface RemoveStaleResult {
  removed: boolean;
  /** What the last inspection saw: 'stale' when removed, else why it was left alone. */
  report: UnixSocketReport;
  /** Why the unlink itself failed (permissions, a file replaced meanwhile). */
  error?: string;
}

export async function removeStaleSocketFile(file: string, opts: InspectOptions = {}): Promise<RemoveStaleResult> {
  const report = await inspectUnixSocket(file, opts);
  if (report.status !== 'stale') return { removed: false, report };
  try {
    // inspect resolved the path and lstat'ed it: a symlink is never followed to its target.
    await fs.unlink(report.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { removed: false, report: { ...report, status: 'missing' } };
    return { removed: false, report, error: (e as Error).message };
  }
  return { removed: true, report };
}
