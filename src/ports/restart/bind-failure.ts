// Recognises "Address already in use" in a program's output, across runtimes, and reads what the
// message says about the port (its number, address and protocol), or a Unix socket path.
// Pure text in, data out: the editor's debug/task/terminal watchers and the CLI's `run` share it.
// The patterns come from real messages kept under test/fixtures/restart/messages/.
import type { Protocol } from '../model';
import { isValidPort } from '../sources/source';

/** Which family of message was recognised (what printed it). */
export type BindFailureRuntime =
  | 'node'
  | 'webpack-dev-server'
  | 'go'
  | 'python'
  | 'uvicorn'
  | 'werkzeug'
  | 'vite'
  | 'bun'
  | 'deno'
  | 'rust'
  | 'java'
  | 'spring-boot'
  | 'c'
  | 'windows'
  /** No message was read (a task's output is not readable by extensions): only its exit status and the port's state. */
  | 'unread';

export interface BindFailure {
  runtime: BindFailureRuntime;
  /** The line that says it, trimmed (ANSI colours removed). */
  line: string;
  /** The port the message names; undefined when it names none (C perror, Python's errno, Rust, Deno, Java). */
  port?: number;
  /** The local address the message names ('::', '127.0.0.1', '' for Go's ":8080" = every address). */
  address?: string;
  protocol?: Protocol;
  /** A Unix-domain socket path (Node `listen EADDRINUSE: address already in use /tmp/app.sock`). */
  socketPath?: string;
}

interface Pattern {
  runtime: BindFailureRuntime;
  re: RegExp;
  read?: (m: RegExpExecArray) => Partial<BindFailure>;
}

// Terminal colour and cursor sequences (uvicorn colours "ERROR:", Vite colours everything).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** `127.0.0.1:3000`, `:::3000`, `[::1]:3000`, `:3000` -> address and port; anything else -> undefined. */
export function splitHostPort(text: string): { address: string; port: number } | undefined {
  const m = /^(?:\[([^\]]*)\]|(.*?)):(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (!isValidPort(port)) return undefined;
  return { address: m[1] ?? m[2] ?? '', port };
}

function port(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return isValidPort(n) ? n : undefined;
}

/** Node: `listen EADDRINUSE: address already in use :::3000`, `bind EADDRINUSE 127.0.0.1:5353` (dgram). */
function readNode(m: RegExpExecArray): Partial<BindFailure> {
  const protocol: Protocol = m[1] === 'bind' ? 'udp' : 'tcp';
  const target = m[2];
  if (!target) return { protocol };
  const hp = splitHostPort(target);
  if (hp) return { ...hp, protocol };
  // listen() on a path: a Unix socket (or a Windows pipe); no port.
  return /^[/\\.]|^[A-Za-z]:\\/.test(target) ? { socketPath: target } : { protocol };
}

// Most specific first: a line matched by an earlier pattern is not tried against later ones.
const PATTERNS: readonly Pattern[] = [
  {
    runtime: 'node',
    re: /\b(listen|bind) EADDRINUSE(?:: address already in use)?(?: (\S+))?/,
    read: readNode,
  },
  {
    // Go's net.OpError: `listen tcp 127.0.0.1:8080: bind: address already in use`.
    runtime: 'go',
    re: /\blisten (tcp|udp)[46]? (\S*): bind: address already in use/,
    read: (m) => ({ ...splitHostPort(m[2]), protocol: m[1] as Protocol }),
  },
  {
    // asyncio's create_server (uvicorn, aiohttp): `[Errno 98] error while attempting to bind on
    // address ('127.0.0.1', 8000): address already in use`; Windows says WSAEADDRINUSE's text.
    runtime: 'python',
    re: /error while attempting to bind on address \('([^']*)', (\d{1,5})(?:, \d+, \d+)?\): (?:address already in use|only one usage of each socket address)/i,
    read: (m) => ({ address: m[1], port: port(m[2]), protocol: 'tcp' }),
  },
  {
    runtime: 'werkzeug',
    re: /\bPort (\d{1,5}) is in use by another program\b/,
    read: (m) => ({ port: port(m[1]), protocol: 'tcp' }),
  },
  {
    // Vite with strictPort (without it Vite moves on to the next port: "is in use, trying another one").
    runtime: 'vite',
    re: /\bPort (\d{1,5}) is already in use\b/,
    read: (m) => ({ port: port(m[1]), protocol: 'tcp' }),
  },
  {
    runtime: 'bun',
    re: /\bFailed to start server\. Is port (\d{1,5}) in use\?/,
    read: (m) => ({ port: port(m[1]), protocol: 'tcp' }),
  },
  {
    runtime: 'spring-boot',
    re: /\bWeb server failed to start\. Port (\d{1,5}) was already in use\b/,
    read: (m) => ({ port: port(m[1]), protocol: 'tcp' }),
  },
  { runtime: 'deno', re: /\bAddrInUse: Address already in use\b/ },
  { runtime: 'rust', re: /\bkind: AddrInUse\b|\bAddress already in use \(os error (?:98|48|10048)\)/ },
  { runtime: 'java', re: /\bjava\.net\.BindException: Address already in use\b/ },
  {
    runtime: 'python',
    re: /\b(?:OSError|socket\.error|error): \[(?:Errno (?:98|48)|WinError 10048)\] (?:Address already in use|Only one usage of each socket address)/i,
  },
  {
    runtime: 'windows',
    re: /\bOnly one usage of each socket address \(protocol\/network address\/port\) is normally permitted/i,
  },
  // C perror("bind") / strerror(EADDRINUSE), and anything else that prints the libc text.
  { runtime: 'c', re: /\bAddress already in use\b/ },
];

function refine(runtime: BindFailureRuntime, line: string, text: string): BindFailureRuntime {
  if (runtime === 'node' && /\[webpack-(?:cli|dev-server)\]/.test(text)) return 'webpack-dev-server';
  if (runtime === 'python' && /^ERROR:\s/.test(line)) return 'uvicorn';
  return runtime;
}

/**
 * The first "Address already in use" failure in `output`, or undefined. When several lines say it
 * (a stack trace after the message), the most informative one wins: a line that names the port
 * beats one that does not, and an earlier pattern beats a later one.
 */
export function recogniseBindFailure(output: string): BindFailure | undefined {
  const text = stripAnsi(output);
  let best: { failure: BindFailure; rank: number } | undefined;
  for (const raw of text.split(/\r?\n|\r/)) {
    if (!/in use|EADDRINUSE|AddrInUse|BindException|10048|only one usage/i.test(raw)) continue;
    const line = raw.trim();
    for (let i = 0; i < PATTERNS.length; i++) {
      const p = PATTERNS[i];
      const m = p.re.exec(line);
      if (!m) continue;
      const failure: BindFailure = { runtime: refine(p.runtime, line, text), line, ...clean(p.read?.(m) ?? {}) };
      const rank = (failure.port !== undefined || failure.socketPath ? 0 : 100) + i;
      if (!best || rank < best.rank) best = { failure, rank };
      break;
    }
  }
  return best?.failure;
}

function clean(p: Partial<BindFailure>): Partial<BindFailure> {
  const out: Partial<BindFailure> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Everything said in the message about where it failed, for people: "port 3000 (tcp, ::)". */
export function describeBindFailure(f: BindFailure): string {
  if (f.socketPath) return `socket file ${f.socketPath}`;
  if (f.port === undefined) return 'a port the message does not name';
  const details = [f.protocol, f.address === '' ? 'every address' : f.address].filter(Boolean).join(', ');
  return `port ${f.port}${details ? ` (${details})` : ''}`;
}

/**
 * The last `max` characters of a stream of output chunks: enough for the failure and the stack
 * after it, bounded for a server that prints for hours before it dies.
 */
export class OutputTail {
  private text = '';

  constructor(private readonly max = 64 * 1024) {}

  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.max * 2) this.text = this.text.slice(-this.max);
  }

  get value(): string {
    return this.text.length > this.max ? this.text.slice(-this.max) : this.text;
  }
}
