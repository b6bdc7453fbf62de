// Which ports are the workspace's: the ports its code binds, its .env files, package.json
// scripts, .vscode/launch.json, docker-compose files and the `addressInUse.ports` setting, each
// with where it is written. Pure Node (fs), no 'vscode': the UI and the CLI both call this.
import { isUtf8 } from 'node:buffer';
import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import { type ParserService, grammarForPath, ParserService as Parsers } from '../analysis/parser';
import type { Protocol } from './model';
import { codePorts, mayBindPort } from './sources/code-ports';
import { composePorts } from './sources/compose-ports';
import { envPortProblems, envPorts } from './sources/env-ports';
import { launchJsonPorts } from './sources/launch-json-ports';
import { packageJsonPorts } from './sources/package-json-ports';
import { settingPorts } from './sources/setting-ports';
import { type FoundPort, type PortSource, type PortSourceKind, jsonProblem } from './sources/source';
import { type FoundSocketPath, mayBindSocketPath, unixSocketPaths } from './sources/unix-socket-paths';
import { DEFAULT_WALK_LIMITS, type WalkLimits, walkWorkspace } from './sources/workspace-walk';

export type { PortSource, PortSourceKind } from './sources/source';

export interface WorkspacePort {
  port: number;
  /** Set when every source that says a protocol agrees (dgram bind: udp, compose `/udp`); else look up both. */
  protocol?: Protocol;
  /** Every place the port is written, in walk order (settings first, then files near the root). */
  sources: PortSource[];
}

/** A Unix-domain socket file the workspace's code binds (a stale one makes the next bind fail). */
export interface WorkspaceUnixSocket {
  /** Absolute; a relative path in the code is resolved against the workspace folder. */
  path: string;
  /** Every call that binds it. */
  sources: PortSource[];
}

export interface WorkspaceDiscovery {
  ports: WorkspacePort[];
  unixSockets: WorkspaceUnixSocket[];
  /** Configuration files that were not read, or not fully, and why: for a notice, not an error. */
  notices: DiscoveryNotice[];
}

export interface DiscoveryNotice {
  file: string;
  message: string;
}

export interface DiscoveryOptions {
  /** The `addressInUse.ports` setting. */
  settingPorts?: readonly number[];
  signal?: AbortSignal;
  /** Shares the analyzer's parser (the grammars load once per process). Default: a service of our own. */
  parser?: ParserService;
  /** Files larger than this are not read. Code files are capped by the analyzer's limit as well. Default 1 MB. */
  maxFileSize?: number;
  limits?: Partial<WalkLimits>;
  /** Keeps each file's ports between runs (the editor rediscovers on every save): unchanged files are not read again. */
  cache?: DiscoveryCache;
}

/**
 * Ports found per file, valid while the file's size and modification time stay the same.
 * One cache per workspace folder: a run forgets the files it no longer walks.
 */
export class DiscoveryCache {
  private readonly files = new Map<string, { mtimeMs: number; size: number; found: FoundPort[]; sockets: FoundSocketPath[] }>();

  get(file: string, stat: Stats): FoundPort[] | undefined {
    return this.entry(file, stat)?.found;
  }

  /** The file's ports and socket paths, when it has not changed since they were read. */
  entry(file: string, stat: Stats): { found: FoundPort[]; sockets: FoundSocketPath[] } | undefined {
    const entry = this.files.get(file);
    return entry && entry.mtimeMs === stat.mtimeMs && entry.size === stat.size ? entry : undefined;
  }

  set(file: string, stat: Stats, found: FoundPort[], sockets: FoundSocketPath[] = []): void {
    this.files.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, found, sockets });
  }

  retainOnly(files: ReadonlySet<string>): void {
    for (const file of this.files.keys()) if (!files.has(file)) this.files.delete(file);
  }

  get size(): number {
    return this.files.size;
  }
}

/**
 * Globs (relative to a workspace folder) whose change may change the workspace's ports: the UI
 * watches them with a FileSystemWatcher and rediscovers. Kept in step with classifyFile().
 */
export const watchGlobs: readonly string[] = [
  '**/.env',
  '**/.env.*',
  '**/*.env',
  '**/package.json',
  '**/.vscode/launch.json',
  '**/.vscode/settings.json',
  '**/{docker-compose,compose}*.{yml,yaml}',
  '**/*.{c,h,cc,cpp,cxx,c++,hpp,hh,hxx,ipp,inl,js,mjs,cjs,jsx,ts,mts,cts,tsx,py,pyw}',
];

const DEFAULT_MAX_FILE_SIZE = 1_000_000;

let sharedParser: Promise<ParserService> | undefined;

/** The parser of callers that bring none (the CLI), created once; a failed load is retried next time, not cached. */
function ownParser(): Promise<ParserService> {
  sharedParser ??= Parsers.create().catch((error: unknown) => {
    sharedParser = undefined;
    throw error;
  });
  return sharedParser;
}

/** Ports named by a file that is not code (code files go through `codeFile`). A reader that fails costs this file, not discovery. */
function portsOfConfigFile(file: string, kind: PortSourceKind, text: string, notices: DiscoveryNotice[]): FoundPort[] {
  const problem = kind === 'package-json' || kind === 'launch-json' ? jsonProblem(text) : undefined;
  if (problem) notices.push({ file, message: problem });
  if (kind === 'env') for (const message of envPortProblems(text)) notices.push({ file, message });
  // Compose entries that are no port, found by the same scan that reads the ports.
  const problems: string[] = [];
  try {
    return readConfigFile(file, kind, text, problems);
  } catch (error) {
    notices.push({ file, message: `could not be read for ports: ${error instanceof Error ? error.message : String(error)}` });
    return [];
  } finally {
    for (const message of problems) notices.push({ file, message });
  }
}

const MB = 1024 * 1024;

/** Why the bytes of a configuration file are no text to read ports from, if they are not. */
function bytesProblem(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return 'holds binary data (NUL bytes): not read for ports';
  if (!isUtf8(bytes)) return 'is not UTF-8 text: not read for ports';
  return undefined;
}

function readConfigFile(file: string, kind: PortSourceKind, text: string, problems?: string[]): FoundPort[] {
  switch (kind) {
    case 'env':
      return envPorts(file, text);
    case 'package-json':
      return packageJsonPorts(file, text);
    case 'launch-json':
      return launchJsonPorts(file, text);
    case 'docker-compose':
      return composePorts(file, text, problems);
    default:
      return [];
  }
}

/**
 * Ports and socket paths of one code file, from one parse shared by both scans (each pre-filter
 * still decides whether its scan runs). A parse timeout or a grammar that fails to load costs
 * this file, not discovery.
 */
async function codeFile(
  file: string,
  text: string,
  root: string,
  parser: () => Promise<ParserService>,
): Promise<{ ports: FoundPort[]; sockets: FoundSocketPath[] }> {
  const grammar = grammarForPath(file);
  if (!grammar || (!mayBindPort(grammar, text) && !mayBindSocketPath(grammar, text))) return { ports: [], sockets: [] };
  try {
    const service = await parser();
    const tree = await service.parse(grammar, text);
    try {
      return {
        ports: await codePorts(service, grammar, file, text, tree),
        sockets: await unixSocketPaths(service, grammar, file, text, root, tree),
      };
    } finally {
      tree.delete();
    }
  } catch {
    return { ports: [], sockets: [] };
  }
}

/** Merges found ports by number, keeping every source; ports sorted ascending. */
export function mergePorts(found: readonly FoundPort[]): WorkspacePort[] {
  const byPort = new Map<number, { sources: PortSource[]; protocols: Set<Protocol | undefined> }>();
  for (const f of found) {
    let entry = byPort.get(f.port);
    if (!entry) byPort.set(f.port, (entry = { sources: [], protocols: new Set() }));
    const s = f.source;
    // One line may name a port twice (`-p 3000 ... PORT=3000`): one source per place is enough.
    if (!entry.sources.some((e) => e.file === s.file && e.line === s.line && e.kind === s.kind)) entry.sources.push(s);
    entry.protocols.add(f.protocol);
  }
  return [...byPort.entries()]
    .sort(([a], [b]) => a - b)
    .map(([port, { sources, protocols }]) => {
      const said = [...protocols].filter((p): p is Protocol => p !== undefined);
      const agreed = said.length > 0 && said.every((p) => p === said[0]) && !protocols.has(undefined) ? said[0] : undefined;
      return agreed ? { port, protocol: agreed, sources } : { port, sources };
    });
}

/** Merges found socket paths by path, keeping every source; sorted by path. */
export function mergeSocketPaths(found: readonly FoundSocketPath[]): WorkspaceUnixSocket[] {
  const byPath = new Map<string, PortSource[]>();
  for (const f of found) {
    const sources = byPath.get(f.path) ?? [];
    if (!sources.some((s) => s.file === f.source.file && s.line === f.source.line)) sources.push(f.source);
    byPath.set(f.path, sources);
  }
  return [...byPath.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, sources]) => ({ path: p, sources }));
}

export async function discoverWorkspacePorts(root: string, opts: DiscoveryOptions = {}): Promise<WorkspacePort[]> {
  return (await discoverWorkspace(root, opts)).ports;
}

/** The unix socket files the workspace's code binds (one walk; share a cache with the port discovery to read each file once). */
export async function discoverWorkspaceUnixSockets(root: string, opts: DiscoveryOptions = {}): Promise<WorkspaceUnixSocket[]> {
  return (await discoverWorkspace(root, opts)).unixSockets;
}

/** Ports and unix socket paths in one walk of the folder. */
export async function discoverWorkspace(root: string, opts: DiscoveryOptions = {}): Promise<WorkspaceDiscovery> {
  const limits = { ...DEFAULT_WALK_LIMITS, ...opts.limits };
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const parser = () => (opts.parser ? Promise.resolve(opts.parser) : ownParser());
  const found: FoundPort[] = [];
  const sockets: FoundSocketPath[] = [];
  const notices: DiscoveryNotice[] = [];
  found.push(...(await settingPorts(root, opts.settingPorts ?? [])));
  const walked = await walkWorkspace(root, limits, opts.signal);
  for (const { file, kind } of walked) {
    opts.signal?.throwIfAborted();
    let stat: Stats;
    let text: string;
    try {
      stat = await fs.stat(file);
      if (!stat.isFile()) continue;
      if (stat.size > maxSize) {
        // Code files are skipped quietly (bundles, generated sources); a configuration file that
        // size is a surprise worth a word.
        if (kind !== 'code')
          notices.push({
            file,
            message: `is ${(stat.size / MB).toFixed(1)} MB, above the ${(maxSize / MB).toFixed(1)} MB limit: not read for ports`,
          });
        continue;
      }
      const cached = opts.cache?.entry(file, stat);
      if (cached) {
        found.push(...cached.found);
        sockets.push(...cached.sockets);
        continue;
      }
      const bytes = await fs.readFile(file);
      const problem = kind === 'code' ? undefined : bytesProblem(bytes);
      if (problem) {
        notices.push({ file, message: problem });
        opts.cache?.set(file, stat, [], []);
        continue;
      }
      text = bytes.toString('utf8');
    } catch (error) {
      // Vanished between walk and read (quietly), or unreadable (worth a word for a configuration file).
      const code = (error as NodeJS.ErrnoException).code;
      if (kind !== 'code' && code !== 'ENOENT') notices.push({ file, message: `could not be read: ${code ?? String(error)}` });
      continue;
    }
    const { ports, sockets: socketPaths } =
      kind === 'code'
        ? await codeFile(file, text, root, parser)
        : { ports: portsOfConfigFile(file, kind, text, notices), sockets: [] };
    opts.cache?.set(file, stat, ports, socketPaths);
    found.push(...ports);
    sockets.push(...socketPaths);
  }
  opts.cache?.retainOnly(new Set(walked.map((w) => w.file)));
  return { ports: mergePorts(found), unixSockets: mergeSocketPaths(sockets), notices };
}
