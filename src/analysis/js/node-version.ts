// The Node version a project targets, for rules whose advice depends on it (reusePort needs
// 22.12 / 23.1). Pure helpers: building the workspace context calls `readNodeVersion(dir)` once,
// for the nearest folder at or above the first workspace root that has a package.json or .nvmrc,
// and puts the result in AnalysisContext.nodeVersion.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface NodeVersion {
  major: number;
  /** Undefined when the range leaves it open (`>=22`, `22.x`, an `.nvmrc` saying `22`). */
  minor?: number;
  patch?: number;
}

/** nvm's LTS code names, for `.nvmrc` files such as `lts/iron`. */
const LTS_NAMES: Record<string, number> = {
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

/**
 * `engines.node` from package.json when present (the versions the project promises to run on),
 * else the `.nvmrc` version (the one its developers run). Undefined when neither says.
 */
export function nodeVersionFrom(packageJsonText?: string, nvmrcText?: string): string | undefined {
  if (packageJsonText) {
    try {
      const engines = (JSON.parse(packageJsonText) as { engines?: { node?: unknown } }).engines;
      if (typeof engines?.node === 'string' && engines.node.trim()) return engines.node.trim();
    } catch {
      // An unparsable package.json says nothing about the version.
    }
  }
  const nvmrc = nvmrcText
    ?.split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .find((l) => l !== '');
  if (!nvmrc) return undefined;
  const lts = /^lts\/([a-z]+)$/i.exec(nvmrc);
  if (lts) {
    const major = LTS_NAMES[lts[1].toLowerCase()];
    return major === undefined ? undefined : String(major);
  }
  // `node`, `stable`, `lts/*`: whatever is newest, unknown here.
  return /^v?\d/.test(nvmrc) ? nvmrc.replace(/^v/, '') : undefined;
}

/** Reads package.json and .nvmrc in `dir` (either may be missing). */
export async function readNodeVersion(dir: string): Promise<string | undefined> {
  const read = (name: string): Promise<string | undefined> =>
    fs.promises.readFile(path.join(dir, name), 'utf8').catch(() => undefined);
  const [pkg, nvmrc] = await Promise.all([read('package.json'), read('.nvmrc')]);
  return nodeVersionFrom(pkg, nvmrc);
}

function parseVersion(text: string): NodeVersion | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/i.exec(text.trim());
  if (!m) return undefined;
  const num = (s: string | undefined): number | undefined => (s === undefined || !/^\d+$/.test(s) ? undefined : Number(s));
  const minor = num(m[2]);
  return { major: Number(m[1]), minor, patch: minor === undefined ? undefined : num(m[3]) };
}

function compare(a: NodeVersion, b: NodeVersion): number {
  return a.major - b.major || (a.minor ?? 0) - (b.minor ?? 0) || (a.patch ?? 0) - (b.patch ?? 0);
}

/** The lowest version a semver range (or a plain version) allows; undefined when it has no lower bound. */
export function minimumNodeVersion(range: string): NodeVersion | undefined {
  let lowest: NodeVersion | undefined;
  for (const alternative of range.split('||')) {
    const hyphen = /^\s*(\S+)\s+-\s+\S+\s*$/.exec(alternative);
    const comparators = hyphen ? [hyphen[1]] : alternative.trim().split(/\s+/).filter(Boolean);
    let bound: NodeVersion | undefined;
    let unbounded = comparators.length === 0;
    for (const comparator of comparators) {
      const m = /^(>=|>|<=|<|=|\^|~)?\s*(.*)$/.exec(comparator);
      if (!m) continue;
      if (m[1] === '<' || m[1] === '<=') continue;
      if (m[2] === '*' || m[2] === 'x' || m[2] === '') {
        unbounded = true;
        continue;
      }
      const v = parseVersion(m[2]);
      if (v && (!bound || compare(v, bound) > 0)) bound = v;
    }
    if (!bound) {
      if (unbounded || comparators.every((c) => c.startsWith('<'))) return undefined;
      continue;
    }
    if (!lowest || compare(bound, lowest) < 0) lowest = bound;
  }
  return lowest;
}

/**
 * Whether every Node the range allows has `reusePort` (22.12+ on the 22 line, 23.1+ after):
 * true, false, or undefined when the range leaves the minor version open on 22 or 23.
 */
export function supportsReusePort(range: string): boolean | undefined {
  const min = minimumNodeVersion(range);
  if (!min) return false; // no lower bound: older Nodes are allowed
  if (min.major >= 24) return true;
  if (min.major < 22) return false;
  if (min.minor === undefined) return undefined;
  return min.major === 22 ? min.minor >= 12 : min.minor >= 1;
}
