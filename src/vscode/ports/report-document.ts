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

/**
 * The report as a read-only file system: a content provider's documents can still be changed by
 * a WorkspaceEdit, a read-only file system's cannot (VS Code refuses the edit and the editor says
 * the file is read-only).
 */
class ReportFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly text: () => string) {}

  fire(): void {
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri: REPORT_URI }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(): vscode.FileStat {
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: Date.now(),
      size: new TextEncoder().encode(this.text()).length,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  readFile(): Uint8Array {
    return new TextEncoder().encode(this.text());
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('the port report is read-only');
  }

  writeFile(): void {
    throw vscode.FileSystemError.NoPermissions('the port report is read-only');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('the port report is read-only');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('the port report is read-only');
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerPortReport(holders: PortHolders): vscode.Disposable[] {
  const files = new ReportFileSystem(() => reportText(holders));
  return [
    files,
    vscode.workspace.registerFileSystemProvider(SCHEME, files, { isReadonly: true, isCaseSensitive: true }),
    holders.onDidChange(() => files.fire()),
    vscode.commands.registerCommand(OPEN_PORT_REPORT, async (): Promise<vscode.TextDocument> => {
      let document = await vscode.workspace.openTextDocument(REPORT_URI);
      if (document.languageId !== 'port-holders')
        document = await vscode.languages.setTextDocumentLanguage(document, 'port-holders');
      await vscode.window.showTextDocument(document, { preview: true });
      return document;
    }),
  ];
}
