// "When the restart fails": watches debug sessions, tasks and terminal commands for "Address
// already in use" and offers, in one notification, to stop the holder and restart, to restart
// when the TIME_WAIT is over, or to show the binding code. activate() calls activateRestart().
import * as vscode from 'vscode';
import type { Log } from '../log';
import type { FindingsOf } from '../ports/findings';
import type { PortHoldersApi } from '../ports';
import { watchDebugSessions } from './debug-watcher';
import { type RestartUi, RestartOffers, windowRestartUi } from './restart-offers';
import { offeredFromShell, watchShellExecutions } from './shell-watcher';
import { watchTasks } from './task-watcher';

export type { OfferResult, RestartAction, RestartOffer, RestartUi } from './restart-offers';

/** The feature's parts on the extension's API: the integration suite answers offers through `setUi`. */
export interface RestartApi {
  offers: RestartOffers;
  /** Replaces the notification and countdown (undefined restores the real ones). */
  setUi(ui: RestartUi | undefined): void;
}

export function activateRestart(
  context: vscode.ExtensionContext,
  log: Log,
  ports: PortHoldersApi,
  findingsOf: FindingsOf,
): RestartApi {
  let ui: RestartUi = windowRestartUi;
  const offers = new RestartOffers({ holders: ports.holders, findingsOf, log, ui: () => ui, portUi: () => ports.ui() });
  context.subscriptions.push(
    offers,
    watchDebugSessions(offers),
    watchShellExecutions(offers, log),
    watchTasks(offers, offeredFromShell),
  );
  return { offers, setUi: (next) => (ui = next ?? windowRestartUi) };
}
