// `address-in-use ports [--format text|json] [port...]`: the CLI front end of the port reader.

import { DiscoveredPort, PortReader } from './model';

export interface CommandIo {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
}

export interface PortsCommandOptions {
  /** Workspace ports of a folder (the discovery module); needed when no port is given. */
  discover?: (dir: string) => Promise<readonly DiscoveredPort[]>;
  /** Default: createPortReader(). */
  reader?: PortReader;
}

/**
 * Exit codes: 0 every looked-up port is free; 1 at least one port is held (listening, bound,
 * owner hidden, or only TIME_WAIT); 2 bad usage or nothing to look up; 3 the system could not be read.
 */
export async function runPortsCommand(argv: readonly string[], io: CommandIo, options: PortsCommandOptions = {}): Promise<number> {
  void argv; void io; void options;
  throw new Error('not implemented');
}
