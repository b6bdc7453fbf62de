// Stopping a whole process group (Linux), offered only after a stop left the port held by a
// process in the same group as the one stopped: a wrapper (`sh -c`, `npm run`, nodemon) whose
// child outlived it or was respawned by it.
//
// Why a stop never targets the group by itself: the group is not what the user saw. The
// confirmation shows one pid and its command line; its group may hold processes that are not
// on screen (a script's other jobs, a task runner's other servers), and a process started
// without job control shares the group of whatever started it: every child the extension host
// spawns is in the extension host's group, so a group signal there would close the editor. So
// the group is a second, explicit choice that lists its members, and is refused outright when
// any member may not be stopped (system, this editor's tree or this command's ancestors,
// another user's). Before each signal the members are read again: the group must still hold at
// least one confirmed member with its start time (a pgid is not reused while any member lives),
// and a member that joined since is checked like the others.

import type { GroupStopPlan, StopOutcome, StopSignal } from './model';
import { ProcFs } from './readers/procfs';
import { editorProcesses, probeProcess, refusalFor, withPortCheck, type ProcessProbe, type StopOptions } from './stop';

const DEFAULT_WAIT_MS = 2000;
const POLL_MS = 50;

const WHY: Record<string, string> = {
  'system-process': 'part of the operating system',
  'editor-process': "this editor's own process (or an ancestor of this command)",
  'other-user': "another user's process",
};

/** The members of process group `pgid` and whether the group may be stopped. Never sends anything. */
export async function planGroupStop(pgid: number, opts: StopOptions = {}): Promise<GroupStopPlan> {
  const platform = opts.platform ?? process.platform;
  const base = { pgid, port: opts.port, protocol: opts.protocol, members: [] };
  if (platform !== 'linux') {
    return { ...base, refusal: 'unsupported', message: 'Stopping a process group is supported on Linux only.' };
  }
  if (!Number.isInteger(pgid) || pgid <= 1) {
    return { ...base, refusal: 'system-process', message: `Process group ${pgid} is the system's; it is never stopped.` };
  }
  const members = await groupMembers(pgid, opts);
  if (members.length === 0) {
    return { ...base, refusal: 'not-found', message: `Process group ${pgid} has no processes left.` };
  }
  const editorPids = new Set([...(await editorProcesses(platform, opts.deps, opts.reader)), ...(opts.editorPids ?? [])]);
  const plan: GroupStopPlan = {
    ...base,
    members: members.map((m) => ({ pid: m.pid, name: m.name, command: m.command, user: m.user, startTime: m.startTime })),
    message: '',
  };
  const refused = refusedMember(members, platform, editorPids);
  if (refused) {
    plan.refusal = refused.reason;
    plan.message = `Process group ${pgid} includes process ${refused.member.pid} (${refused.member.name}), ${WHY[refused.reason]}; the group is not stopped.`;
    return plan;
  }
  const n = members.length;
  plan.message = `Stop process group ${pgid} (${n} process${n === 1 ? '' : 'es'})?\n${members
    .map((m) => `pid ${m.pid} (${m.user || 'unknown user'}): ${m.command}`)
    .join('\n')}`;
  return plan;
}

/**
 * Sends `signal` to the group if it is still the one confirmed, waits up to `waitMs` for every
 * member to exit, then checks the plan's port. As stopProcess: 'still-running' after SIGTERM
 * means the UI offers SIGKILL (a second call with the same plan), never sends it by itself.
 */
export async function stopGroup(plan: GroupStopPlan, signal: StopSignal, opts: StopOptions = {}): Promise<StopOutcome> {
  const platform = opts.platform ?? process.platform;
  if (plan.refusal) {
    return { result: 'refused', signal, refusal: plan.refusal, message: plan.message };
  }
  const now = await groupMembers(plan.pgid, opts);
  const confirmed = now.filter((m) => plan.members.some((c) => c.pid === m.pid && c.startTime === m.startTime));
  if (confirmed.length === 0) {
    return withPortCheck(
      {
        result: 'refused',
        signal,
        refusal: 'not-found',
        message: `Process group ${plan.pgid} has ended (none of its processes is left); nothing was sent.`,
      },
      plan,
      opts,
    );
  }
  const editorPids = new Set([...(await editorProcesses(platform, opts.deps, opts.reader)), ...(opts.editorPids ?? [])]);
  const refused = refusedMember(now, platform, editorPids);
  if (refused) {
    return {
      result: 'refused',
      signal,
      refusal: refused.reason,
      message: `Process group ${plan.pgid} now includes process ${refused.member.pid} (${refused.member.name}), ${WHY[refused.reason]}; nothing was sent.`,
    };
  }
  try {
    process.kill(-plan.pgid, signal);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ESRCH') {
      return withPortCheck(
        { result: 'refused', signal, refusal: 'not-found', message: `Process group ${plan.pgid} has ended; nothing was sent.` },
        plan,
        opts,
      );
    }
    return { result: 'failed', signal, message: `Could not send ${signal} to process group ${plan.pgid}: ${err.message}` };
  }
  const waitMs = opts.waitMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + waitMs;
  let left: ProcessProbe[];
  for (;;) {
    left = await groupMembers(plan.pgid, opts);
    if (left.length === 0) {
      return withPortCheck({ result: 'stopped', signal, message: `Process group ${plan.pgid} stopped.` }, plan, opts);
    }
    if (Date.now() >= deadline) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const next = signal === 'SIGTERM' ? ' Send SIGKILL to force them?' : '';
  const who = left.map((m) => `${m.name} (pid ${m.pid})`).join(', ');
  return {
    result: 'still-running',
    signal,
    message: `Process group ${plan.pgid} is still running ${(waitMs / 1000).toFixed(waitMs % 1000 ? 1 : 0)} s after ${signal}: ${who}.${next}`,
  };
}

/** Live members of the group (zombies excluded), by pid. */
async function groupMembers(pgid: number, opts: StopOptions): Promise<ProcessProbe[]> {
  const proc = new ProcFs(opts.deps?.procRoot, opts.deps?.passwdPath);
  let pids: number[];
  try {
    pids = await proc.pids();
  } catch {
    return [];
  }
  const stats = await Promise.all(pids.map(async (pid) => ({ pid, stat: await proc.stat(pid) })));
  const inGroup = stats.filter((s) => s.stat?.pgrp === pgid).map((s) => s.pid);
  const probes = await Promise.all(inGroup.map((pid) => probeProcess(pid, 'linux', opts.deps)));
  return probes.filter((p): p is ProcessProbe => p !== undefined && p.pgid === pgid);
}

function refusedMember(
  members: readonly ProcessProbe[],
  platform: NodeJS.Platform,
  editorPids: ReadonlySet<number>,
): { member: ProcessProbe; reason: 'system-process' | 'editor-process' | 'other-user' } | undefined {
  for (const member of members) {
    const reason = refusalFor(member, platform, editorPids);
    if (reason === 'system-process' || reason === 'editor-process' || reason === 'other-user') {
      return { member, reason };
    }
  }
  return undefined;
}
