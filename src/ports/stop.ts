// Stopping the process that holds a port, safely: plan (for the confirmation modal), then signal.
// Every signal is preceded by a check that the pid still names the same process (start time,
// since pids are reused) and, on Linux, that it still has the socket it held on the port (a
// process that exec'd keeps pid and start time); the refusals protect the system, the editor and
// other users. Stopping targets the one pid the user saw, never its process group: see
// stop-group.ts for why, and for the group offered when a member keeps the port.

import { execFileText, ExecFile } from './exec';
import { PortReader, PortReport, Protocol, StopOutcome, StopPlan, StopRefusalReason, StopSignal } from './model';
import { ProcFs } from './readers/procfs';
import { createPortReader, ReaderDeps } from './readers/create-reader';
import { classifyHolder, isSystemPid, kindNote, selfAndParent } from './holder-kind';
import { LinuxPortReader } from './readers/linux-reader';
import { parseTasklistCsv } from './readers/netstat';
import { parsePsLine } from './readers/lsof';
import type { ProcessDetails } from './report';

export interface StopOptions {
  platform?: NodeJS.Platform;
  /** The port the process holds: checked after it exits, and reported in the outcome. */
  port?: number;
  protocol?: Protocol;
  /** Extra pids to refuse as the editor's own. */
  editorPids?: readonly number[];
  /** How long to wait for the process to exit after a signal. Default 2000 ms. */
  waitMs?: number;
  /** Reader used for the after-check of the port; default a new reader for the platform. */
  reader?: PortReader;
  deps?: ReaderDeps;
}

const DEFAULT_WAIT_MS = 2000;
const POLL_MS = 50;

/** What a platform knows about a live process (its cwd is never needed here). */
export type ProcessProbe = Omit<ProcessDetails, 'cwd'> & { pgid?: number };

interface RefusalSubject {
  pid: number;
  user: string;
  name: string;
  port?: number;
  command?: string;
}

const noLongerHolder = (p: RefusalSubject) => (p.port !== undefined ? ` is no longer the holder of port ${p.port}` : '');

const REFUSALS: Record<StopRefusalReason, (p: RefusalSubject) => string> = {
  'system-process': (p) =>
    `Process ${p.pid} (${p.name}) is part of the operating system; stopping it would take the system down with it.`,
  'editor-process': (p) =>
    `Process ${p.pid} (${p.name}) is this editor's own process; stopping it would close the editor. Close the server from where it was started instead.`,
  'other-user': (p) =>
    `Process ${p.pid} (${p.name}) belongs to user ${p.user}, not to you. Stopping other users' processes needs their consent (and privileges); ask them or an administrator.`,
  'not-found': (p) =>
    p.port !== undefined
      ? `Process ${p.pid} has already exited, so it is no longer the holder of port ${p.port}; nothing was sent.`
      : `Process ${p.pid} has already exited.`,
  'pid-reused': (p) =>
    `Process ${p.pid}${noLongerHolder(p) || ' is no longer the one that held the port'}: the pid now belongs to another process (${p.name}). Nothing was sent.`,
  'not-holder': (p) =>
    `Process ${p.pid}${noLongerHolder(p) || ' no longer holds the port'}: it still runs (${p.command ?? p.name}) but no longer has the socket it held there. Nothing was sent.`,
  unsupported: () => 'Stopping processes is not supported on this platform.',
};

/** Reads the process and decides whether it may be stopped. Never sends anything. */
export async function planStop(pid: number, opts: StopOptions = {}): Promise<StopPlan> {
  const platform = opts.platform ?? process.platform;
  const base = { pid, port: opts.port, protocol: opts.protocol };
  if (isSystemPid(pid, platform)) {
    // Decided by the number alone: pid 0 has no /proc entry, and nothing about it needs reading.
    const name = pid === 4 ? 'System' : pid === 1 ? 'init' : 'kernel';
    return cleanPlan({
      ...base,
      user: '',
      uid: -1,
      command: '',
      name,
      kind: 'system',
      refusal: 'system-process',
      message: REFUSALS['system-process']({ pid, user: '', name }),
    });
  }
  const probe = await probeProcess(pid, platform, opts.deps);
  if (!probe) {
    return {
      ...base,
      user: '',
      uid: -1,
      command: '',
      name: '',
      refusal: 'not-found',
      message: REFUSALS['not-found']({ pid, user: '', name: '' }),
    };
  }
  const editorPids = new Set([...(await editorProcesses(platform, opts.deps, opts.reader)), ...(opts.editorPids ?? [])]);
  const { kind } = classifyHolder(probe, { platform, editorPids });
  const plan: StopPlan = {
    ...base,
    user: probe.user,
    uid: probe.uid,
    command: probe.command,
    name: probe.name,
    startTime: probe.startTime,
    pgid: probe.pgid,
    kind,
    message: '',
  };
  const refusal = refusalFor(plan, platform, editorPids);
  if (refusal) {
    plan.refusal = refusal;
    plan.message = REFUSALS[refusal](plan);
  } else {
    if (platform === 'linux' && opts.port !== undefined) {
      plan.inodes = await heldInodes(plan, opts);
    }
    const why = kind ? ` ${kindNote(kind)}` : '';
    const what =
      opts.port === undefined
        ? ''
        : plan.inodes?.length === 0
          ? ` (it does not hold port ${opts.port} itself)`
          : ` holding port ${opts.port}`;
    plan.message = `Stop process ${pid} of ${probe.user || 'unknown user'}${what}?${why}\n${probe.command}`;
  }
  return cleanPlan(plan);
}

/** Why a process may not be stopped (system, editor, another user's), or undefined. */
export function refusalFor(
  plan: { pid: number; uid: number },
  platform: NodeJS.Platform,
  editorPids: ReadonlySet<number>,
): StopRefusalReason | undefined {
  if (isSystemPid(plan.pid, platform)) {
    return 'system-process';
  }
  if (editorPids.has(plan.pid)) {
    return 'editor-process';
  }
  const me = process.getuid?.();
  if (me !== undefined && plan.uid >= 0 && plan.uid !== me) {
    return 'other-user';
  }
  return undefined;
}

/**
 * Sends `signal` if the plan still holds (allowed, same process), waits up to `waitMs` for the
 * process to exit, then checks the plan's port. SIGTERM that does not end the process within the
 * wait gives 'still-running': the UI then offers SIGKILL (a second call with the same plan).
 */
export async function stopProcess(plan: StopPlan, signal: StopSignal, opts: StopOptions = {}): Promise<StopOutcome> {
  const platform = opts.platform ?? process.platform;
  if (plan.refusal) {
    return { result: 'refused', signal, refusal: plan.refusal, message: plan.message };
  }
  // The identity check, right before the signal: same pid, same start time, same socket.
  const now = await probeProcess(plan.pid, platform, opts.deps);
  const changed = !now
    ? 'not-found'
    : !samePlanProcess(plan, now)
      ? 'pid-reused'
      : (await stillHoldsSocket(plan, platform, opts.deps))
        ? undefined
        : 'not-holder';
  if (changed) {
    const outcome: StopOutcome = {
      result: 'refused',
      signal,
      refusal: changed,
      message: REFUSALS[changed]({
        pid: plan.pid,
        user: now?.user ?? '',
        name: now?.name ?? '',
        command: now?.command,
        port: plan.port,
      }),
    };
    return withPortCheck(outcome, plan, opts);
  }

  try {
    await sendSignal(plan.pid, signal, platform, opts.deps?.execFile);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ESRCH') {
      return withPortCheck({ result: 'refused', signal, refusal: 'not-found', message: REFUSALS['not-found'](plan) }, plan, opts);
    }
    const hint = err.code === 'EPERM' ? ' (permission denied)' : '';
    return { result: 'failed', signal, message: `Could not send ${signal} to process ${plan.pid}${hint}: ${err.message}` };
  }

  const waitMs = opts.waitMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const p = await probeProcess(plan.pid, platform, opts.deps);
    if (!p || !samePlanProcess(plan, p)) {
      return withPortCheck({ result: 'stopped', signal, message: `Process ${plan.pid} stopped.` }, plan, opts);
    }
    if (Date.now() >= deadline) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const next = signal === 'SIGTERM' ? ' Send SIGKILL to force it?' : '';
  return {
    result: 'still-running',
    signal,
    message: `Process ${plan.pid} is still running ${(waitMs / 1000).toFixed(waitMs % 1000 ? 1 : 0)} s after ${signal}.${next}`,
  };
}

/** Windows: `taskkill /PID n /T` (the tree), plus `/F` for the forceful second step. */
export function taskkillArgs(pid: number, signal: StopSignal): string[] {
  const args = ['/PID', String(pid), '/T'];
  if (signal === 'SIGKILL') {
    args.push('/F');
  }
  return args;
}

function samePlanProcess(plan: StopPlan, now: ProcessProbe): boolean {
  // Start time where the platform gives one; Windows: the image name at least.
  if (plan.startTime !== undefined || now.startTime !== undefined) {
    return plan.startTime === now.startTime;
  }
  return plan.name === now.name;
}

/** Linux: the process's sockets on the plan's port now ([] when none; undefined when either side cannot be read). */
async function heldInodes(plan: StopPlan, opts: StopOptions): Promise<number[] | undefined> {
  let report: PortReport;
  try {
    report = await lookupPort(plan, opts);
  } catch {
    return undefined;
  }
  const mine = await new ProcFs(opts.deps?.procRoot, opts.deps?.passwdPath).socketInodes(plan.pid);
  if (!mine || report.ownerHidden) {
    return undefined;
  }
  return report.sockets.map((s) => s.inode).filter((inode) => inode > 0 && mine.has(inode));
}

/** True unless the plan recorded the socket(s) the process held on the port and it has none of them now. */
async function stillHoldsSocket(plan: StopPlan, platform: NodeJS.Platform, deps: ReaderDeps = {}): Promise<boolean> {
  if (platform !== 'linux' || !plan.inodes || plan.inodes.length === 0) {
    return true;
  }
  const now = await new ProcFs(deps.procRoot, deps.passwdPath).socketInodes(plan.pid);
  // Unreadable fds (the process is exiting, hidepid): the start time already matched, so go on.
  return !now || plan.inodes.some((inode) => now.has(inode));
}

function lookupPort(plan: { port?: number; protocol?: Protocol }, opts: StopOptions): Promise<PortReport> {
  const reader = opts.reader ?? createPortReader(opts.platform ?? process.platform, opts.deps);
  return reader.lookup([plan.protocol ? { port: plan.port!, protocol: plan.protocol } : plan.port!]).then(([r]) => r);
}

/**
 * Re-reads the plan's port after a stop (or a refusal) and says how it is. A process that exited
 * while others still hold the port is `port-still-held`, never done: the message names them
 * (pid, command), and `group` is set when one of them is in the stopped process's group.
 */
export async function withPortCheck(
  outcome: StopOutcome,
  plan: { port?: number; protocol?: Protocol; pgid?: number },
  opts: StopOptions,
): Promise<StopOutcome> {
  if (plan.port === undefined) {
    return outcome;
  }
  let report: PortReport;
  try {
    report = await lookupPort(plan, opts);
  } catch (e) {
    return { ...outcome, message: `${outcome.message} Could not check port ${plan.port}: ${(e as Error).message}` };
  }
  const held = report.status === 'listening' || report.status === 'bound' || report.status === 'owner-hidden';
  if (outcome.result !== 'stopped' || !held) {
    return { ...outcome, port: report, message: `${outcome.message} ${describePortAfterStop(report)}` };
  }
  const message = `${outcome.message.replace(/\.$/, '')}, but ${describePortAfterStop(report, true)}`;
  const still: StopOutcome = { ...outcome, result: 'port-still-held', port: report, message };
  if (plan.pgid !== undefined && (opts.platform ?? process.platform) === 'linux') {
    const proc = new ProcFs(opts.deps?.procRoot, opts.deps?.passwdPath);
    const groups = await Promise.all(report.holders.map(async (h) => (await proc.stat(h.pid))?.pgrp));
    if (groups.includes(plan.pgid)) {
      still.group = plan.pgid;
    }
  }
  return still;
}

/** One sentence about the port after the stop; `lower` starts it in lower case (after "but"). */
export function describePortAfterStop(r: PortReport, lower = false): string {
  const p = lower ? 'port' : 'Port';
  switch (r.status) {
    case 'free':
      return `Port ${r.port} is free now.`;
    case 'time-wait':
      return `Port ${r.port} has no listener; ${r.timeWait!.count} TIME_WAIT socket(s) expire in ${r.timeWait!.estimated ? 'at most ' : ''}${r.timeWait!.remainingSeconds} s (a server that sets SO_REUSEADDR can bind now).`;
    case 'owner-hidden':
      return `${p} ${r.port} is still held, by a process that cannot be seen from here.`;
    default: {
      if (r.holders.length === 0) {
        return `${p} ${r.port} is still held, by a process that cannot be seen from here.`;
      }
      const who = r.holders.map((h) => `${h.name} (pid ${h.pid}): ${h.command}`).join('; ');
      return `${p} ${r.port} is still held by ${who}.`;
    }
  }
}

// ---- platform pieces ----

export async function probeProcess(
  pid: number,
  platform: NodeJS.Platform,
  deps: ReaderDeps = {},
): Promise<ProcessProbe | undefined> {
  if (!Number.isInteger(pid) || pid < 0) {
    return undefined;
  }
  const exec: ExecFile = deps.execFile ?? ((f, a) => execFileText(f, a, [0, 1]));
  switch (platform) {
    case 'linux': {
      const proc = new ProcFs(deps.procRoot, deps.passwdPath);
      const stat = await proc.stat(pid);
      if (!stat || ((stat.state === 'Z' || stat.state === 'X') && (await proc.threadCount(pid)) <= 1)) {
        // A zombie leader whose other threads are still exiting still holds its files (sockets).
        return undefined;
      }
      const info = await proc.process(pid, false);
      return (
        info && {
          pid,
          name: info.name,
          command: info.command,
          user: await proc.userName(info.uid),
          uid: info.uid,
          startTime: info.startTime,
          pgid: stat.pgrp,
        }
      );
    }
    case 'darwin': {
      const out = await exec('ps', ['-ww', '-o', 'pid=,uid=,user=,lstart=,command=', '-p', String(pid)]);
      const line = out.split('\n').find((l) => l.trim());
      const p = line ? parsePsLine(line) : undefined;
      return (
        p && {
          pid,
          name: p.command.split(' ')[0].split('/').pop() ?? '',
          command: p.command,
          user: p.user,
          uid: p.uid,
          startTime: p.startTime,
        }
      );
    }
    case 'win32': {
      const out = await exec('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH']);
      const row = parseTasklistCsv(out).find((r) => r.pid === pid);
      return row && { pid, name: row.name, command: row.name, user: '', uid: -1 };
    }
    default:
      return undefined;
  }
}

async function sendSignal(pid: number, signal: StopSignal, platform: NodeJS.Platform, exec?: ExecFile): Promise<void> {
  if (platform === 'win32') {
    await (exec ?? ((f, a) => execFileText(f, a)))('taskkill', taskkillArgs(pid, signal));
    return;
  }
  process.kill(pid, signal);
}

/** This process and its ancestors (Linux: the session's reader knows them already), or this process and its parent elsewhere. */
export async function editorProcesses(
  platform: NodeJS.Platform,
  deps: ReaderDeps = {},
  reader?: PortReader,
): Promise<Set<number>> {
  if (platform === 'linux') {
    return reader?.editorAncestors ? reader.editorAncestors() : new LinuxPortReader(deps).editorAncestors();
  }
  return selfAndParent(deps.selfPid ?? process.pid);
}

function cleanPlan(plan: StopPlan): StopPlan {
  for (const k of Object.keys(plan) as (keyof StopPlan)[]) {
    if (plan[k] === undefined) {
      delete plan[k];
    }
  }
  return plan;
}
