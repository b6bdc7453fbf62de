// The shape every port source returns: one found port and where it is written.
// Pure data; the sources never touch the file system themselves (discovery.ts reads files),
// so each one is a function of (path, text) that unit tests can call directly.
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { lineStarts, positionAt } from '../../analysis/text';
import type { Protocol } from '../model';

export type PortSourceKind = 'code' | 'env' | 'package-json' | 'launch-json' | 'docker-compose' | 'setting';

export interface PortSource {
  /** Absolute path of the file the port is written in; '' for a user-level setting (no workspace file). */
  file: string;
  /** 0-based line of the code that binds the port (the call, the `KEY=` line, the compose item). */
  line: number;
  /** 0-based UTF-16 column on that line. */
  column: number;
  kind: PortSourceKind;
  /** The source line, trimmed, for people (tooltips, QuickPick details). */
  text: string;
}

export interface FoundPort {
  port: number;
  protocol?: Protocol;
  source: PortSource;
}

export function isValidPort(n: number): boolean {
  // Port 0 asks the kernel for an ephemeral port: nothing to look up.
  return Number.isInteger(n) && n > 0 && n <= 65535;
}

/** Parses a decimal port written as digits only ('3000', not '3e3' or '0x0BB8'). */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return isValidPort(n) ? n : undefined;
}

/** Turns offsets into line/column and line text for one file, computing line starts once. */
export class SourceLocator {
  private starts: number[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly kind: PortSourceKind,
  ) {}

  at(offset: number): PortSource {
    this.starts ??= lineStarts(this.text);
    const { line, character } = positionAt(this.starts, offset);
    const lineStart = this.starts[line];
    const lineEnd = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    const text = this.text.slice(lineStart, lineEnd).trim();
    return {
      file: this.file,
      line,
      column: character,
      kind: this.kind,
      text: text.length > 200 ? `${text.slice(0, 199)}…` : text,
    };
  }

  found(port: number, offset: number, protocol?: Protocol): FoundPort {
    return protocol ? { port, protocol, source: this.at(offset) } : { port, source: this.at(offset) };
  }
}

/** The syntax tree of a JSON-with-comments file (package.json, launch.json, settings.json), as VS Code reads them. */
export function parseJsonc(text: string): Node | undefined {
  try {
    return parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    // jsonc-parser recurses per nesting level: 100,000 `[` overflow the stack. Such a file names no port.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Why a JSON-with-comments file cannot be read as data (the first syntax error, or nesting too deep), if it cannot. */
export function jsonProblem(text: string): string | undefined {
  const errors: ParseError[] = [];
  try {
    parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    if (error instanceof RangeError) return 'is nested too deeply to read: no ports read from it';
    throw error;
  }
  const first = errors[0];
  if (!first) return undefined;
  const line = lineStarts(text.slice(0, first.offset)).length;
  return `is not valid JSON (${printParseErrorCode(first.error)} on line ${line}): ports read only from the part that parses`;
}
