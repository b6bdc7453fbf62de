// C and C++ rules. (Placeholder until the C rules land.)
import type { Tree } from 'web-tree-sitter';
import type { AnalysisContext } from '../context';
import type { AnalysisResult, SourceFile } from '../types';

/** Cheap textual test: a file that can't contain a finding is not parsed at all. */
export function mayHaveCFindings(text: string): boolean {
  return /\b(bind|setsockopt|evconnlistener_new_bind|acceptor)\b/.test(text);
}

export function analyzeC(_file: SourceFile, _tree: Tree, _context: AnalysisContext): AnalysisResult {
  return { findings: [], hovers: [] };
}
