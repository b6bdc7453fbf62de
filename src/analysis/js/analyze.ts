// JavaScript and TypeScript rules. (Placeholder until the JS/TS rules land.)
import type { Tree } from 'web-tree-sitter';
import type { AnalysisContext } from '../context';
import type { AnalysisResult, SourceFile } from '../types';

/** Cheap textual test: a file that can't contain a finding is not parsed at all. */
export function mayHaveJsFindings(text: string): boolean {
  return /\b(listen|createSocket|listenDatagram|bind)\b/.test(text);
}

export function analyzeJs(_file: SourceFile, _tree: Tree, _context: AnalysisContext): AnalysisResult {
  return { findings: [], hovers: [] };
}
