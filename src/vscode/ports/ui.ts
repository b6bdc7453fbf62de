// The few places where the port UI asks the user something. Modals cannot be clicked from the
// extension host, so the integration suite replaces these through the extension API's
// `ports.setUi`; everything else the tests drive through the real UI and API.
import * as vscode from 'vscode';

export interface PortUi {
  /** A modal question; resolves with the chosen action, undefined when cancelled. */
  confirm(message: string, detail: string, actions: readonly string[]): Promise<string | undefined>;
  info(message: string): void;
  warn(message: string): void;
}

export const windowUi: PortUi = {
  async confirm(message, detail, actions) {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  },
  info(message) {
    void vscode.window.showInformationMessage(message);
  },
  warn(message) {
    void vscode.window.showWarningMessage(message);
  },
};
