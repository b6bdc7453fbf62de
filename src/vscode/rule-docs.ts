// Each rule's own page (docs/rules/<rule-id>.md, shipped in the .vsix), opened rendered in the
// Markdown preview from a diagnostic's code link or a hover. A command link rather than a file
// link: a file link opens the raw Markdown, and the page must work offline and in the browser.
import * as vscode from 'vscode';
import { OPEN_RULE } from './command-ids';

/** The link a diagnostic's code and the hovers carry: runs OPEN_RULE with the rule id. */
export function ruleLinkUri(rule: string): vscode.Uri {
  return vscode.Uri.parse(`command:${OPEN_RULE}?${encodeURIComponent(JSON.stringify([rule]))}`);
}

export function ruleDocUri(extensionUri: vscode.Uri, rule: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${rule}.md`);
}

export function registerOpenRule(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_RULE, async (rule: unknown) => {
    if (typeof rule !== 'string' || !/^[a-z0-9-]+$/.test(rule)) return;
    const page = ruleDocUri(extensionUri, rule);
    try {
      await vscode.workspace.fs.stat(page);
    } catch {
      void vscode.window.showWarningMessage(`Address In Use: there is no page for the rule "${rule}".`);
      return;
    }
    // Beside the code, so the finding stays in view while its explanation is read.
    await vscode.commands.executeCommand('markdown.showPreviewToSide', page);
  });
}
