// Which port a failed start wanted, when its "Address already in use" message does not say (C
// perror, Python's errno, Rust, Deno, Java): read from the command line, from the program's source
// (the analyzer's port discovery on the script or the C file the binary is built from), or the
// workspace's only port. Each answer says where it came from; nothing is guessed silently.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type GrammarId, ParserService, grammarForPath } from '../../analysis/parser';
import type { Protocol } from '../model';
import { codePorts } from '../sources/code-ports';
import { isPortKey } from '../sources/env-ports';
import { parsePort } from '../sources/source';
import type { BindFailure } from './bind-failure';
import { splitHostPort } from './bind-failure';

export type PortEvidence = 'message' | 'command-line' | 'source' | 'workspace-only';

/** How sure the answer is, in the words the UI and the CLI show. */
export const EVIDENCE_LABEL: Record<PortEvidence, string> = {
  message: 'named in the message',
  'command-line': 'from the command line',
  source: "from the program's source",
  'workspace-only': "the workspace's only port",
};

export interface FailedPort {
  port: number;
  protocol?: Protocol;
  evidence: PortEvidence;
  /** For people: where exactly, e.g. "--port 3000", "server.js:12", "PORT=3000 in the environment". */
  detail: string;
  /** The source file and 0-based line, for evidence 'source'. */
  file?: string;
  line?: number;
}

export interface PortInference {
  /** The answer, when one place names one port. */
  port?: FailedPort;
  /**
   * Several ports at the best level of evidence (a command line with two ports, a program that
   * binds two): the caller may narrow them (e.g. to the one that is held now); never picked here.
   */
  candidates: FailedPort[];
  /** For people, when there is no answer: what was looked at. */
  why?: string;
}

export interface InferOptions {
  /** The command as argv, or as one shell line (a terminal's command line). */
  command?: string | readonly string[];
  /** Variables set for this command only (a launch configuration's `env`, a task's `options.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the command runs: relative script paths resolve here. */
  cwd?: string;
  /** The workspace's ports (discovery); one port alone is an answer of the last resort. */
  workspacePorts?: readonly number[];
  /** Ports a code file binds, with lines; default: the analyzer's port discovery. */
  sourcePorts?: (file: string) => Promise<{ port: number; protocol?: Protocol; line: number }[]>;
}

/** Splits a shell command line into words: quotes and backslashes as sh reads them, no expansion. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c) || c === ';' || c === '&' || c === '|') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

// `--port`, `--http-port`, `-port`, `--server.port` (Spring), `-p`.
const PORT_FLAG = /^--?(?:[\w-]*[.-])?port$/i;
// Flags whose value is `[host]:port`: gunicorn `-b`, `--bind`, Go's `-addr :8080`, `php -S host:port`.
const ADDRESS_FLAG = /^(?:-b|--bind|--listen|-l|--addr|-addr|--address|-S|--host)$/;

interface Found {
  port: number;
  detail: string;
}

/** Ports the words of a command line name, in order. */
export function commandLinePorts(words: readonly string[]): Found[] {
  const out: Found[] = [];
  const flagged: Found[] = [];
  let programSeen = false;
  const positional: Found[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=["']?(\d{1,5})["']?$/.exec(w);
    if (assign && isPortKey(assign[1])) {
      const port = parsePort(assign[2]);
      if (port !== undefined) flagged.push({ port, detail: w });
      continue;
    }
    const eq = /^(--?[\w.-]+)=(.*)$/.exec(w);
    const flag = eq ? eq[1] : w;
    const value = eq ? eq[2] : words[i + 1];
    if ((PORT_FLAG.test(flag) || flag === '-p') && value !== undefined) {
      // docker's `-p 8080:80` publishes host port 8080.
      const m = /^(?:\d{1,3}(?:\.\d{1,3}){3}:)?(\d{1,5})(?::\d{1,5})?(?:\/(?:tcp|udp))?$/.exec(value);
      const port = m ? parsePort(m[1]) : undefined;
      if (port !== undefined) {
        flagged.push({ port, detail: eq ? w : `${w} ${value}` });
        if (!eq) i++;
        continue;
      }
    }
    if (ADDRESS_FLAG.test(flag) && value !== undefined) {
      const port = splitHostPort(value)?.port ?? parsePort(value);
      if (port !== undefined) {
        flagged.push({ port, detail: eq ? w : `${w} ${value}` });
        if (!eq) i++;
        continue;
      }
    }
    if (!w.startsWith('-') && !(PORT_FLAG.test(w) || ADDRESS_FLAG.test(w))) {
      // `python -m http.server 8000`, `manage.py runserver 0.0.0.0:8000`, `./server 45000`.
      const hp = splitHostPort(w);
      const port = hp?.port ?? parsePort(w);
      if (port !== undefined && programSeen) {
        const afterModule = words[i - 1] === 'http.server' || words[i - 1] === 'runserver';
        positional.push({ port, detail: afterModule ? `${words[i - 1]} ${w}` : `the argument ${w}` });
      }
      programSeen = true;
    }
  }
  out.push(...flagged);
  // A bare number is the port only when no flag names one (`./server 45000`, `http.server 8000`).
  if (flagged.length === 0) out.push(...positional);
  return out;
}

/** The code file the command runs: `node server.js`, `ts-node src/app.ts`, `./seed-server` (built from seed-server.c). */
export async function programSource(words: readonly string[], cwd: string): Promise<string | undefined> {
  const args = words.filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  for (const w of args) {
    if (w.startsWith('-')) continue;
    if (grammarForPath(w)) {
      const file = path.resolve(cwd, w);
      if (await isFile(file)) return file;
    }
  }
  // A compiled program: its source beside it (or in the folder it runs in), same base name.
  const program = args[0];
  if (program && !grammarForPath(program) && (program.includes('/') || program.includes('\\'))) {
    const base = path.resolve(cwd, program);
    for (const dir of [path.dirname(base), cwd]) {
      for (const ext of ['.c', '.cc', '.cpp', '.cxx']) {
        const file = path.join(dir, path.basename(base) + ext);
        if (await isFile(file)) return file;
      }
    }
  }
  return undefined;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

let parser: Promise<ParserService> | undefined;

async function analyzerSourcePorts(file: string): Promise<{ port: number; protocol?: Protocol; line: number }[]> {
  const grammar: GrammarId | undefined = grammarForPath(file);
  if (!grammar) return [];
  const text = await fs.readFile(file, 'utf8');
  parser ??= ParserService.create().catch((e: unknown) => {
    parser = undefined;
    throw e;
  });
  const found = await codePorts(await parser, grammar, file, text);
  return found.map((f) => ({ port: f.port, protocol: f.protocol, line: f.source.line }));
}

/** Leaves `protocol` out when nobody says it (the answer is then looked up for any protocol). */
function withProtocol(p: FailedPort): FailedPort {
  if (p.protocol === undefined) delete p.protocol;
  return p;
}

function distinct<T extends { port: number }>(list: readonly T[]): T[] {
  const seen = new Set<number>();
  return list.filter((f) => !seen.has(f.port) && seen.add(f.port));
}

function answer(list: FailedPort[]): PortInference {
  const ports = distinct(list).map(withProtocol);
  return ports.length === 1 ? { port: ports[0], candidates: ports } : { candidates: ports };
}

/** The port of a failure: the message's, else the best evidence found, else none with why. */
export async function inferFailedPort(failure: BindFailure, opts: InferOptions = {}): Promise<PortInference> {
  if (failure.port !== undefined) {
    return answer([{ port: failure.port, protocol: failure.protocol, evidence: 'message', detail: failure.line }]);
  }
  const looked: string[] = [];
  const words = opts.command === undefined ? [] : typeof opts.command === 'string' ? shellWords(opts.command) : [...opts.command];
  const protocol = failure.protocol;

  const fromEnv: FailedPort[] = Object.entries(opts.env ?? {}).flatMap(([k, v]) => {
    const port = isPortKey(k) && v !== undefined ? parsePort(v.trim()) : undefined;
    return port === undefined
      ? []
      : [{ port, protocol, evidence: 'command-line' as const, detail: `${k}=${v} in its environment` }];
  });
  const fromWords: FailedPort[] = commandLinePorts(words).map((f) => ({
    port: f.port,
    protocol,
    evidence: 'command-line',
    detail: f.detail,
  }));
  if (words.length > 0 || fromEnv.length > 0) looked.push('the command line');
  const flags = [...fromEnv, ...fromWords];
  if (flags.length > 0) return answer(flags);

  const cwd = opts.cwd ?? process.cwd();
  const source = words.length > 0 ? await programSource(words, cwd) : undefined;
  if (source) {
    looked.push(`the program's source (${path.basename(source)})`);
    let found: { port: number; protocol?: Protocol; line: number }[];
    try {
      found = await (opts.sourcePorts ?? analyzerSourcePorts)(source);
    } catch {
      found = []; // unreadable or unparsable: other evidence may still answer
    }
    if (found.length > 0) {
      return answer(
        found.map((f) => ({
          port: f.port,
          protocol: f.protocol ?? protocol,
          evidence: 'source',
          detail: `${path.basename(source)}:${f.line + 1}`,
          file: source,
          line: f.line,
        })),
      );
    }
  }

  const workspace = [...new Set(opts.workspacePorts ?? [])];
  if (workspace.length === 1) {
    return answer([{ port: workspace[0], protocol, evidence: 'workspace-only', detail: `port ${workspace[0]}` }]);
  }
  looked.push(workspace.length === 0 ? 'the workspace (it names no port)' : `the workspace (it uses ${workspace.length} ports)`);
  return { candidates: [], why: `The message names no port, and neither does ${looked.join(', ')}.` };
}
