// `.env` files: `PORT=3000`, `API_PORT="8080"`, `export PORT=3000` (direnv/shell style).
// Only keys that name a port: PORT itself or ending in _PORT (DB_PORT is a port the
// workspace's services use; a URL like DATABASE_URL is not parsed: it names a client's target).
import { type FoundPort, SourceLocator, parsePort } from './source';

const ENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(["']?)(\d{1,5})\2[ \t]*(?:#.*)?\r?$/gm;

export function isPortKey(key: string): boolean {
  const upper = key.toUpperCase();
  return upper === 'PORT' || upper.endsWith('_PORT');
}

export function envPorts(file: string, text: string): FoundPort[] {
  const locate = new SourceLocator(file, text, 'env');
  const found: FoundPort[] = [];
  for (const m of text.matchAll(ENV_LINE)) {
    if (!isPortKey(m[1])) continue;
    const port = parsePort(m[3]);
    if (port === undefined) continue;
    found.push(locate.found(port, m.index + m[0].indexOf(m[1])));
  }
  return found;
}

const PORT_KEY_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(.*)$/gm;
const ONE_ENV_LINE = new RegExp(ENV_LINE.source);
const MAX_PROBLEMS = 3;

/**
 * Port keys whose value is no port number (`PORT=3000; rm -rf /`, `PORT=$(id)`, `PORT=70000`):
 * ignored by envPorts, and said so, at most a few per file. A value taken from another variable
 * (`PORT=${APP_PORT}`) or left empty is ordinary, not a problem.
 */
export function envPortProblems(text: string): string[] {
  const problems: string[] = [];
  let count = 0;
  for (const m of text.matchAll(PORT_KEY_LINE)) {
    if (!isPortKey(m[1])) continue;
    const written = ONE_ENV_LINE.exec(m[0]);
    if (written && parsePort(written[3]) !== undefined) continue;
    const value = m[2].replace(/[ \t]*(#.*)?\r?$/, '').trim();
    if (value === '' || /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value) || /^(["'])\$\{?[A-Za-z_][A-Za-z0-9_]*\}?\1$/.test(value))
      continue;
    count++;
    if (problems.length < MAX_PROBLEMS) {
      const line = text.slice(0, m.index).split('\n').length;
      const shown = value.length > 40 ? `${value.slice(0, 39)}…` : value;
      problems.push(`line ${line}: ${m[1]}=${JSON.stringify(shown).slice(1, -1)} is not a port number (1-65535): ignored`);
    }
  }
  const more = count - MAX_PROBLEMS;
  if (more > 0) problems.push(`${more} more line${more === 1 ? '' : 's'} whose port value is not a port number: ignored`);
  return problems;
}
