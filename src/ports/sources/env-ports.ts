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
