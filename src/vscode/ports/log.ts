// What the port UI logs through: the extension's output channel when activate() passes it,
// else a channel of our own, so the feature works whoever wires it.
import * as vscode from 'vscode';
import type { Log } from '../log';

export type PortLog = Pick<Log, 'info' | 'error'>;

export function ownLog(): PortLog & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Address In Use: Port Holders', { log: true });
  return {
    info: (message) => channel.info(message),
    error: (message, error) => channel.error(error instanceof Error ? `${message}: ${error.stack ?? error.message}` : `${message}${error === undefined ? '' : `: ${String(error)}`}`),
    dispose: () => channel.dispose(),
  };
}
