// Keeps one document's syntax tree current across edits: each change is applied with
// `tree.edit` and the text reparsed incrementally, which reuses every unchanged subtree.
// Offsets and columns are UTF-16 code units, the unit of both VS Code and web-tree-sitter.
import type { Edit, Tree } from 'web-tree-sitter';
import type { GrammarId, ParserService } from './parser';
import { endOf } from './text';
import type { Position } from './types';

/** One content change as VS Code reports it (`TextDocumentContentChangeEvent`). */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  range: { start: Position; end: Position };
  text: string;
}

function toTreeEdit(change: TextChange): Edit {
  const start = change.range.start;
  const end = endOf(start, change.text);
  return {
    startIndex: change.rangeOffset,
    oldEndIndex: change.rangeOffset + change.rangeLength,
    newEndIndex: change.rangeOffset + change.text.length,
    startPosition: { row: start.line, column: start.character },
    oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
    newEndPosition: { row: end.line, column: end.character },
  };
}

/** A document's current text and tree. Call `dispose()` to free the tree. */
export class IncrementalDocument {
  /** Edits were applied to `current` since it was parsed. */
  private stale = false;

  private constructor(
    private readonly service: ParserService,
    readonly grammar: GrammarId,
    private current: Tree,
    private currentText: string,
  ) {}

  static async open(service: ParserService, grammar: GrammarId, text: string): Promise<IncrementalDocument> {
    await service.language(grammar);
    return IncrementalDocument.openLoaded(service, grammar, text);
  }

  /** Synchronous `open` for a grammar already loaded by `service.language()`. */
  static openLoaded(service: ParserService, grammar: GrammarId, text: string): IncrementalDocument {
    return new IncrementalDocument(service, grammar, service.parseLoaded(grammar, text), text);
  }

  /** The tree of the current text: parsed now if edits were recorded since (see `edit`). */
  get tree(): Tree {
    if (this.stale) {
      const old = this.current;
      this.current = this.service.parseLoaded(this.grammar, this.currentText, old);
      old.delete();
      this.stale = false;
    }
    return this.current;
  }

  get text(): string {
    return this.currentText;
  }

  /**
   * Applies `changes` (in the order VS Code gives them) and reparses `newText`.
   * Without changes (e.g. the text was replaced wholesale) it parses from scratch.
   */
  update(newText: string, changes: readonly TextChange[]): void {
    this.edit(newText, changes);
    void this.tree;
  }

  /**
   * Records `changes` on the tree and leaves the reparse to the next read of `tree`: a caller that
   * can do without the whole file's tree for this edit (c/component-analysis.ts) saves the parse.
   */
  edit(newText: string, changes: readonly TextChange[]): void {
    if (changes.length === 0) {
      // No edits to reuse the old tree by: parse from scratch.
      const next = this.service.parseLoaded(this.grammar, newText);
      this.current.delete();
      this.current = next;
      this.stale = false;
    } else {
      for (const change of changes) this.current.edit(toTreeEdit(change));
      this.stale = true;
    }
    this.currentText = newText;
  }

  dispose(): void {
    this.current.delete();
  }
}
