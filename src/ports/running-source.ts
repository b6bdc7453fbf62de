// Which of the files that name a port is the one running: when two servers of a workspace use
// the same port, "Reveal" must open the code of the process that holds it. Read from the
// holder's command line and working directory: `node server.js` in X runs X/server.js,
// `python3 -m pkg.app` runs pkg/app.py, `./seed-server` was built from seed-server.c. Pure: paths
// are compared, nothing is read.
import * as path from 'path';

/** What is known of a process that holds (or held) the port. */
export interface RunningProcess {
  /** The arguments one by one when known; else `command` is split at spaces. */
  argv?: readonly string[];
  command: string;
  cwd?: string;
}

const C_FAMILY = /\.(?:c|cc|cpp|cxx|c\+\+)$/i;
const SCRIPT = /\.(?:[cm]?[jt]sx?|py[w]?)$/i;

/** How sure a match is: the file itself on the command line beats a name alike, which beats a folder. */
const SCORE = {
  path: 100,
  module: 90,
  binaryBeside: 80,
  binaryElsewhere: 60,
  sameName: 40,
  underCwd: 10,
} as const;

/**
 * The source whose file one of `processes` runs, the surest match first; undefined when none
 * is recognisably running (the caller keeps its own order). Ties keep `sources`' order.
 */
export function runningSource<S extends { file: string }>(
  sources: readonly S[],
  processes: readonly RunningProcess[],
): S | undefined {
  let best: S | undefined;
  let bestScore = 0;
  for (const source of sources) {
    if (!source.file) continue;
    for (const process of processes) {
      const score = matchScore(source.file, process);
      if (score > bestScore) [best, bestScore] = [source, score];
    }
  }
  return best;
}

/** `sources` with the running one first (the others in their order); the same array when none runs. */
export function runningFirst<S extends { file: string }>(
  sources: readonly S[],
  processes: readonly RunningProcess[],
): readonly S[] {
  const running = runningSource(sources, processes);
  return running === undefined || running === sources[0] ? sources : [running, ...sources.filter((s) => s !== running)];
}

/** 0 when `process` gives no sign of running `file`. */
export function matchScore(file: string, process: RunningProcess): number {
  const args = process.argv && process.argv.length > 0 ? process.argv : process.command.split(/\s+/).filter(Boolean);
  const cwd = process.cwd;
  const resolve = (arg: string): string | undefined =>
    path.isAbsolute(arg) ? path.normalize(arg) : cwd ? path.resolve(cwd, arg) : undefined;
  const fileStem = stem(file);
  let score = 0;
  const raise = (n: number) => (score = Math.max(score, n));

  args.forEach((arg, i) => {
    if (arg.startsWith('-') && !(i > 0 && args[i - 1] === '-m')) return;
    // `-m pkg.app` and uvicorn/gunicorn's `pkg.app:app` name a Python module, not a path.
    const module = args[i - 1] === '-m' ? arg : /^[A-Za-z_][\w.]*:[A-Za-z_]\w*$/.test(arg) ? arg.split(':')[0] : undefined;
    if (module !== undefined) {
      if (moduleFiles(module).some((rel) => (cwd ? path.join(cwd, rel) === file : file.endsWith(path.sep + rel))))
        raise(SCORE.module);
      return;
    }
    const resolved = resolve(arg);
    if (resolved === file) raise(SCORE.path);
    // A compiled program (argv[0]) and the C file it was built from share a name.
    if (i === 0 && C_FAMILY.test(file) && path.basename(arg) === fileStem) {
      raise(resolved !== undefined && path.dirname(resolved) === path.dirname(file) ? SCORE.binaryBeside : SCORE.binaryElsewhere);
    }
    // `node dist/server.js` built from src/server.ts; `ts-node server`.
    if (i > 0 && (SCRIPT.test(file) || C_FAMILY.test(file)) && stem(arg) === fileStem && fileStem !== '') {
      raise(SCORE.sameName + (cwd !== undefined && isInside(file, cwd) ? 5 : 0));
    }
  });
  if (cwd !== undefined && isInside(file, cwd)) raise(SCORE.underCwd);
  return score;
}

/** The files `python -m module` may run, relative to the folder it runs in. */
function moduleFiles(module: string): string[] {
  const rel = module.split('.').join(path.sep);
  return [`${rel}.py`, path.join(rel, '__main__.py')];
}

function stem(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
