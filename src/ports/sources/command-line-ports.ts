// Ports written in a command line: `--port 3000`, `--port=3000`, `-p 3000`, `-p 8080:80`
// (docker's host side), `PORT=3000` (an env assignment before the command, cross-env too).
// Shared by package.json scripts and launch.json args.

export interface CommandLinePort {
  port: number;
  /** Offset of the match (the flag or the variable name) in the scanned text. */
  index: number;
}

// The value may be quoted and, for `-p`, be docker's `[ip:]host:container`; we take the host port.
const FLAG = /(?:^|[\s"'`;&|(])(--port(?:[ =]|\s+)|-p\s+)["']?(?:\d{1,3}(?:\.\d{1,3}){3}:)?(\d{1,5})(?![\d.])(?::\d{1,5})?/g;
const ASSIGN = /(?:^|[\s"'`;&|(])([A-Za-z_][A-Za-z0-9_]*)=["']?(\d{1,5})(?![\d.\w])/g;

export function commandLinePorts(text: string, isPortKey: (key: string) => boolean): CommandLinePort[] {
  const out: CommandLinePort[] = [];
  for (const m of text.matchAll(FLAG)) {
    out.push({ port: Number(m[2]), index: m.index + m[0].indexOf(m[1]) });
  }
  for (const m of text.matchAll(ASSIGN)) {
    if (!isPortKey(m[1])) continue;
    out.push({ port: Number(m[2]), index: m.index + m[0].indexOf(m[1]) });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** launch.json `args: ["--port", "3000"]`: a flag and its value in separate array items. */
export function isPortFlag(arg: string): boolean {
  return arg === '--port' || arg === '-p';
}
