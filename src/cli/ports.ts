// `address-in-use ports [--format text|json] [port[/tcp|/udp]...]`: the CLI front end of the port reader.
//
// Exit status: 0 every port looked up is free; 1 at least one is held (listening, bound, owner
// hidden, or TIME_WAIT sockets that block a bind without SO_REUSEADDR); 2 bad usage, or no port
// given and none found in the folder; 3 the system could not be read.

import { createPortReader } from '../ports/readers/create-reader';
import type { PortSource, WorkspacePort } from '../ports/discovery';
import type { PortQuery, PortReader, PortReport, Protocol } from '../ports/model';
import type { CliIo } from './io';
import { TOOL_NAME } from './package-info';
import { displayPath } from './report';

export interface PortsCommandOptions {
  /** Workspace ports of a folder (the discovery module); needed when no port is given. */
  discover?: (dir: string) => Promise<readonly WorkspacePort[]>;
  /** Default: createPortReader(). */
  reader?: PortReader;
}

/** How messages start, like check's: `address-in-use ports: ...`. */
const PREFIX = `${TOOL_NAME} ports`;

export const PORTS_USAGE = `Usage: ${PREFIX} [--format text|json] [port[/tcp|/udp]...]

Shows who holds each port: the processes (pid, user, command line), or that nobody
listens and TIME_WAIT sockets expire in N seconds. Without ports: the ports the current
folder's code and configuration use (.env, package.json scripts, launch.json, compose files).

JSON: {"ports":[{"port","protocol","address","state","holders":[{"pid","command","user",
"startTime"}],"timeWait":{"count","remainingSeconds"},"sources":[...]}]}
  address    the local addresses holding the port, comma-separated ("" when none)
  state      listening | bound | time-wait | owner-hidden | free
  startTime  ms since the epoch (null when the platform does not tell)
  timeWait   null when there are no TIME_WAIT sockets
  sources    where the folder uses the port ({file, line (0-based), ...}); [] for ports given

Exit status: 0 every port free, 1 some port held (or only in TIME_WAIT), 2 bad usage or
no ports known, 3 the system's sockets could not be read.
`;

interface ParsedArgs {
  format: 'text' | 'json';
  queries: PortQuery[];
}

function parseArgs(argv: readonly string[]): ParsedArgs | { error: string } | 'help' {
  let format: 'text' | 'json' = 'text';
  const queries: PortQuery[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      return 'help';
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'json') {
        return { error: `--format expects text or json, not '${value ?? ''}'` };
      }
      format = value;
      continue;
    }
    if (arg.startsWith('-')) {
      return { error: `unknown option '${arg}'` };
    }
    const m = /^(\d{1,5})(?:\/(tcp|udp))?$/i.exec(arg);
    const port = m ? Number(m[1]) : NaN;
    if (!m || port < 1 || port > 65535) {
      return { error: `not a port: '${arg}' (expected 1-65535, optionally with /tcp or /udp)` };
    }
    queries.push(m[2] ? { port, protocol: m[2].toLowerCase() as Protocol } : port);
  }
  return { format, queries };
}

export async function runPortsCommand(argv: readonly string[], io: CliIo, options: PortsCommandOptions = {}): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    io.stdout(PORTS_USAGE);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`${PREFIX}: ${parsed.error}\nRun '${PREFIX} --help' for usage.\n`);
    return 2;
  }

  let queries = parsed.queries;
  let sources: (readonly PortSource[])[] = queries.map(() => []);
  if (queries.length === 0) {
    if (!options.discover) {
      io.stderr(`${PREFIX}: no port given, and finding the folder's ports is not available here; give port numbers.\n`);
      return 2;
    }
    let found: readonly WorkspacePort[];
    try {
      found = await options.discover(io.cwd);
    } catch (e) {
      io.stderr(`${PREFIX}: could not find the ports of ${io.cwd}: ${(e as Error).message}\n`);
      return 3;
    }
    if (found.length === 0) {
      io.stderr(
        `${PREFIX}: no ports found in ${io.cwd} (code, .env, package.json scripts, launch.json, compose files); give port numbers, e.g. ${PREFIX} 3000\n`,
      );
      return 2;
    }
    queries = found.map((d) => (d.protocol ? { port: d.port, protocol: d.protocol } : d.port));
    sources = found.map((d) => d.sources);
  }

  let reports: PortReport[];
  try {
    reports = await (options.reader ?? createPortReader(process.platform, { syncIo: true })).lookup(queries);
  } catch (e) {
    io.stderr(`${PREFIX}: could not read the system's sockets: ${(e as Error).message}\n`);
    return 3;
  }

  if (parsed.format === 'json') {
    io.stdout(`${JSON.stringify({ ports: reports.map((r, i) => toJson(r, sources[i])) }, null, 2)}\n`);
  } else {
    io.stdout(reports.map((r, i) => formatText(r, sources[i], io.cwd)).join(''));
  }
  return reports.every((r) => r.status === 'free') ? 0 : 1;
}

export function toJson(r: PortReport, sources: readonly PortSource[]) {
  return {
    port: r.port,
    protocol: r.protocol,
    address: r.addresses.join(', '),
    state: r.status,
    holders: r.holders.map((h) => ({ pid: h.pid, command: h.command, user: h.user, startTime: h.startTime ?? null })),
    timeWait: r.timeWait ? { count: r.timeWait.count, remainingSeconds: r.timeWait.remainingSeconds } : null,
    sources,
  };
}

/** A few lines per port, for people. */
export function formatText(r: PortReport, sources: readonly PortSource[], cwd: string): string {
  const head = `${r.port}/${r.protocol}`.padEnd(10);
  const lines: string[] = [];
  switch (r.status) {
    case 'free':
      lines.push(`${head} free`);
      break;
    case 'time-wait': {
      const tw = r.timeWait!;
      const about = tw.estimated ? 'at most ' : '';
      lines.push(
        `${head} TIME_WAIT: nobody listens; ${tw.count} socket${tw.count === 1 ? '' : 's'} expire in ${about}${tw.remainingSeconds} s (${tw.bindsAcross ? 'on Windows a restart binds across them, unless it sets SO_EXCLUSIVEADDRUSE' : 'a server that sets SO_REUSEADDR binds now'})`,
      );
      break;
    }
    case 'owner-hidden':
      // Without a listener the holding sockets are connections left on the port: bound, not listening.
      lines.push(
        `${head} ${r.sockets.some((x) => x.state === 'LISTEN') ? 'listening' : 'bound'} on ${r.addresses.join(', ')}, by a process hidden from this user (try with more privileges)`,
      );
      break;
    default:
      lines.push(
        `${head} ${r.status} on ${r.addresses.join(', ')}${r.ownerHidden ? ' (and by a process hidden from this user)' : ''}`,
      );
  }
  for (const h of r.holders) {
    const started =
      h.startTime !== undefined ? `, started ${new Date(h.startTime).toISOString().replace('T', ' ').slice(0, 19)}` : '';
    const user = h.user ? ` ${h.user}` : '';
    lines.push(`  pid ${h.pid}${user}${started}: ${h.command}`);
    if (h.kindNote) {
      lines.push(`    ${h.kindNote}`);
    }
  }
  for (const s of sources) {
    // Paths as `check` prints them: relative inside the current folder, else absolute.
    lines.push(s.file ? `  used at ${displayPath(cwd, s.file)}:${s.line + 1}` : '  set in the setting addressInUse.ports');
  }
  return lines.map((l) => `${l}\n`).join('');
}
