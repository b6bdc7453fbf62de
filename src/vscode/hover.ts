// Hover on a bind/listen/createSocket call: whether reuse is on for that socket, and why.
import * as vscode from 'vscode';
import type { EditorAnalysis } from './editor-analysis';
import { toRange } from './convert';

export class AddressReuseHover implements vscode.HoverProvider {
  constructor(private readonly analysis: EditorAnalysis) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const result = this.analysis.result(document.uri);
    if (!result || result.version !== document.version) return undefined;
    const hover = result.hovers.find((h) => toRange(h.range).contains(position));
    if (!hover) return undefined;
    const markdown = new vscode.MarkdownString(hover.markdown);
    return new vscode.Hover(markdown, toRange(hover.range));
  }
}
