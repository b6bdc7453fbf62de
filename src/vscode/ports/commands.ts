// The port UI's commands. They take their target from a tree item, a tooltip link's JSON
// arguments or a QuickPick, so each accepts a port number or a small object.
import * as vscode from 'vscode';
import {
  ADD_PORT,
  COPY_PORT_HOLDER_PID,
  FORGET_PORT,
  OPEN_PORT_REPORT,
  DELETE_STALE_SOCKET_FILE,
  REFRESH_PORT_HOLDERS,
  REVEAL_PORT_SOURCE,
  SHOW_PORT_HOLDERS,
  STOP_PORT_HOLDER,
  STOP_PROCESS_ON_PORT,
} from '../command-ids';
import { primarySource, stateText } from './format';
import type { Log } from '../log';
import { type DeleteSocketResult, runDeleteSocketFlow } from './delete-socket-flow';
import type { PortHolders } from './port-holders';
import type { PortPicker } from './quick-pick';
import { revealLocation } from './reveal';
import { runningSource } from '../../ports/running-source';
import { type StopFlowResult, runStopFlow } from './stop-flow';
import type { PortHoldersTree } from './tree';
import type { PortUi } from './ui';

/** What a command may be given: `3000`, `"3000"`, a tree node, or `{ port, pid }` / `{ file, line, column }` / `{ path }` (a Unix socket file). */
type Target =
  | number
  | string
  | {
      port?: number;
      pid?: number;
      file?: string;
      line?: number;
      column?: number;
      path?: string;
      source?: { file: string; line: number; column: number };
    }
  | undefined;

function portOf(target: Target): number | undefined {
  if (typeof target === 'number') return target;
  if (typeof target === 'string' && /^\d+$/.test(target)) return Number(target);
  return typeof target === 'object' ? target.port : undefined;
}

export interface PortCommandsDeps {
  holders: PortHolders;
  tree: PortHoldersTree;
  treeView: vscode.TreeView<unknown>;
  picker: PortPicker;
  /** Read on each use: the integration suite swaps it. */
  ui: () => PortUi;
  log: Log;
}

export function registerPortCommands(deps: PortCommandsDeps): vscode.Disposable[] {
  const { holders, tree, treeView, picker, ui, log } = deps;

  const stopOnPort = async (port: number): Promise<StopFlowResult> => {
    let report;
    try {
      report = await holders.lookupPort(port, false);
    } catch (error) {
      const message = `cannot read who holds port ${port}: ${error instanceof Error ? error.message : String(error)}`;
      ui().warn(`Address In Use: ${message}`);
      return { message };
    }
    if (report.holders.length === 0) {
      const row = holders.row(port) ?? { port, sources: [], report, readAt: Date.now() };
      const message = `Port ${port}: ${stateText(row, Date.now())}; no process to stop${report.status === 'owner-hidden' ? ' that can be seen from here' : ''}.`;
      ui().info(`Address In Use: ${message}`);
      return { message };
    }
    let pid = report.holders[0].pid;
    if (report.holders.length > 1) {
      // After fork several processes hold the socket: the user says which one.
      const chosen = await vscode.window.showQuickPick(
        report.holders.map((h) => ({ label: `${h.name} (pid ${h.pid})`, description: h.user, detail: h.command, pid: h.pid })),
        { title: `Port ${port} is held by ${report.holders.length} processes`, placeHolder: 'Which process to stop?' },
      );
      if (!chosen) return { message: 'cancelled' };
      pid = chosen.pid;
    }
    const result = await runStopFlow({ pid, port, protocol: report.protocol }, holders.portReader(), ui(), log);
    await holders.refresh();
    return result;
  };

  const reveal = async (target: Target): Promise<boolean> => {
    if (typeof target === 'object' && target.source) {
      await revealLocation(target.source);
      return true;
    }
    if (typeof target === 'object' && target.file !== undefined && target.line !== undefined) {
      await revealLocation({ file: target.file, line: target.line, column: target.column });
      return true;
    }
    if (typeof target === 'object' && target.path !== undefined) {
      // A Unix socket file's row: the code that binds it.
      const source = holders.socketRow(target.path)?.sources[0];
      if (!source) {
        ui().info(`Address In Use: no code of this workspace binds ${target.path}.`);
        return false;
      }
      await revealLocation(source);
      return true;
    }
    const port = portOf(target);
    const row = port === undefined ? undefined : holders.row(port);
    // A holder's row: the file that process runs, when one of them is.
    const pid = typeof target === 'object' ? target.pid : undefined;
    const holder = pid === undefined ? undefined : row?.report?.holders.find((h) => h.pid === pid);
    const source = row && ((holder && runningSource(row.sources, [holder])) || primarySource(row));
    if (!source) {
      ui().info(`Address In Use: no file of this workspace names port ${port ?? '?'}.`);
      return false;
    }
    await revealLocation(source);
    return true;
  };

  return [
    vscode.commands.registerCommand(SHOW_PORT_HOLDERS, async (): Promise<number | undefined> => {
      const picked = await picker.pick('show');
      if (!picked) return undefined;
      if (picked.action === 'report') {
        await vscode.commands.executeCommand(OPEN_PORT_REPORT);
        return undefined;
      }
      if (picked.action === 'stop') await stopOnPort(picked.port);
      else if (picked.action === 'reveal') await reveal(picked.port);
      else {
        // Chosen: keep a typed port in the panel for this session and show it there.
        if (!holders.row(picked.port)) await holders.lookupPort(picked.port, true);
        await treeView.reveal(tree.portNode(picked.port), { select: true, focus: true, expand: true });
      }
      return picked.port;
    }),
    vscode.commands.registerCommand(STOP_PROCESS_ON_PORT, async (target?: Target): Promise<StopFlowResult | undefined> => {
      let port = portOf(target);
      if (port === undefined) port = (await picker.pick('stop'))?.port;
      return port === undefined ? undefined : stopOnPort(port);
    }),
    vscode.commands.registerCommand(STOP_PORT_HOLDER, async (target?: Target): Promise<StopFlowResult | undefined> => {
      if (typeof target !== 'object' || target.pid === undefined) {
        const port = portOf(target);
        return port === undefined ? undefined : stopOnPort(port);
      }
      const protocol = target.port !== undefined ? holders.row(target.port)?.report?.protocol : undefined;
      const result = await runStopFlow({ pid: target.pid, port: target.port, protocol }, holders.portReader(), ui(), log);
      await holders.refresh();
      return result;
    }),
    vscode.commands.registerCommand(COPY_PORT_HOLDER_PID, async (target?: Target): Promise<string | undefined> => {
      const pid = typeof target === 'object' ? target.pid : undefined;
      if (pid === undefined) return undefined;
      await vscode.env.clipboard.writeText(String(pid));
      vscode.window.setStatusBarMessage(`Copied pid ${pid}`, 2000);
      return String(pid);
    }),
    vscode.commands.registerCommand(REVEAL_PORT_SOURCE, reveal),
    vscode.commands.registerCommand(
      DELETE_STALE_SOCKET_FILE,
      async (target?: Target): Promise<DeleteSocketResult | undefined> => {
        const file = typeof target === 'object' ? target.path : undefined;
        return file === undefined ? undefined : runDeleteSocketFlow(file, holders, ui(), log);
      },
    ),
    vscode.commands.registerCommand(FORGET_PORT, (target?: Target): boolean => {
      const port = portOf(target);
      return port !== undefined && holders.forgetPort(port);
    }),
    vscode.commands.registerCommand(ADD_PORT, async (target?: Target): Promise<number | undefined> => {
      let port = portOf(target);
      if (port === undefined) {
        const typed = await vscode.window.showInputBox({
          title: 'Address In Use: Add a Port',
          prompt: 'A port this workspace uses (saved in the workspace setting addressInUse.ports)',
          validateInput: (value) =>
            /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535 ? undefined : 'A port: 1-65535',
        });
        port = typed === undefined ? undefined : Number(typed);
      }
      if (port === undefined || !(port >= 1 && port <= 65535)) return undefined;
      const config = vscode.workspace.getConfiguration('addressInUse');
      const current = config.get<number[]>('ports') ?? [];
      if (!current.includes(port)) await config.update('ports', [...current, port], vscode.ConfigurationTarget.Workspace);
      await holders.rediscover();
      return port;
    }),
    vscode.commands.registerCommand(REFRESH_PORT_HOLDERS, async (): Promise<void> => {
      await holders.rediscover();
    }),
  ];
}
