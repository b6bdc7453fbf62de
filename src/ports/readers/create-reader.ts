// Picks the platform's reader. Consumers hold one reader for the session: it owns the caches.

import { LinuxPortReader } from './linux-reader';
import { LsofPortReader } from './lsof';
import { NetstatPortReader } from './netstat';
import { PortReader } from '../model';

/** Injected pieces, for tests and for platforms read from captured output. */
export interface ReaderDeps {
  /** Root of procfs (Linux). Default '/proc'. */
  procRoot?: string;
  /** passwd file for uid -> name (Linux/macOS). Default '/etc/passwd'. */
  passwdPath?: string;
  /** Runs a program without a shell (macOS lsof, Windows netstat/tasklist). Default: child_process.execFile. */
  execFile?: (file: string, args: readonly string[]) => Promise<string>;
  /** This process's pid and parent pid, for recognising the editor's own processes. Default process.pid/ppid. */
  selfPid?: number;
  /** Linux: read procfs synchronously, for one-shot CLI commands (see proc-io.ts). */
  syncIo?: boolean;
}

export function createPortReader(platform: NodeJS.Platform = process.platform, deps: ReaderDeps = {}): PortReader {
  switch (platform) {
    case 'linux':
      return new LinuxPortReader(deps);
    case 'darwin':
    case 'freebsd':
    case 'openbsd':
      return new LsofPortReader(deps.execFile, deps.selfPid);
    case 'win32':
      return new NetstatPortReader(deps.execFile, deps.selfPid);
    default:
      throw new Error(`reading port holders is not supported on ${platform}`);
  }
}
