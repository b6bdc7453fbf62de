// activate() of the browser build (package.json `browser`: vscode.dev, github.dev, VS Code's web
// worker extension host): the analyzer with its diagnostics, hovers, quick fixes and rule pages.
// The port features need the machine the processes run on, which a browser tab cannot see: their
// commands say so, and so does the status bar item's tooltip.
import * as vscode from 'vscode';
import { registerApplyFix } from './vscode/apply-fix';
import { AddressReuseCodeActions } from './vscode/code-actions';
import {
  CHECK_WORKSPACE,
  REFRESH_PORT_HOLDERS,
  SHOW_PORT_HOLDERS,
  STATUS_BAR_ID,
  STOP_PROCESS_ON_PORT,
} from './vscode/command-ids';
import { DiagnosticsController } from './vscode/diagnostics';
import { EditorAnalysis } from './vscode/editor-analysis';
import { AddressReuseHover } from './vscode/hover';
import { Log } from './vscode/log';
import { registerOpenRule } from './vscode/rule-docs';
import { RuleSettingsCheck } from './vscode/rule-settings-check';

const SELECTOR: vscode.DocumentSelector = ['c', 'cpp', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'].map(
  (language) => ({ language }),
);

export const WEB_PORTS_NOTE =
  'Port holders are not available in the browser: a web page cannot see the processes of a machine. ' +
  'Open the folder in desktop VS Code, or through Remote SSH, WSL, a dev container or a Codespace, to see who holds your ports.';

/** Commands of the port features and of Check Workspace (which walks the disk) that only explain. */
const DESKTOP_ONLY_COMMANDS = [CHECK_WORKSPACE, SHOW_PORT_HOLDERS, STOP_PROCESS_ON_PORT, REFRESH_PORT_HOLDERS];

export interface WebExtensionApi {
  analysis: EditorAnalysis;
  diagnostics: DiagnosticsController;
  /** The status bar item's tooltip (the integration test reads it). */
  statusBarTooltip: string;
}

export function activate(context: vscode.ExtensionContext): WebExtensionApi {
  const log = new Log();
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const analysis = new EditorAnalysis(dist.path, (file) =>
    Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(dist, file))),
  );
  const diagnostics = new DiagnosticsController(analysis, log);
  const ruleSettings = new RuleSettingsCheck(log);
  const status = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, -100);
  status.name = 'Address In Use: Port Holders';
  status.text = '$(plug) $(circle-slash)';
  status.tooltip = WEB_PORTS_NOTE;
  status.accessibilityInformation = { label: `Address In Use: ${WEB_PORTS_NOTE}` };
  status.command = SHOW_PORT_HOLDERS;
  status.show();
  context.subscriptions.push(
    log,
    analysis,
    diagnostics,
    status,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new AddressReuseCodeActions(analysis, log), {
      providedCodeActionKinds: AddressReuseCodeActions.providedCodeActionKinds,
    }),
    vscode.languages.registerHoverProvider(SELECTOR, new AddressReuseHover(analysis)),
    registerOpenRule(context.extensionUri),
    ruleSettings,
    registerApplyFix(diagnostics, log),
    ...DESKTOP_ONLY_COMMANDS.map((id) =>
      vscode.commands.registerCommand(id, () => {
        void vscode.window.showInformationMessage(
          id === CHECK_WORKSPACE
            ? 'Address In Use: Check Workspace reads the folder from disk, which the browser cannot; open files are still analyzed as you edit them.'
            : `Address In Use: ${WEB_PORTS_NOTE}`,
        );
      }),
    ),
  );
  diagnostics.analyzeOpenDocuments();
  ruleSettings.check();
  return { analysis, diagnostics, statusBarTooltip: WEB_PORTS_NOTE };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
