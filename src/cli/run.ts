// `address-in-use run [--wait] [--timeout S] [--port N] -- <command...>`: runs the command, and when
// it fails with "Address already in use" says who holds the port (or when its TIME_WAIT expires);
// with --wait, waits until the port is free (bounded, Ctrl+C ends the wait) and runs it once more.
// The exit status is the command's own (the second run's after a wait).
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import type { WorkspacePort } from '../ports/discovery';
import type { PortReader, PortReport } from '../ports/model';
import { createPortReader } from '../ports/readers/create-reader';
import { OutputTail, recogniseBindFailure } from '../ports/restart/bind-failure';
import { type FailureDiagnosis, diagnoseBindFailure, queryOf } from '../ports/restart/diagnose';
import { EVIDENCE_LABEL, type FailedPort } from '../ports/restart/failed-port';
import { waitUntilFree } from '../ports/restart/wait-for-port';
import type { CliIo } from './io';
import { TOOL_NAME } from './package-info';
import { parsePortArg, portOf } from './port-arg';
import { formatText } from './ports';

const PREFIX = `${TOOL_NAME} run`;
const DEFAULT_TIMEOUT_S = 120;
/** Our own failures, before the command ran: like a shell's. */
const EXIT_USAGE = 2;
const EXIT_NOT_EXECUTABLE = 126;
const EXIT_NOT_FOUND = 127;

export const RUN_USAGE = `Usage: ${PREFIX} [--wait] [--timeout SECONDS] [--port N[/tcp|/udp]] -- <command> [args...]

Runs the command (its output passes through). When it fails with "Address already in use",
says which port (and how that is known: named in the message, from the command line, from
the program's source, or the workspace's only port) and who holds it: the process (pid,
user, command line) or the TIME_WAIT sockets left and when they expire.
  --wait             then wait until the port is free and run the command once more
  --timeout SECONDS  the longest wait (default ${DEFAULT_TIMEOUT_S}); Ctrl+C ends the wait
  --port N           the port the command uses, when its message does not name it

Exit status: the command's own (the second run's after --wait); 2 bad usage; 126 the command
cannot be executed; 127 the command was not found.
`;

export interface RunCommandOptions {
  reader?: PortReader;
  /** The workspace's ports, for a failure that names none (the last resort). */
  discover?: (dir: string) => Promise<readonly WorkspacePort[]>;
  /** Calls `onInterrupt` on Ctrl+C while waiting; returns the unsubscribe. Default: SIGINT. */
  onInterrupt?: (onInterrupt: () => void) => () => void;
  pollMs?: number;
}

interface RunArgs {
  wait: boolean;
  timeoutS: number;
  port?: FailedPort;
  command: string[];
}

function parseArgs(argv: readonly string[]): RunArgs | { error: string } | 'help' {
  const args: RunArgs = { wait: false, timeoutS: DEFAULT_TIMEOUT_S, command: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.command = argv.slice(i + 1);
      break;
    }
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--wait') {
      args.wait = true;
      continue;
    }
    const eq = /^(--timeout|--port)=(.*)$/.exec(arg);
    const name = eq ? eq[1] : arg;
    if (name === '--timeout' || name === '--port') {
      const value = eq ? eq[2] : argv[++i];
      if (value === undefined) return { error: `${name} needs a value` };
      if (name === '--timeout') {
        const s = Number(value);
        if (!/^\d+(?:\.\d+)?$/.test(value) || s <= 0) return { error: `--timeout expects seconds > 0, not '${value}'` };
        args.timeoutS = s;
      } else {
        const q = parsePortArg(value);
        if (!q) return { error: `not a port: '${value}' (expected 1-65535, optionally with /tcp or /udp)` };
        args.port = {
          port: portOf(q),
          ...(typeof q === 'number' ? {} : { protocol: q.protocol as 'tcp' | 'udp' }),
          evidence: 'command-line',
          detail: `--port ${value}`,
        };
      }
      continue;
    }
    if (arg.startsWith('-')) return { error: `unknown option '${arg}'` };
    // The command starts at the first word that is not ours (`--` is clearer, but not required).
    args.command = argv.slice(i);
    break;
  }
  if (args.command.length === 0) return { error: 'no command given: put it after --' };
  return args;
}

interface RunOutcome {
  status: number;
  output: string;
}

/** Runs the command once with its output passed through and kept (the tail) for the scan. */
function runOnce(command: readonly string[], io: CliIo): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const tail = new OutputTail();
    const child = spawn(command[0], command.slice(1), { cwd: io.cwd, stdio: ['inherit', 'pipe', 'pipe'] });
    // Ctrl+C while the command runs is the command's to handle (the terminal sends it to both of us).
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    const forwardTerm = () => child.kill('SIGTERM');
    process.on('SIGTERM', forwardTerm);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      tail.push(s);
      io.stdout(s);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      tail.push(s);
      io.stderr(s);
    });
    const done = (status: number) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forwardTerm);
      resolve({ status, output: tail.value });
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      io.stderr(`${PREFIX}: cannot run '${command[0]}': ${e.message}\n`);
      done(e.code === 'ENOENT' ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE);
    });
    child.on('close', (code, signal) => {
      // A signal's death as a shell reports it: 128 + the signal's number.
      done(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

function describeReport(r: PortReport, cwd: string): string {
  return formatText(r, [], cwd)
    .split('\n')
    .filter(Boolean)
    .map((l) => `  ${l}\n`)
    .join('');
}

function tellDiagnosis(d: FailureDiagnosis, io: CliIo): void {
  io.stderr(`${PREFIX}: the command failed with "Address already in use" (${d.failure.runtime}): ${d.failure.line}\n`);
  if (d.failure.socketPath) {
    io.stderr(`  the socket file ${d.failure.socketPath} exists: if nobody listens on it, delete it and run again\n`);
    return;
  }
  if (!d.port) {
    io.stderr(`  ${d.why ?? 'The port is unknown.'} Give it with --port N.\n`);
    return;
  }
  io.stderr(`  port ${d.port.port}: ${EVIDENCE_LABEL[d.port.evidence]} (${d.port.detail})\n`);
  if (d.lookupError) io.stderr(`  could not read the system's sockets: ${d.lookupError}\n`);
  if (d.report) {
    io.stderr(
      d.report.status === 'free'
        ? `  port ${d.port.port} is free now (it was taken a moment ago)\n`
        : describeReport(d.report, io.cwd),
    );
  }
}

function defaultInterrupt(onInterrupt: () => void): () => void {
  process.on('SIGINT', onInterrupt);
  return () => process.off('SIGINT', onInterrupt);
}

export async function runRunCommand(argv: readonly string[], io: CliIo, options: RunCommandOptions = {}): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    io.stdout(RUN_USAGE);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`${PREFIX}: ${parsed.error}\nRun '${PREFIX} --help' for usage.\n`);
    return EXIT_USAGE;
  }

  const first = await runOnce(parsed.command, io);
  if (first.status === 0 || first.status === EXIT_NOT_FOUND) return first.status;
  const failure = recogniseBindFailure(first.output);
  if (!failure) return first.status;

  const reader = options.reader ?? createPortReader(process.platform, { syncIo: true });
  let workspacePorts: number[] | undefined;
  if (!parsed.port && failure.port === undefined && options.discover) {
    try {
      workspacePorts = (await options.discover(io.cwd)).map((p) => p.port);
    } catch {
      workspacePorts = undefined; // no workspace evidence: the other evidence still counts
    }
  }
  const diagnosis = await diagnoseBindFailure(failure, reader, {
    command: parsed.command,
    cwd: io.cwd,
    workspacePorts,
    port: parsed.port,
  });
  tellDiagnosis(diagnosis, io);

  const port = diagnosis.port;
  if (!port) return first.status;
  if (!parsed.wait) {
    if (diagnosis.report?.status === 'time-wait') {
      io.stderr(`  ${PREFIX} --wait -- ... runs it again once the port is free\n`);
    }
    return first.status;
  }

  const tw = diagnosis.report?.timeWait;
  const expiry =
    diagnosis.report?.status === 'time-wait' && tw
      ? `TIME_WAIT expires in ${tw.estimated ? 'at most ' : ''}${tw.remainingSeconds} s; `
      : '';
  const controller = new AbortController();
  const unsubscribe = (options.onInterrupt ?? defaultInterrupt)(() => controller.abort());
  io.stderr(
    `${PREFIX}: waiting for port ${port.port} to be free (${expiry}at most ${parsed.timeoutS} s; Ctrl+C ends the wait)\n`,
  );
  let waited;
  try {
    waited = await waitUntilFree(reader, queryOf(port), {
      timeoutMs: parsed.timeoutS * 1000,
      pollMs: options.pollMs,
      signal: controller.signal,
    });
  } finally {
    unsubscribe();
  }
  if (waited.result === 'cancelled') {
    io.stderr(`${PREFIX}: wait ended (Ctrl+C); the command was not run again\n`);
    return first.status;
  }
  if (waited.result === 'timeout') {
    io.stderr(`${PREFIX}: port ${port.port} is still taken after ${parsed.timeoutS} s; the command was not run again\n`);
    if (waited.report) io.stderr(describeReport(waited.report, io.cwd));
    return first.status;
  }
  io.stderr(`${PREFIX}: port ${port.port} is free: running the command again\n`);
  return (await runOnce(parsed.command, io)).status;
}
