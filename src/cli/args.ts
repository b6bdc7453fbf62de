// Argument parsing for `check`. Strict on purpose: an unknown flag is a usage error (exit 2),
// never silently taken for a path.

export type OutputFormat = 'text' | 'json' | 'sarif';
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface CheckArgs {
  format: OutputFormat;
  fix: boolean;
  /** As given; empty means the current folder. */
  paths: string[];
}

export class UsageError extends Error {}

export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const args: CheckArgs = { format: 'text', fix: false, paths: [] };
  let formatSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--fix') {
      args.fix = true;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length);
      if (value === undefined) throw new UsageError(`--format needs a value: ${FORMATS.join(', ')}`);
      if (!(FORMATS as readonly string[]).includes(value)) {
        throw new UsageError(`unknown --format '${value}': expected one of ${FORMATS.join(', ')}`);
      }
      if (formatSeen) throw new UsageError('--format given more than once');
      formatSeen = true;
      args.format = value as OutputFormat;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      args.paths.push(arg);
    }
  }
  return args;
}
