// Adds a system header after the file's last top-level #include (or at the top) unless present.
import { eolOf } from '../../text';
import type { TextEdit } from '../../types';
import type { CModel } from '../model';

export function includeEdit(model: CModel, header: string): TextEdit | undefined {
  if (new RegExp(`#\\s*include\\s*<${header.replace('.', '\\.')}>`).test(model.file.text)) return undefined;
  let row = 0;
  for (const child of model.tree.rootNode.namedChildren) {
    if (child?.type === 'preproc_include') row = child.endPosition.row + (child.endPosition.column === 0 ? 0 : 1);
  }
  const at = { line: row, character: 0 };
  return { range: { start: at, end: at }, newText: `#include <${header}>${eolOf(model.file.text)}` };
}
