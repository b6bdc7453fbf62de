// Reports what is wrong in `addressInUse.rules` (an unknown rule id, a value that is not a
// severity) at activation and whenever the setting changes: a warning with a way to the setting,
// once per distinct problem per session, and a line in the Address In Use output.
import * as vscode from 'vscode';
import { describeRuleSettingProblem, ruleSettingProblems } from '../analysis/rule-settings';
import type { Log } from './log';
import { SETTINGS, affects } from './settings';

const OPEN_SETTINGS = 'Open Settings';

export class RuleSettingsCheck implements vscode.Disposable {
  /** Problems already reported, by their message (a message names the id and the value). */
  private readonly reported = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: Log) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (affects.analysis(event)) this.check();
    });
  }

  /** Reports the problems not reported yet; returns the messages shown by this call. */
  check(): string[] {
    const shown: string[] = [];
    for (const setting of this.values()) {
      for (const problem of ruleSettingProblems(setting)) {
        const message = `Address In Use: ${describeRuleSettingProblem(problem, SETTINGS.rules)}`;
        if (this.reported.has(message)) continue;
        this.reported.add(message);
        shown.push(message);
        this.log.info(`${message} (that entry is ignored)`);
        void vscode.window.showWarningMessage(message, OPEN_SETTINGS).then((choice) => {
          if (choice === OPEN_SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS.rules);
        });
      }
    }
    return shown;
  }

  /** The setting as each folder sees it (a folder's value merges over the user's), or the window's without folders. */
  private values(): unknown[] {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const scopes: (vscode.Uri | undefined)[] = folders.length > 0 ? folders.map((f) => f.uri) : [undefined];
    return scopes.map((scope) => vscode.workspace.getConfiguration(undefined, scope).get<unknown>(SETTINGS.rules));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
