// Stopping the process that holds a port, the safe way: a modal with pid, user and command line;
// SIGTERM; up to 2 s for it to exit; then SIGKILL only if the user agrees in a second modal. The
// core re-checks the pid's start time and socket before each signal and refuses system, editor
// and other users' processes; we show its refusal as it words it. When the port is still held
// afterwards (a wrapper's child), the holders left and their process group are offered.
// Disabled in untrusted workspaces.
import * as vscode from 'vscode';
import {
  planGroupStop,
  planStop,
  stopGroup,
  stopProcess,
  type GroupStopPlan,
  type Holder,
  type PortReader,
  type Protocol,
  type StopOptions,
  type StopOutcome,
  type StopPlan,
  type StopSignal,
} from '../../ports';
import { kindNote } from '../../ports/holder-kind';
import type { Log } from '../log';
import type { PortUi } from './ui';

export const STOP_ACTION = 'Stop (SIGTERM)';
export const KILL_ACTION = 'Force Stop (SIGKILL)';

export interface StopRequest {
  pid: number;
  port?: number;
  protocol?: Protocol;
}

export interface StopFlowResult {
  /** What happened last: undefined when the user cancelled or stopping was not allowed. */
  outcome?: StopOutcome;
  /** Why nothing was sent, for people (refusal, untrusted, cancelled). */
  message: string;
}

export async function runStopFlow(request: StopRequest, reader: PortReader, ui: PortUi, log: Log): Promise<StopFlowResult> {
  try {
    return await stopFlow(request, reader, ui, log);
  } catch (error) {
    // planStop/stopProcess reject only when the system cannot be read (or the platform is not supported).
    const message = `could not stop pid ${request.pid}: ${error instanceof Error ? error.message : String(error)}`;
    log.error(message, error);
    ui.warn(`Address In Use: ${message}`);
    return { message };
  }
}

async function stopFlow(request: StopRequest, reader: PortReader, ui: PortUi, log: Log): Promise<StopFlowResult> {
  if (!vscode.workspace.isTrusted) {
    const message =
      'Address In Use: stopping processes is disabled in an untrusted workspace (Manage Workspace Trust to enable it).';
    ui.warn(message);
    return { message };
  }
  const options: StopOptions = { port: request.port, protocol: request.protocol, reader, editorPids: [process.pid] };
  const plan = await planStop(request.pid, options);
  if (plan.refusal) {
    ui.warn(`Address In Use: ${plan.message}`);
    return { message: plan.message };
  }
  const on = request.port ? ` on port ${request.port}` : '';
  if ((await ui.confirm(`Stop the process${on}?`, planDetail(plan), [STOP_ACTION])) !== STOP_ACTION) {
    return { message: 'cancelled' };
  }
  return stopConfirmed(plan, options, ui, log, 0);
}

/** pid, user and command line once; plus what the holder really is when it is not the server (docker-proxy, sshd). */
function planDetail(plan: StopPlan): string {
  return [
    `pid ${plan.pid}${plan.user ? `, user ${plan.user}` : ''}`,
    plan.command,
    ...(plan.kind ? ['', kindNote(plan.kind)] : []),
    // The wrapper case: a shell or `npm run` whose child has the socket.
    ...(plan.inodes?.length === 0 && plan.port !== undefined
      ? ['', `It does not hold port ${plan.port} itself; a process it started may keep it.`]
      : []),
  ].join('\n');
}

async function stopConfirmed(plan: StopPlan, options: StopOptions, ui: PortUi, log: Log, round: number): Promise<StopFlowResult> {
  const outcome = await signalWithForceOffer(
    `Process ${plan.pid}`,
    (signal) => stopProcess(plan, signal, options),
    ui,
    log,
    `stop pid ${plan.pid}${plan.port ? ` on port ${plan.port}` : ''}`,
  );
  return finish(outcome, options, ui, log, round);
}

/**
 * SIGTERM, then SIGKILL only after a second confirmation when the target outlived the wait. The
 * target is a pid or a process group: `send` re-checks its identity before each signal.
 */
async function signalWithForceOffer(
  what: string,
  send: (signal: StopSignal) => Promise<StopOutcome>,
  ui: PortUi,
  log: Log,
  logAs: string,
): Promise<StopOutcome> {
  let outcome = await send('SIGTERM');
  log.info(`${logAs}: SIGTERM -> ${outcome.result}: ${outcome.message}`);
  if (outcome.result === 'still-running') {
    const killDetail = `${outcome.message}\n\nSIGKILL ends it at once: it cannot clean up (temporary files, Unix socket files, child processes).`;
    if ((await ui.confirm(`${what} is still running after SIGTERM.`, killDetail, [KILL_ACTION])) !== KILL_ACTION) {
      return { ...outcome, message: `${what} is still running (SIGKILL not sent).` };
    }
    outcome = await send('SIGKILL');
    log.info(`${logAs}: SIGKILL -> ${outcome.result}: ${outcome.message}`);
  }
  return outcome;
}

/**
 * Says how it ended. A stop that left the port held (a wrapper's child, a respawn) is never
 * reported as done: the remaining holders are named and offered, and so is the process group
 * they share with the stopped process when stopping it is allowed (see stop-group.ts).
 */
async function finish(outcome: StopOutcome, options: StopOptions, ui: PortUi, log: Log, round: number): Promise<StopFlowResult> {
  if (outcome.result === 'port-still-held' && round < MAX_FOLLOW_UPS) {
    return offerRemaining(outcome, options, ui, log, round);
  }
  if (outcome.result === 'stopped') ui.info(`Address In Use: ${outcome.message}`);
  else ui.warn(`Address In Use: ${outcome.message}`);
  return { outcome, message: outcome.message };
}

/** Follow-up offers after a stop that left the port held: enough for a wrapper and its child, bounded against a supervisor that respawns forever. */
const MAX_FOLLOW_UPS = 3;

async function offerRemaining(
  outcome: StopOutcome,
  options: StopOptions,
  ui: PortUi,
  log: Log,
  round: number,
): Promise<StopFlowResult> {
  const holders = (outcome.port?.holders ?? []).slice(0, 3);
  if (holders.length === 0) {
    ui.warn(`Address In Use: ${outcome.message}`);
    return { outcome, message: outcome.message };
  }
  const group = outcome.group !== undefined ? await planGroupStop(outcome.group, options) : undefined;
  const holderAction = (h: Holder) => `Stop ${h.name} (pid ${h.pid})`;
  const actions = holders.map(holderAction);
  if (group && !group.refusal) actions.push(groupAction(group));
  const detail = [
    outcome.message,
    ...(group ? ['', group.refusal ? group.message : group.message.replace(/^Stop (.*)\?\n/, 'Its $1:\n')] : []),
  ].join('\n');
  const port = outcome.port!.port;
  const choice = await ui.confirm(`Port ${port} is still held.`, detail, actions);
  if (choice === undefined) {
    ui.warn(`Address In Use: ${outcome.message}`);
    return { outcome, message: outcome.message };
  }
  if (group && choice === groupAction(group)) {
    const next = await signalWithForceOffer(
      `Process group ${group.pgid}`,
      (signal) => stopGroup(group, signal, options),
      ui,
      log,
      `stop process group ${group.pgid} on port ${port}`,
    );
    return finish(next, options, ui, log, round + 1);
  }
  const holder = holders.find((h) => holderAction(h) === choice)!;
  const plan = await planStop(holder.pid, options);
  if (plan.refusal) {
    ui.warn(`Address In Use: ${plan.message}`);
    return { outcome, message: plan.message };
  }
  // The modal that offered it showed its pid and command line: that was the confirmation.
  return stopConfirmed(plan, options, ui, log, round + 1);
}

const groupAction = (g: GroupStopPlan) => `Stop Process Group ${g.pgid}`;
