// Every setting the extension reads, in one place: the keys (package.json contributes the same),
// how each is read (analyzer settings per resource, port settings per folder or window) and which
// configuration changes concern which feature.
import * as vscode from 'vscode';
import { DEFAULT_MAX_FILE_SIZE, type AnalyzeOptions, type SeveritySetting } from '../analysis/analyzer';
import { SEVERITY_SETTINGS } from '../analysis/rule-settings';
import { PORTS_SETTING } from '../ports/sources/setting-ports';

const SECTION = 'addressInUse';

/** Full keys, for change events, the Settings editor and messages. */
export const SETTINGS = {
  maxFileSize: `${SECTION}.maxFileSize`,
  rules: `${SECTION}.rules`,
  ports: PORTS_SETTING,
  pollInterval: `${SECTION}.pollInterval`,
  statusBarEnabled: `${SECTION}.statusBar.enabled`,
} as const;

export function analyzeOptionsFor(uri: vscode.Uri): Omit<AnalyzeOptions, 'context'> {
  const config = vscode.workspace.getConfiguration(SECTION, uri);
  return {
    maxFileSize: config.get<number>('maxFileSize', DEFAULT_MAX_FILE_SIZE),
    severities: validSeverities(config.get<unknown>('rules', {})),
  };
}

/** The entries of `addressInUse.rules` whose value is a severity; the others keep the rule's own (RuleSettingsCheck reports them). */
function validSeverities(value: unknown): AnalyzeOptions['severities'] {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, SeveritySetting] =>
      SEVERITY_SETTINGS.includes(entry[1] as SeveritySetting),
    ),
  );
}

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

/** Which configuration changes concern which feature. */
export const affects = {
  /** Every open document must be analyzed again. */
  analysis: (e: vscode.ConfigurationChangeEvent) =>
    e.affectsConfiguration(SETTINGS.maxFileSize) || e.affectsConfiguration(SETTINGS.rules),
  ports: (e: vscode.ConfigurationChangeEvent) => e.affectsConfiguration(SETTINGS.ports),
  poll: (e: vscode.ConfigurationChangeEvent) => e.affectsConfiguration(SETTINGS.pollInterval),
  statusBar: (e: vscode.ConfigurationChangeEvent) => e.affectsConfiguration(SETTINGS.statusBarEnabled),
};
