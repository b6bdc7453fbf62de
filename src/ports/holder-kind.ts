// Holders that are not the real server: say so, and know which ones must never be stopped.

import { Holder, HolderKind } from './model';

export interface KindContext {
  platform: NodeJS.Platform;
  /**
   * This process, its ancestors, and extra pids the UI names: the editor's own processes.
   * Descendants are deliberately not included: a program started by a debug session or a task
   * descends from the extension host, and it is exactly the server people want to stop.
   */
  editorPids: ReadonlySet<number>;
}

const NOTES: Record<HolderKind, string> = {
  'docker-proxy': 'Docker publishes this port for a container; stop the container (docker ps) rather than the proxy.',
  sshd: 'An SSH daemon forwards this port; the real server is on the other end of an SSH tunnel.',
  wslrelay: 'WSL2 relays this port; the server runs inside a WSL distribution.',
  editor: "This editor's own process holds the port.",
  system: 'A system process (kernel, init or Windows System) holds the port.',
};

/** Linux comm / lsof command / tasklist image name -> kind. sshd-session is OpenSSH 9.8+'s per-connection process. */
export function kindOfName(name: string): HolderKind | undefined {
  const base = name.toLowerCase().replace(/\.exe$/, '');
  if (base === 'docker-proxy') {
    return 'docker-proxy';
  }
  if (base === 'sshd' || base === 'sshd-session') {
    return 'sshd';
  }
  if (base === 'wslrelay') {
    return 'wslrelay';
  }
  return undefined;
}

/**
 * The editor's own processes as far as lsof/netstat platforms can tell without walking the tree:
 * this process (the extension host or the CLI), its parent, and pids the UI names.
 */
export function selfAndParent(selfPid: number, extra: readonly number[] = []): Set<number> {
  return new Set([selfPid, process.ppid, ...extra]);
}

export function isSystemPid(pid: number, platform: NodeJS.Platform): boolean {
  return pid === 0 || pid === 1 || (platform === 'win32' && pid === 4);
}

export function classifyHolder(holder: Pick<Holder, 'pid' | 'name'>, ctx: KindContext): { kind?: HolderKind; kindNote?: string } {
  let kind: HolderKind | undefined;
  if (isSystemPid(holder.pid, ctx.platform)) {
    kind = 'system';
  } else if (ctx.editorPids.has(holder.pid)) {
    kind = 'editor';
  } else {
    kind = kindOfName(holder.name);
  }
  return kind ? { kind, kindNote: NOTES[kind] } : {};
}

export function kindNote(kind: HolderKind): string {
  return NOTES[kind];
}
