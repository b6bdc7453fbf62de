// The extension's output channel ("Address In Use" in the Output panel).
import * as vscode from 'vscode';
import { inspect } from 'node:util';

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Address In Use', { log: true });

  info(message: string): void {
    this.channel.info(message);
  }

  error(message: string, error?: unknown): void {
    this.channel.error(
      error instanceof Error
        ? `${message}: ${error.stack ?? error.message}`
        : `${message}${error === undefined ? '' : `: ${inspect(error)}`}`,
    );
  }

  dispose(): void {
    this.channel.dispose();
  }
}
