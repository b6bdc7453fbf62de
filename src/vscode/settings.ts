// The analyzer's settings, read per resource (they are `scope: resource`).
import * as vscode from 'vscode';
import { DEFAULT_MAX_FILE_SIZE, type AnalyzeOptions } from '../analysis/analyzer';

export const SECTION = 'addressInUse';

export function analyzeOptionsFor(uri: vscode.Uri): Omit<AnalyzeOptions, 'context'> {
  const config = vscode.workspace.getConfiguration(SECTION, uri);
  return {
    maxFileSize: config.get<number>('maxFileSize', DEFAULT_MAX_FILE_SIZE),
    severities: config.get<AnalyzeOptions['severities']>('rules', {}),
  };
}

/** Settings whose change means every open document must be analyzed again. */
export function affectsAnalysis(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.maxFileSize`) || event.affectsConfiguration(`${SECTION}.rules`);
}
