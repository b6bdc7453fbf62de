// Ports written in a command line: `--port 3000`, `--port=3000`, `-p 3000`, `-p 8080:80`
// (docker's host side), `PORT=3000` (an env assignment before the command, cross-env too), and
// Python's `python -m http.server [8000]` and Django's `manage.py runserver [0.0.0.0:]8000`
// (both 8000 when no port is given).
// Shared by package.json scripts and launch.json args.

export interface CommandLinePort {
  port: number;
  /** Offset of the match (the flag or the variable name) in the scanned text. */
  index: number;
}

// The value may be quoted and, for `-p`, be docker's `[ip:]host:container`; we take the host port.
const FLAG = /(?:^|[\s"'`;&|(])(--port(?:[ =]|\s+)|-p\s+)["']?(?:\d{1,3}(?:\.\d{1,3}){3}:)?(\d{1,5})(?![\d.])(?::\d{1,5})?/g;
const ASSIGN = /(?:^|[\s"'`;&|(])([A-Za-z_][A-Za-z0-9_]*)=["']?(\d{1,5})(?![\d.\w])/g;

// The rest of one command: up to `&&`, `;`, `|`, a quote that closes the script, or the end.
const HTTP_SERVER = /(?:^|\s)-m\s+(http\.server)\b([^&;|"'`\n]*)/g;
const RUNSERVER = /\bmanage\.py\s+(runserver)\b([^&;|"'`\n]*)/g;
const DEFAULT_PYTHON_PORT = 8000;

/** `8000` or `0.0.0.0:8000` / `[::]:8000` among a command's arguments (flags and their values skipped). */
export function pythonServerPort(args: string, flagsWithValue: RegExp): number | undefined {
  const tokens = args.trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (flagsWithValue.test(t)) {
      i++;
      continue;
    }
    if (t.startsWith('-')) continue;
    const m = /^(?:(?:[\d.]+|\[[^\]]*\]|localhost):)?(\d{1,5})$/.exec(t);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export const HTTP_SERVER_FLAGS = /^(?:-b|--bind|-d|--directory|-p|--protocol)$/;
export const RUNSERVER_FLAGS = /^(?:--settings|--pythonpath|--verbosity|-v)$/;

export function commandLinePorts(text: string, isPortKey: (key: string) => boolean): CommandLinePort[] {
  const out: CommandLinePort[] = [];
  for (const [pattern, flags] of [
    [HTTP_SERVER, HTTP_SERVER_FLAGS],
    [RUNSERVER, RUNSERVER_FLAGS],
  ] as const) {
    for (const m of text.matchAll(pattern)) {
      out.push({ port: pythonServerPort(m[2], flags) ?? DEFAULT_PYTHON_PORT, index: m.index + m[0].indexOf(m[1]) });
    }
  }
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
