// Deleting a stale Unix socket file from the Port Holders view: only when nobody listens on it
// (inspected now, and again by removeStaleSocketFile right before the unlink), after a modal
// confirmation, and never in an untrusted workspace (like stopping a process).
import * as vscode from 'vscode';
import { removeStaleSocketFile } from '../../ports/stale-socket-file';
import { inspectUnixSocket } from '../../ports';
import type { Log } from '../log';
import { socketStateText } from './format';
import type { PortHolders } from './port-holders';
import type { PortUi } from './ui';

export const DELETE_SOCKET_ACTION = 'Delete Socket File';

export interface DeleteSocketResult {
  removed: boolean;
  /** What happened, for people (and the integration suite). */
  message: string;
}

export async function runDeleteSocketFlow(file: string, holders: PortHolders, ui: PortUi, log: Log): Promise<DeleteSocketResult> {
  try {
    return await deleteFlow(file, holders, ui, log);
  } finally {
    await holders.refresh();
  }
}

async function deleteFlow(file: string, holders: PortHolders, ui: PortUi, log: Log): Promise<DeleteSocketResult> {
  if (!vscode.workspace.isTrusted) {
    const message =
      'Address In Use: deleting socket files is disabled in an untrusted workspace (Manage Workspace Trust to enable it).';
    ui.warn(message);
    return { removed: false, message };
  }
  const opts = holders.socketInspectOptions();
  const before = await inspectUnixSocket(file, opts);
  if (before.status !== 'stale') {
    const message = `${before.path}: ${socketStateText({ path: before.path, sources: [], report: before })}; not deleted.`;
    ui.info(`Address In Use: ${message}`);
    return { removed: false, message };
  }
  const detail =
    'Nobody listens on it (checked just now): it is a leftover of a process that ended without removing it, and it makes the next bind on this path fail with EADDRINUSE. The server creates it again when it binds.';
  if (
    (await ui.confirm(`Delete the stale socket file ${before.path}?`, detail, [DELETE_SOCKET_ACTION])) !== DELETE_SOCKET_ACTION
  ) {
    return { removed: false, message: 'cancelled' };
  }
  // Checked again: a server may have bound the path while the question was open.
  const result = await removeStaleSocketFile(before.path, opts);
  if (result.removed) {
    const message = `deleted the stale socket file ${before.path}.`;
    log.info(message);
    ui.info(`Address In Use: ${message}`);
    return { removed: true, message };
  }
  const why = result.error ?? socketStateText({ path: before.path, sources: [], report: result.report });
  const message = `${before.path} was not deleted: ${why}.`;
  ui.warn(`Address In Use: ${message}`);
  return { removed: false, message };
}
