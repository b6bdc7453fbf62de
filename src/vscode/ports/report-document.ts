// "Open as Report" (Show Port Holders' title button, the panel's title bar): every workspace
// port and its holders as a read-only document of language `port-holders`, in the text the CLI's
// `ports` command prints, highlighted by syntaxes/port-holders.tmLanguage.json.
import * as vscode from 'vscode';
import { formatText } from '../../cli/ports';
import { OPEN_PORT_REPORT } from '../command-ids';
import type { PortHolders } from './port-holders';

const SCHEME = 'address-in-use-report';
const REPORT_URI = vscode.Uri.from({ scheme: SCHEME, path: '/Port Holders.port-holders' });

export function reportText(holders: PortHolders): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '/';
  const rows = holders.rows();
  if (rows.length === 0) return 'No ports found in this workspace.\n';
  return rows
    .map((row) =>
      row.report
        ? formatText(row.report, row.sources, root)
        : `${row.port}/${row.protocol ?? 'tcp'}`.padEnd(10) + ' not read yet\n',
    )
    .join('\n');
}

export function registerPortReport(holders: PortHolders): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: () => reportText(holders),
  };
  return [
    changed,
    // A content provider's documents are read-only; the report follows each refresh.
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    holders.onDidChange(() => changed.fire(REPORT_URI)),
    vscode.commands.registerCommand(OPEN_PORT_REPORT, async (): Promise<vscode.TextDocument> => {
      let document = await vscode.workspace.openTextDocument(REPORT_URI);
      if (document.languageId !== 'port-holders')
        document = await vscode.languages.setTextDocumentLanguage(document, 'port-holders');
      await vscode.window.showTextDocument(document, { preview: true });
      return document;
    }),
  ];
}
