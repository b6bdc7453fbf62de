// The port UI's settings (`scope: resource`, read per workspace folder where it matters).
import * as vscode from 'vscode';

const SECTION = 'addressInUse';

/** `addressInUse.ports` of one folder: extra ports that no file names. */
export function settingPortsFor(folder: vscode.WorkspaceFolder): number[] {
  const value = vscode.workspace.getConfiguration(SECTION, folder.uri).get<unknown>('ports', []);
  return Array.isArray(value) ? value.filter((n): n is number => typeof n === 'number') : [];
}

/** Seconds between look-ups while the window is focused; 0 turns polling off. */
export function pollIntervalSeconds(): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<number>('pollInterval', 3);
  return typeof value === 'number' && value > 0 ? Math.max(1, value) : 0;
}

export function statusBarEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('statusBar.enabled', true) !== false;
}

export const affects = {
  ports: (e: vscode.ConfigurationChangeEvent) => e.affectsConfiguration(`${SECTION}.ports`),
  poll: (e: vscode.ConfigurationChangeEvent) => e.affectsConfiguration(`${SECTION}.pollInterval`),
  statusBar: (e: vscode.ConfigurationChangeEvent) => e.affectsConfiguration(`${SECTION}.statusBar.enabled`),
};
