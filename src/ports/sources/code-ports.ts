// Ports the workspace's code binds, read from the analyzer's per-file model and its value
// evaluator (the rules' own, no second copy): C/C++ `sin_port = htons(PORT)` with `#define` /
// enum / `const int`, `getaddrinfo(NULL, "8080", ...)` (src/analysis/c/bound.ts); JS/TS `listen(3000)`,
// `listen(process.env.PORT || 3000)`, `listen({ port })`, dgram `bind(5353)`, `Deno.serve({ port })`,
// `Bun.serve({ port })` (src/analysis/js/bound.ts); Python through its model (python-ports.ts).
// A cheap textual pre-filter runs first: most files of a workspace bind nothing and are never parsed.
import type { Tree } from 'web-tree-sitter';
import { boundPorts as cBoundPorts } from '../../analysis/c/bound';
import { boundPorts as jsBoundPorts } from '../../analysis/js/bound';
import { type GrammarId, type ParserService, isCFamily } from '../../analysis/parser';
import { cModelOf, jsModelOf } from './code-model';
import { type FoundPort, SourceLocator } from './source';
import { mayBindPythonPort, pythonCodePorts } from './python-ports';

/** False when the text cannot bind a port we can read: such files are never parsed. */
export function mayBindPort(grammar: GrammarId, text: string): boolean {
  if (grammar === 'python') return mayBindPythonPort(text);
  if (isCFamily(grammar)) return /\bbind\s*\(/.test(text) && /\b(?:htons|getaddrinfo)\s*\(/.test(text);
  return /\b(?:listen|bind|serve|listenDatagram)\s*\(/.test(text);
}

/** `parsed`: a tree of `text` the caller already has (and frees); without it the file is parsed here. */
export async function codePorts(
  service: ParserService,
  grammar: GrammarId,
  file: string,
  text: string,
  parsed?: Tree,
): Promise<FoundPort[]> {
  if (!mayBindPort(grammar, text)) return [];
  const tree = parsed ?? (await service.parse(grammar, text));
  try {
    if (grammar === 'python') return pythonCodePorts(file, text, tree);
    const locate = new SourceLocator(file, text, 'code');
    const bound = isCFamily(grammar) ? cBoundPorts(cModelOf(file, text, tree)) : jsBoundPorts(jsModelOf(file, text, tree));
    return bound.map((b) => locate.found(b.port, b.at.startIndex, b.protocol));
  } finally {
    if (!parsed) tree.delete();
  }
}
