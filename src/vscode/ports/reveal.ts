// "Reveal the code that binds this port": opens the source file at the line and column
// discovery found. A port that only the user-level setting names opens the Settings editor.
import * as vscode from 'vscode';
import { SETTINGS } from '../settings';

export interface RevealTarget {
  file: string;
  line: number;
  column?: number;
}

export async function revealLocation(target: RevealTarget): Promise<vscode.TextEditor | undefined> {
  if (!target.file) {
    await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS.ports);
    return undefined;
  }
  const position = new vscode.Position(target.line, target.column ?? 0);
  return vscode.window.showTextDocument(vscode.Uri.file(target.file), {
    selection: new vscode.Range(position, position),
    preview: true,
  });
}
