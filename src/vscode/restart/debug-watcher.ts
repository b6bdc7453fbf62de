// Debug sessions: a tracker on every debug adapter reads the debuggee's output events and its
// exit; a session that exits non-zero after printing "Address already in use" gets one offer.
// js-debug runs the program in a child session: the restart uses the top session's configuration.
import * as vscode from 'vscode';
import { OutputTail, recogniseBindFailure } from '../../ports/restart/bind-failure';
import type { RestartOffers } from './restart-offers';

interface DebugMessage {
  type?: string;
  event?: string;
  body?: { output?: unknown; category?: unknown; exitCode?: unknown };
}

function rootOf(session: vscode.DebugSession): vscode.DebugSession {
  let s = session;
  while (s.parentSession) s = s.parentSession;
  return s;
}

export function watchDebugSessions(offers: RestartOffers): vscode.Disposable {
  // One offer per top session, whichever of its sessions saw the failure.
  const offered = new WeakSet<vscode.DebugSession>();
  const factory: vscode.DebugAdapterTrackerFactory = {
    createDebugAdapterTracker(session) {
      const tail = new OutputTail();
      let exitCode: number | undefined;
      const settle = () => {
        const root = rootOf(session);
        if (offered.has(root) || exitCode === 0) return;
        const failure = recogniseBindFailure(tail.value);
        if (!failure) return;
        offered.add(root);
        void offers.offer(failure, {
          kind: 'debug',
          name: root.name,
          folder: root.workspaceFolder,
          configuration: root.configuration,
        });
      };
      return {
        onDidSendMessage(message: DebugMessage) {
          if (message.type !== 'event') return;
          if (message.event === 'output' && typeof message.body?.output === 'string' && message.body.category !== 'telemetry') {
            tail.push(message.body.output);
          } else if (message.event === 'exited' && typeof message.body?.exitCode === 'number') {
            exitCode = message.body.exitCode;
            settle();
          } else if (message.event === 'terminated') {
            settle();
          }
        },
        onExit(code) {
          if (exitCode === undefined && typeof code === 'number') exitCode = code;
          settle();
        },
      };
    },
  };
  return vscode.debug.registerDebugAdapterTrackerFactory('*', factory);
}
