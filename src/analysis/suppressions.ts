// Suppression comments, documented in the README:
//   // address-in-use-ignore-next-line [rule-id ...]   on the line above the finding
//   // address-in-use-ignore-line [rule-id ...]        at the end of the finding's line
// (`/* ... */` in C, `# ...` in Python.)
// Without rule ids every rule is silenced on that line. Only real comments count (from the
// syntax tree), so the marker inside a string literal silences nothing.
import type { Tree } from 'web-tree-sitter';
import type { Finding, Fix, RuleId } from './types';
import { eolOf } from './text';

const MARKER = /address-in-use-ignore-(next-line|line)\b([^*\n]*)/;
const QUICK_TEST = 'address-in-use-ignore';
/** A line that is only an ignore-next-line comment naming rules; group 1 ends after the last rule. */
const IGNORE_NEXT_LINE_ABOVE =
  /^([ \t]*(?:\/\/|\/\*|#)[ \t]*address-in-use-ignore-next-line\b[^*\n]*?[a-z0-9-])[ \t]*(?:\*\/)?[ \t]*$/;

/** Line number -> rule ids silenced there (an empty set silences every rule). */
export type Suppressions = Map<number, Set<string>>;

export function collectSuppressions(text: string, tree: Tree): Suppressions {
  const result: Suppressions = new Map();
  if (!text.includes(QUICK_TEST)) return result;
  for (const comment of tree.rootNode.descendantsOfType('comment')) {
    if (!comment) continue;
    const match = MARKER.exec(comment.text);
    if (!match) continue;
    const line = match[1] === 'next-line' ? comment.endPosition.row + 1 : comment.startPosition.row;
    const rules = match[2].split(/[\s,]+/).filter((r) => /^[a-z][a-z0-9-]*$/.test(r));
    const existing = result.get(line);
    if (existing && existing.size === 0) continue;
    if (rules.length === 0) result.set(line, new Set());
    else result.set(line, new Set([...(existing ?? []), ...rules]));
  }
  return result;
}

export function isSuppressed(finding: Finding, suppressions: Suppressions): boolean {
  const rules = suppressions.get(finding.range.start.line);
  return rules !== undefined && (rules.size === 0 || rules.has(finding.rule));
}

/**
 * "Ignore this line": a comment above the finding's line, indented like it.
 * `lineStart` is the offset where the finding's line begins (callers compute line starts once
 * per file: splitting the text per finding made a 10,000-line file slow to re-analyze), and `eol`
 * likewise (in a one-line bundle each search for a line break ran to the end of the file).
 */
/** How the "Ignore" fix writes its comment: line (`//`), block (C) or hash (Python). */
export type CommentStyle = 'line' | 'block' | 'hash';

export function ignoreLineFix(text: string, lineStart: number, finding: Finding, style: CommentStyle, eol = eolOf(text)): Fix {
  const line = finding.range.start.line;
  const title = `Ignore ${finding.rule} on this line`;
  // Another rule already ignored on this line: name this one in that comment too. A second
  // comment above it would be the line the first one silences, and its finding would return.
  const existing = line > 0 ? ignoreCommentAbove(text, lineStart) : undefined;
  if (existing !== undefined) {
    const at = { line: line - 1, character: existing };
    return { title, edits: [{ range: { start: at, end: at }, newText: ` ${finding.rule}` }] };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))?.[0] ?? '';
  const body = `address-in-use-ignore-next-line ${finding.rule satisfies RuleId}`;
  const comment = style === 'block' ? `/* ${body} */` : style === 'hash' ? `# ${body}` : `// ${body}`;
  return {
    title,
    edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: indent + comment + eol }],
  };
}

/** Where a rule id can be appended to the ignore-next-line comment on the line above `lineStart`, if it is one. */
function ignoreCommentAbove(text: string, lineStart: number): number | undefined {
  let end = lineStart - 1; // the line break before the finding's line
  if (end > 0 && text[end] === '\n' && text[end - 1] === '\r') end--;
  // Walk back over this one line only: lastIndexOf('\r') in a file without one ran to its start
  // for every finding (quadratic in a file with thousands of findings).
  let start = end;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const match = IGNORE_NEXT_LINE_ABOVE.exec(text.slice(start, end));
  return match ? match[1].length : undefined;
}
