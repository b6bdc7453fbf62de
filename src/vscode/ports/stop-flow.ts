// Stopping the process that holds a port, the safe way (issue 4): a modal with pid, user and
// command line; SIGTERM; up to 2 s for it to exit; then SIGKILL only if the user agrees. The
// core re-checks the pid's start time before each signal and refuses system, editor and other
// users' processes; we show its refusal as it words it. Disabled in untrusted workspaces.
import * as vscode from 'vscode';
import { planStop, stopProcess, type PortReader, type Protocol, type StopOutcome } from '../../ports';
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
  const options = { port: request.port, protocol: request.protocol, reader, editorPids: [process.pid] };
  const plan = await planStop(request.pid, options);
  if (plan.refusal) {
    ui.warn(`Address In Use: ${plan.message}`);
    return { message: plan.message };
  }
  const on = request.port ? ` on port ${request.port}` : '';
  // pid, user and command line once; plus what the holder really is when it is not the server (docker-proxy, sshd).
  const detail = [
    `pid ${plan.pid}${plan.user ? `, user ${plan.user}` : ''}`,
    plan.command,
    ...(plan.kind ? ['', kindNote(plan.kind)] : []),
  ].join('\n');
  if ((await ui.confirm(`Stop the process${on}?`, detail, [STOP_ACTION])) !== STOP_ACTION) {
    return { message: 'cancelled' };
  }
  let outcome = await stopProcess(plan, 'SIGTERM', options);
  log.info(`stop pid ${plan.pid}${on}: SIGTERM -> ${outcome.result}: ${outcome.message}`);
  if (outcome.result === 'still-running') {
    const killDetail = `${outcome.message}\n\nSIGKILL ends it at once: it cannot clean up (temporary files, Unix socket files, child processes).`;
    if ((await ui.confirm(`Process ${plan.pid} is still running after SIGTERM.`, killDetail, [KILL_ACTION])) !== KILL_ACTION) {
      ui.info(`Address In Use: process ${plan.pid} is still running.`);
      return { outcome, message: outcome.message };
    }
    outcome = await stopProcess(plan, 'SIGKILL', options);
    log.info(`stop pid ${plan.pid}${on}: SIGKILL -> ${outcome.result}: ${outcome.message}`);
  }
  if (outcome.result === 'stopped') ui.info(`Address In Use: ${outcome.message}`);
  else ui.warn(`Address In Use: ${outcome.message}`);
  return { outcome, message: outcome.message };
}
