// "Show Port Holders": a QuickPick over the workspace's ports with their holders; typing a
// number looks up any port. Item buttons stop the holder or reveal the binding code. The same
// picker chooses the port for "Stop Process on Port…" (held ports only, plus any typed port).
import * as vscode from 'vscode';
import type { PortReport } from '../../ports/model';
import { type PortRow, isHeld, primarySource, sourceLabel, stateText } from './format';
import type { PortHolders } from './port-holders';

export interface PortPickItem extends vscode.QuickPickItem {
  port: number;
}

export interface PortPickResult {
  port: number;
  /** `accept`: the item was chosen; `stop`/`reveal`: one of its buttons was pressed. */
  action: 'accept' | 'stop' | 'reveal' | 'report';
}

const STOP_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('debug-stop'),
  tooltip: 'Stop the process holding this port',
};
const REVEAL_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('code'),
  tooltip: 'Reveal the code that binds this port',
};

const REPORT_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('output'),
  tooltip: 'Open as Report',
};

function typedPort(value: string): number | undefined {
  const m = /^\s*:?(\d{1,5})\s*$/.exec(value);
  const n = m ? Number(m[1]) : NaN;
  return n > 0 && n <= 65535 ? n : undefined;
}

export class PortPicker {
  /** The QuickPick on screen, if any (read by the integration suite's test hook). */
  current: vscode.QuickPick<PortPickItem> | undefined;

  constructor(private readonly holders: PortHolders) {}

  pick(mode: 'show' | 'stop'): Promise<PortPickResult | undefined> {
    const qp = vscode.window.createQuickPick<PortPickItem>();
    this.current = qp;
    qp.title = mode === 'show' ? 'Port Holders' : 'Stop Process on Port';
    qp.placeholder =
      mode === 'show'
        ? 'Workspace ports and who holds them; type any port number to look it up'
        : 'Choose the port, or type any port number';
    if (mode === 'show') qp.buttons = [REPORT_BUTTON];
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    /** The typed port's look-up, shown in its item's description. */
    let typed: { port: number; report?: PortReport; error?: string } | undefined;
    let lookupTimer: ReturnType<typeof setTimeout> | undefined;

    const itemFor = (row: PortRow): PortPickItem => {
      const buttons: vscode.QuickInputButton[] = [];
      if (isHeld(row) && row.report?.holders.length && vscode.workspace.isTrusted) buttons.push(STOP_BUTTON);
      const source = primarySource(row);
      if (source?.file) buttons.push(REVEAL_BUTTON);
      const holder = row.report?.holders[0];
      return {
        port: row.port,
        label: `$(${isHeld(row) ? 'plug' : row.report?.status === 'time-wait' ? 'watch' : 'circle-outline'}) ${row.port}`,
        description: stateText(row, Date.now()) + (holder?.user ? ` (${holder.user})` : ''),
        detail:
          [holder?.command, row.sources.map((s) => sourceLabel(s, roots)).join(' · ')].filter(Boolean).join('  —  ') || undefined,
        buttons,
      };
    };

    /** False once hidden: a look-up that finishes later must not touch the disposed QuickPick. */
    let open = true;
    const render = () => {
      if (!open) return;
      const activePort = qp.activeItems[0]?.port;
      let rows = this.holders.rows();
      if (mode === 'stop') rows = rows.filter(isHeld);
      const items = rows.map(itemFor);
      if (typed && !items.some((i) => i.port === typed!.port)) {
        const row: PortRow = { port: typed.port, sources: [], report: typed.report, readAt: Date.now() };
        items.unshift({
          ...itemFor(row),
          label: `$(search) ${typed.port}`,
          description: typed.error ?? (typed.report ? stateText(row, Date.now()) : 'looking up…'),
          alwaysShow: true,
        });
      }
      qp.items = items;
      const keep = items.find((i) => i.port === activePort);
      if (keep) qp.activeItems = [keep];
      if (items.length === 0 && !typed)
        qp.placeholder = mode === 'stop' ? 'No workspace port is held; type a port number' : qp.placeholder;
    };

    const subscriptions: vscode.Disposable[] = [this.holders.onDidChange(render)];
    subscriptions.push(
      qp.onDidChangeValue((value) => {
        const port = typedPort(value);
        clearTimeout(lookupTimer);
        typed = port === undefined ? undefined : { port };
        render();
        if (port === undefined || this.holders.row(port)?.report) return;
        // Typing "3000" passes through 3, 30 and 300: look up only when the typing pauses.
        lookupTimer = setTimeout(() => {
          this.holders.lookupPort(port, false).then(
            (report) => {
              if (typed?.port === port) typed.report = report;
              render();
            },
            (error) => {
              if (typed?.port === port) typed.error = error instanceof Error ? error.message : String(error);
              render();
            },
          );
        }, 150);
      }),
    );
    render();
    qp.busy = !this.holders.discovered;
    const discovered = () => {
      if (open) qp.busy = false;
    };
    this.holders.whenDiscovered().then(discovered, discovered);

    return new Promise<PortPickResult | undefined>((resolve) => {
      let result: PortPickResult | undefined;
      subscriptions.push(
        qp.onDidAccept(() => {
          const item = qp.selectedItems[0] ?? qp.activeItems[0];
          if (!item) return;
          result = { port: item.port, action: 'accept' };
          qp.hide();
        }),
        qp.onDidTriggerButton((button) => {
          if (button !== REPORT_BUTTON) return;
          result = { port: 0, action: 'report' };
          qp.hide();
        }),
        qp.onDidTriggerItemButton((event) => {
          result = { port: event.item.port, action: event.button === STOP_BUTTON ? 'stop' : 'reveal' };
          qp.hide();
        }),
        qp.onDidHide(() => {
          open = false;
          clearTimeout(lookupTimer);
          for (const s of subscriptions) s.dispose();
          if (this.current === qp) this.current = undefined;
          qp.dispose();
          resolve(result);
        }),
      );
      qp.show();
    });
  }
}
