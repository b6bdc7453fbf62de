// A content change as VS Code reports it, made from an offset in `text`: for tests that edit a
// document the way the editor does.
import type { TextChange } from '../../src/analysis/incremental';
import { lineStarts, positionAt } from '../../src/analysis/text';

export function textChange(text: string, offset: number, deleted: number, inserted: string): TextChange {
  const starts = lineStarts(text);
  return {
    rangeOffset: offset,
    rangeLength: deleted,
    range: { start: positionAt(starts, offset), end: positionAt(starts, offset + deleted) },
    text: inserted,
  };
}
