// What the browser build gets for `node:fs`, `node:path` and `node:util` (esbuild aliases them
// here). The analyzer reaches the disk only for workspace-wide facts and wasm lookups, which the
// browser build does through VS Code instead; the path helpers it does call are POSIX ones.
export const sep = '/';
export const delimiter = ':';

export function join(...parts: string[]): string {
  return normalize(parts.filter(Boolean).join('/'));
}

function normalize(p: string): string {
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export function dirname(p: string): string {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}

export function basename(p: string, ext?: string): string {
  const base = p.replace(/\/+$/, '').split('/').pop() ?? '';
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

export function extname(p: string): string {
  const base = basename(p);
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i);
}

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

export function existsSync(): boolean {
  return false;
}

function unavailable(): never {
  throw new Error('no file system in the browser');
}

export const readFileSync = unavailable;
export const statSync = unavailable;
export const readdirSync = unavailable;

export const promises = {
  readFile: (): Promise<never> => Promise.reject(new Error('no file system in the browser')),
  stat: (): Promise<never> => Promise.reject(new Error('no file system in the browser')),
  readdir: (): Promise<never> => Promise.reject(new Error('no file system in the browser')),
};
export const readFile = promises.readFile;

export function inspect(value: unknown): string {
  try {
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export default { sep, delimiter, join, dirname, basename, extname, isAbsolute, existsSync, readFileSync, promises, inspect };
