// "Open as Report" (Show Port Holders' title button, the panel's title bar): every workspace
// port and its holders as a read-only document of language `port-holders`, in the layout of the
// CLI's `ports` command, highlighted by syntaxes/port-holders.tmLanguage.json. (Not the CLI's own
// formatter: it would bring the whole package.json into the extension's bundle.)
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PortSource } from '../../ports/discovery';
import type { PortReport } from '../../ports/model';
import { OPEN_PORT_REPORT } from '../command-ids';
import type { PortHolders } from './port-holders';

function formatReport(r: PortReport, sources: readonly PortSource[], root: string): string {
  const head = `${r.port}/${r.protocol}`.padEnd(10);
  const lines: string[] = [];
  if (r.status === 'free') lines.push(`${head} free`);
  else if (r.status === 'time-wait' && r.timeWait) {
    const tw = r.timeWait;
    lines.push(
      `${head} TIME_WAIT: nobody listens; ${tw.count} socket${tw.count === 1 ? '' : 's'} expire in ${tw.estimated ? 'at most ' : ''}${tw.remainingSeconds} s (a server that sets SO_REUSEADDR binds now)`,
    );
  } else if (r.status === 'owner-hidden') {
    lines.push(`${head} bound on ${r.addresses.join(', ')}, by a process hidden from this user (try with more privileges)`);
  } else {
    lines.push(`${head} ${r.status} on ${r.addresses.join(', ')}${r.ownerHidden ? ', by a process hidden from this user' : ''}`);
  }
  for (const h of r.holders) {
    const started =
      h.startTime !== undefined ? `, started ${new Date(h.startTime).toISOString().replace('T', ' ').slice(0, 19)}` : '';
    lines.push(`  pid ${h.pid}${h.user ? ` ${h.user}` : ''}${started}: ${h.command}`);
    if (h.kindNote) lines.push(`    ${h.kindNote}`);
  }
  for (const s of sources)
    lines.push(
      s.file ? `  used at ${path.relative(root, s.file) || s.file}:${s.line + 1}` : '  set in the setting addressInUse.ports',
    );
  return lines.map((l) => `${l}\n`).join('');
}

const SCHEME = 'address-in-use-report';
const REPORT_URI = vscode.Uri.from({ scheme: SCHEME, path: '/Port Holders.port-holders' });

export function reportText(holders: PortHolders): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '/';
  const rows = holders.rows();
  if (rows.length === 0) return 'No ports found in this workspace.\n';
  return rows
    .map((row) =>
      row.report
        ? formatReport(row.report, row.sources, root)
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
