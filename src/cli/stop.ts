// `address-in-use stop <port[/tcp|/udp]> [--yes]`: the editor's safe stop from a terminal. Shows
// each holder (pid, user, command line) and asks first on a terminal; without one it needs --yes.
// Before each signal the pid's start time and socket are checked again; SIGTERM first, SIGKILL
// only when the process outlives it and the user agrees (or --yes). A port still held afterwards
// is never "done": the holders left (and, on a terminal, their process group) are offered. Never: pid 0/1, other users' processes,
// this command's own ancestors (the shell, the terminal, the editor that runs it).
import type { PortReader, PortReport, StopOutcome, StopPlan, StopSignal } from '../ports/model';
import { createPortReader } from '../ports/readers/create-reader';
import { planStop, stopProcess, type StopOptions } from '../ports/stop';
import { planGroupStop, stopGroup } from '../ports/stop-group';
import type { CliIo } from './io';
import { TOOL_NAME } from './package-info';
import { parsePortArg, portOf } from './port-arg';
import { formatText } from './ports';

const PREFIX = `${TOOL_NAME} stop`;

export const EXIT_STOP = {
  /** Every holder stopped, or nothing held the port (free, or only TIME_WAIT left). */
  done: 0,
  /** A holder is still running: you declined, it outlived SIGKILL's wait, or another process still holds the port. */
  stillRunning: 1,
  /** Bad usage, or a question to ask with no terminal to ask it on and no --yes. */
  usage: 2,
  /** A holder may not be stopped (system process, another user's, an ancestor of this command, hidden). */
  refused: 3,
  /** The sockets could not be read, or a signal could not be sent. */
  failed: 4,
} as const;

export const STOP_USAGE = `Usage: ${PREFIX} <port[/tcp|/udp]> [--yes]

Stops the processes that hold the port, safely: shows each one (pid, user, command line) and
asks before sending SIGTERM, then offers SIGKILL if it is still running 2 s later. Before each
signal the pid's start time and its socket are checked again (pids are reused); a process
that changed is not signalled. When the port is still held afterwards (a wrapper's child, a
respawn) the holders left are named and offered, and so is their process group when it is
safe to stop (asked only on a terminal). Never stopped: pid 0 and 1, other users' processes,
and this command's own ancestors (your shell, terminal or editor).
  --yes   answer yes to every question (for scripts; required when stdin is not a terminal)

Exit status: 0 stopped (or nothing held the port: free, or only TIME_WAIT sockets left);
1 a holder is still running (you declined, it outlived SIGKILL, or the port is still held by
another process); 2 bad usage, or stdin is
not a terminal and --yes was not given; 3 a holder may not be stopped (refused, see the
message); 4 the system's sockets could not be read or a signal could not be sent.
`;

export interface StopCommandOptions {
  reader?: PortReader;
  /** Asks a yes/no question; default: on the terminal when stdin is one, else undefined (no way to ask). */
  ask?: (question: string) => Promise<boolean>;
  /** The stop's wait after each signal (ms); default 2000. */
  waitMs?: number;
}

function terminalAsk(): ((question: string) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    // Loaded only to ask: readline and its streams cost a stop that needs no question its start.
    const readline = await import('node:readline/promises');
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
}

function refusalText(plan: StopPlan): string {
  // The core says "editor" for its own process tree; from a terminal that tree is the caller's.
  if (plan.refusal === 'editor-process') {
    return `Process ${plan.pid} (${plan.name}) runs this command (your shell, terminal or editor is one of its ancestors); stopping it would end this session.`;
  }
  return plan.message;
}

export async function runStopCommand(argv: readonly string[], io: CliIo, options: StopCommandOptions = {}): Promise<number> {
  let yes = false;
  const ports: string[] = [];
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      io.stdout(STOP_USAGE);
      return 0;
    }
    if (arg === '--yes' || arg === '-y') yes = true;
    else if (arg.startsWith('-')) return usage(io, `unknown option '${arg}'`);
    else ports.push(arg);
  }
  if (ports.length !== 1) return usage(io, ports.length === 0 ? 'which port? e.g. 3000 or 5353/udp' : 'one port at a time');
  const query = parsePortArg(ports[0]);
  if (!query) return usage(io, `not a port: '${ports[0]}' (expected 1-65535, optionally with /tcp or /udp)`);

  const reader = options.reader ?? createPortReader(process.platform, { syncIo: true });
  let report: PortReport;
  try {
    [report] = await reader.lookup([query]);
  } catch (e) {
    io.stderr(`${PREFIX}: could not read the system's sockets: ${(e as Error).message}\n`);
    return EXIT_STOP.failed;
  }
  const port = portOf(query);
  if (report.status === 'free' || report.status === 'time-wait') {
    io.stdout(formatText(report, [], io.cwd));
    io.stdout(
      report.status === 'free'
        ? `Nothing to stop: port ${port} is free.\n`
        : `Nothing to stop: no process holds port ${port}; only TIME_WAIT sockets are left (\`${TOOL_NAME} run --wait -- <command>\` restarts once they expire).\n`,
    );
    return EXIT_STOP.done;
  }
  if (report.holders.length === 0) {
    io.stderr(formatText(report, [], io.cwd));
    io.stderr(
      `${PREFIX}: the process holding port ${port} cannot be seen from here (another user's, or another network namespace); nothing was sent.\n`,
    );
    return EXIT_STOP.refused;
  }

  const plans = await Promise.all(
    report.holders.map((h) => planStop(h.pid, { port, protocol: report.protocol, reader, waitMs: options.waitMs })),
  );
  const ask = yes ? () => Promise.resolve(true) : (options.ask ?? terminalAsk());
  if (!ask && plans.some((p) => !p.refusal)) {
    io.stderr(formatText(report, [], io.cwd));
    io.stderr(
      `${PREFIX}: stdin is not a terminal, so I cannot ask before stopping; nothing was sent. Pass --yes to stop without asking.\n`,
    );
    return EXIT_STOP.usage;
  }

  let status: number = EXIT_STOP.done;
  const worse = (s: number) => {
    // The most serious outcome decides: failed > refused > still running > done.
    const order: number[] = [EXIT_STOP.done, EXIT_STOP.stillRunning, EXIT_STOP.refused, EXIT_STOP.failed];
    if (order.indexOf(s) > order.indexOf(status)) status = s;
  };
  const stopOpts: StopOptions = { port, protocol: report.protocol, reader, waitMs: options.waitMs };
  // Holders still to come in this loop: a follow-up offer does not ask about them twice.
  const pending = new Set(plans.map((p) => p.pid));

  /** SIGTERM, then SIGKILL only if the target outlives the wait and the user agrees again. */
  const signalWithKillOffer = async (what: string, send: (signal: StopSignal) => Promise<StopOutcome>) => {
    const outcome = await send('SIGTERM');
    if (outcome.result !== 'still-running') return outcome;
    io.stdout(`${outcome.message}\n`);
    return (await ask!(`Send SIGKILL to ${what}?`)) ? send('SIGKILL') : undefined;
  };

  const stopOne = async (plan: StopPlan, round: number): Promise<void> => {
    pending.delete(plan.pid);
    if (plan.refusal) {
      io.stderr(`${PREFIX}: ${refusalText(plan)}\n`);
      worse(plan.refusal === 'not-found' ? EXIT_STOP.done : EXIT_STOP.refused);
      return;
    }
    if (!(await ask!(plan.message))) {
      io.stdout(`Process ${plan.pid} left running.\n`);
      worse(EXIT_STOP.stillRunning);
      return;
    }
    const outcome = await signalWithKillOffer(`process ${plan.pid} (${plan.name})`, (signal) =>
      stopProcess(plan, signal, stopOpts),
    );
    if (!outcome) {
      io.stdout(`Process ${plan.pid} left running.\n`);
      worse(EXIT_STOP.stillRunning);
      return;
    }
    await reportOutcome(outcome, round);
  };

  const reportOutcome = async (outcome: StopOutcome, round: number): Promise<void> => {
    const line = `${outcome.message}\n`;
    switch (outcome.result) {
      case 'stopped':
        io.stdout(line);
        break;
      case 'still-running':
        io.stderr(line);
        worse(EXIT_STOP.stillRunning);
        break;
      case 'refused':
        io.stderr(line);
        worse(outcome.refusal === 'not-found' || outcome.refusal === 'not-holder' ? EXIT_STOP.done : EXIT_STOP.refused);
        break;
      case 'failed':
        io.stderr(line);
        worse(EXIT_STOP.failed);
        break;
      case 'port-still-held':
        io.stderr(line);
        await followUp(outcome, round);
        return;
    }
    // Whatever happened to this process, a port that someone else still holds is not done.
    const after = outcome.port?.status;
    if (after === 'listening' || after === 'bound' || after === 'owner-hidden') worse(EXIT_STOP.stillRunning);
  };

  /**
   * The port is still held after a stop (a wrapper's child, a respawn): offer the process group
   * they share (interactively only: --yes frees the port by stopping the holders themselves,
   * never a group whose other members nobody looked at), else each remaining holder. Bounded:
   * a supervisor that respawns forever gets MAX_FOLLOW_UPS rounds.
   */
  const followUp = async (outcome: StopOutcome, round: number): Promise<void> => {
    const left = (outcome.port?.holders ?? []).filter((h) => !pending.has(h.pid));
    if (left.length === 0 || round >= MAX_FOLLOW_UPS) {
      // Nothing to offer (hidden, or holders this loop asks about next), or enough rounds.
      if (left.length > 0 || (outcome.port?.holders.length ?? 0) === 0) worse(EXIT_STOP.stillRunning);
      return;
    }
    if (outcome.group !== undefined && !yes) {
      const group = await planGroupStop(outcome.group, stopOpts);
      if (group.refusal) {
        io.stderr(`${PREFIX}: ${group.message}\n`);
      } else if (await ask!(group.message.replace(/^Stop process group (\d+)/, 'Stop its whole process group $1'))) {
        const next = await signalWithKillOffer(`process group ${group.pgid}`, (signal) => stopGroup(group, signal, stopOpts));
        if (!next) {
          io.stdout(`Process group ${group.pgid} left running.\n`);
          worse(EXIT_STOP.stillRunning);
          return;
        }
        await reportOutcome(next, round + 1);
        return;
      }
    }
    for (const h of left) {
      await stopOne(await planStop(h.pid, stopOpts), round + 1);
    }
  };

  for (const plan of plans) {
    if (!pending.has(plan.pid)) continue;
    await stopOne(plan, 0);
  }
  return status;
}

/** Follow-up rounds after a stop that left the port held: a wrapper and its child, bounded against endless respawns. */
const MAX_FOLLOW_UPS = 3;

function usage(io: CliIo, error: string): number {
  io.stderr(`${PREFIX}: ${error}\nRun '${PREFIX} --help' for usage.\n`);
  return EXIT_STOP.usage;
}
