// One notification when a debug session, a task or a terminal command failed with "Address
// already in use": which port (and how that is known), who holds it, and up to three actions:
// stop the holder and restart, restart when the TIME_WAIT is over, show the binding code. Nothing
// is stopped or rerun until the user clicks; the restart reuses the exact configuration, task or
// command line.
import * as vscode from 'vscode';
import type { PortReader, PortReport } from '../../ports/model';
import type { BindFailure } from '../../ports/restart/bind-failure';
import { type FailureDiagnosis, diagnoseBindFailure, queryOf } from '../../ports/restart/diagnose';
import { EVIDENCE_LABEL } from '../../ports/restart/failed-port';
import { waitUntilFree } from '../../ports/restart/wait-for-port';
import type { Log } from '../log';
import { findingFor, type FindingsOf } from '../ports/findings';
import type { PortHolders } from '../ports/port-holders';
import { revealLocation } from '../ports/reveal';
import { runStopFlow } from '../ports/stop-flow';
import type { PortUi } from '../ports/ui';
import { type RestartTarget, commandOf, describeTarget, restartTarget } from './restart-target';

export type RestartAction = 'stop-and-restart' | 'restart-when-free' | 'show-binding-code';

/** What the notification shows: the integration suite reads it and answers through RestartUi. */
export interface RestartOffer {
  target: RestartTarget;
  diagnosis: FailureDiagnosis;
  message: string;
  /** The buttons, in order, with the action each one runs. */
  actions: { action: RestartAction; title: string }[];
}

/** The seam for the notification and the countdown (the integration suite replaces it). */
export interface RestartUi {
  /** Shows the offer; resolves with the button clicked, undefined when dismissed. */
  offer(offer: RestartOffer): Promise<RestartAction | undefined>;
  /** Runs `wait` under a cancellable progress notification; `report` updates its text. */
  countdown<T>(title: string, wait: (report: (text: string) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
  info(message: string): void;
  warn(message: string): void;
}

export const windowRestartUi: RestartUi = {
  async offer(offer) {
    const chosen = await vscode.window.showWarningMessage(offer.message, ...offer.actions.map((a) => a.title));
    return offer.actions.find((a) => a.title === chosen)?.action;
  },
  countdown(title, wait) {
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return wait((message) => progress.report({ message }), controller.signal);
        },
      ),
    );
  },
  info(message) {
    void vscode.window.showInformationMessage(message);
  },
  warn(message) {
    void vscode.window.showWarningMessage(message);
  },
};

/** The longest "Restart when free" waits: Linux's TIME_WAIT is 60 s, Windows' up to 120 s. */
const WAIT_LIMIT_MS = 130_000;

export interface RestartDeps {
  holders: PortHolders;
  findingsOf: FindingsOf;
  log: Log;
  ui: () => RestartUi;
  portUi: () => PortUi;
}

export interface OfferResult {
  offer: RestartOffer;
  action?: RestartAction;
  /** What the action did, for people (and the tests). */
  outcome?: string;
}

export class RestartOffers implements vscode.Disposable {
  private readonly offered = new vscode.EventEmitter<OfferResult>();
  /** Fires after each offer was answered and its action ran (or it was dismissed). */
  readonly onDidSettle = this.offered.event;

  constructor(private readonly deps: RestartDeps) {}

  private get reader(): PortReader {
    return this.deps.holders.portReader();
  }

  /** Diagnoses the failure, shows the one notification, runs what the user clicks. */
  async offer(failure: BindFailure, target: RestartTarget): Promise<OfferResult> {
    const { command, env, cwd } = commandOf(target);
    const workspacePorts = this.deps.holders.rows().map((r) => r.port);
    const diagnosis = await diagnoseBindFailure(failure, this.reader, { command, env, cwd, workspacePorts });
    return this.present(target, diagnosis);
  }

  private async present(target: RestartTarget, diagnosis: FailureDiagnosis): Promise<OfferResult> {
    const offer = this.buildOffer(target, diagnosis);
    this.deps.log.info(`restart offer: ${offer.message} [${offer.actions.map((a) => a.action).join(', ')}]`);
    const action = offer.actions.length > 0 ? await this.deps.ui().offer(offer) : undefined;
    let outcome: string | undefined;
    try {
      if (action === 'stop-and-restart') outcome = await this.stopAndRestart(offer);
      else if (action === 'restart-when-free') outcome = await this.restartWhenFree(offer);
      else if (action === 'show-binding-code') outcome = await this.showBindingCode(offer);
    } catch (error) {
      outcome = `failed: ${error instanceof Error ? error.message : String(error)}`;
      this.deps.log.error(`restart action ${action}: ${outcome}`, error);
      this.deps.ui().warn(`Address In Use: ${outcome}`);
    }
    const result: OfferResult = { offer, action, outcome };
    this.offered.fire(result);
    return result;
  }

  /**
   * A task or command whose output cannot be read (a task's terminal has no shell integration;
   * VS Code can lose a fast command's output) ended non-zero:
   * offered only when the port its command line or program names is taken now, and the message
   * says that this is what is known (the exit status and the port's state), not a message read.
   */
  async offerAfterUnreadFailure(target: RestartTarget, exitCode: number): Promise<OfferResult | undefined> {
    const failure: BindFailure = { runtime: 'unread', line: `exit status ${exitCode}` };
    const { command, env, cwd } = commandOf(target);
    const workspacePorts = this.deps.holders.rows().map((r) => r.port);
    const diagnosis = await diagnoseBindFailure(failure, this.reader, { command, env, cwd, workspacePorts });
    if (!diagnosis.port || !diagnosis.report || diagnosis.report.status === 'free') return undefined;
    return this.present(target, diagnosis);
  }

  buildOffer(target: RestartTarget, d: FailureDiagnosis): RestartOffer {
    const what = describeTarget(target);
    const actions: RestartOffer['actions'] = [];
    const r = d.report;
    let message: string;
    if (!d.port) {
      message = d.failure.socketPath
        ? `${what} failed: the socket file ${d.failure.socketPath} is in use (or stale).`
        : `${what} failed with "Address already in use". ${d.why ?? ''}`.trim();
    } else {
      const how = `port ${d.port.port} (${EVIDENCE_LABEL[d.port.evidence]}${d.port.evidence === 'message' ? '' : `: ${d.port.detail}`})`;
      message =
        d.failure.runtime === 'unread'
          ? `${what} ended with ${d.failure.line}, and ${how} is ${stateOf(r)} (its output could not be read; this may be why it failed).`
          : `${what} failed: ${how} is ${stateOf(r)}.`;
      if (r && r.holders.length > 0 && (r.status === 'listening' || r.status === 'bound')) {
        const h = r.holders[0];
        const more = r.holders.length > 1 ? ` +${r.holders.length - 1}` : '';
        actions.push({ action: 'stop-and-restart', title: `Stop ${h.name} (${h.pid})${more} and restart` });
      }
      if (r?.status === 'time-wait') actions.push({ action: 'restart-when-free', title: 'Restart when free' });
    }
    if (this.bindingCode(d)) actions.push({ action: 'show-binding-code', title: 'Show the binding code' });
    return { target, diagnosis: d, message, actions };
  }

  private async stopAndRestart(offer: RestartOffer): Promise<string> {
    const d = offer.diagnosis;
    const port = d.port!;
    for (const h of d.report?.holders ?? []) {
      const result = await runStopFlow(
        { pid: h.pid, port: port.port, protocol: d.report?.protocol },
        this.reader,
        this.deps.portUi(),
        this.deps.log,
      );
      if (result.outcome?.result !== 'stopped') return `not restarted: ${result.message}`;
    }
    const [now] = await this.reader.lookup([queryOf(port)], { connections: true });
    if (now.status === 'time-wait' && !now.timeWait?.bindsAcross) {
      // The holder left TIME_WAIT behind: the restart would fail again until it expires.
      return this.restartWhenFree(offer);
    }
    if (now.status !== 'free' && now.status !== 'time-wait') return `not restarted: port ${port.port} is still ${stateOf(now)}`;
    await restartTarget(offer.target);
    return `restarted ${describeTarget(offer.target)}`;
  }

  private async restartWhenFree(offer: RestartOffer): Promise<string> {
    const port = offer.diagnosis.port!;
    const title = `Address In Use: ${describeTarget(offer.target)} restarts when port ${port.port} is free`;
    const waited = await this.deps.ui().countdown(title, (report, signal) =>
      waitUntilFree(this.reader, queryOf(port), {
        timeoutMs: WAIT_LIMIT_MS,
        signal,
        onReport: (r) => report(r.timeWait ? `TIME_WAIT expires in ${r.timeWait.remainingSeconds} s` : stateOf(r)),
      }),
    );
    if (waited.result === 'cancelled') return 'cancelled: not restarted';
    if (waited.result === 'timeout') return `not restarted: port ${port.port} is still taken`;
    await restartTarget(offer.target);
    return `restarted ${describeTarget(offer.target)} when port ${port.port} was free`;
  }

  /** The code that binds the port: the program's source line the inference found, else the workspace's discovered source. */
  private bindingCode(d: FailureDiagnosis): { file: string; line: number; column: number } | undefined {
    if (!d.port) return undefined;
    if (d.port.file !== undefined && d.port.line !== undefined) {
      const source = { file: d.port.file, line: d.port.line, column: 0, kind: 'code' as const, text: '' };
      const finding = findingFor(source, this.deps.findingsOf);
      return finding
        ? { file: finding.file, line: finding.finding.range.start.line, column: finding.finding.range.start.character }
        : { file: d.port.file, line: d.port.line, column: 0 };
    }
    const sources = this.deps.holders.row(d.port.port)?.sources.filter((s) => s.kind === 'code' && s.file) ?? [];
    for (const s of sources) {
      const finding = findingFor(s, this.deps.findingsOf);
      if (finding)
        return { file: finding.file, line: finding.finding.range.start.line, column: finding.finding.range.start.character };
    }
    return sources[0] && { file: sources[0].file, line: sources[0].line, column: sources[0].column };
  }

  private async showBindingCode(offer: RestartOffer): Promise<string> {
    const at = this.bindingCode(offer.diagnosis)!;
    await revealLocation(at);
    // The analyzer's fix for the finding there, as the lightbulb offers it.
    await vscode.commands.executeCommand('editor.action.quickFix');
    return `revealed ${at.file}:${at.line + 1}`;
  }

  dispose(): void {
    this.offered.dispose();
  }
}

function stateOf(r: PortReport | undefined): string {
  if (!r) return 'in use';
  switch (r.status) {
    case 'listening':
    case 'bound':
      return `held by ${r.holders.map((h) => `${h.name} (${h.pid}${h.user ? `, ${h.user}` : ''})`).join(', ') || 'a hidden process'}`;
    case 'time-wait':
      return `in TIME_WAIT for ${r.timeWait?.estimated ? 'at most ' : ''}${r.timeWait?.remainingSeconds ?? '?'} s more (nobody listens)`;
    case 'owner-hidden':
      return 'held by a process that cannot be seen from here';
    case 'free':
      return 'free now';
  }
}
