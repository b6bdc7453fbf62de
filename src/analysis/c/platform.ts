// Which code is compiled for Windows only: there SO_REUSEADDR lets another process take the
// port, and a bind needs no reuse to survive TIME_WAIT.
import type { Node, Tree } from 'web-tree-sitter';

const WINDOWS_MACROS = new Set(['_WIN32', '_WIN64', 'WIN32', '_MSC_VER', '__MINGW32__']);
const WINDOWS_HEADERS = /^<\s*(winsock2|windows)\.h\s*>$/i;
const WINDOWS_FOLDER = /(^|[\\/])(win|win32|windows)[\\/]/i;

/** A file under a `win`/`win32`/`windows` folder, or one including winsock2.h/windows.h unconditionally. */
export function isWindowsFile(filePath: string, tree: Tree): boolean {
  if (WINDOWS_FOLDER.test(filePath)) return true;
  for (const child of tree.rootNode.namedChildren) {
    if (child?.type === 'preproc_include' && WINDOWS_HEADERS.test(child.childForFieldName('path')?.text ?? '')) return true;
  }
  return false;
}

/** `defined(_WIN32) || defined(_WIN64)` → true; `!defined(_WIN32)` → false (its #else is Windows). */
function conditionIsWindows(condition: string, negated: boolean): boolean {
  const term = new RegExp(`^${negated ? '!' : ''}(?:defined\\(?(\\w+)\\)?|(\\w+))$`);
  return condition.replace(/\s+/g, '').split(negated ? '&&' : '||').every((t) => {
    const m = term.exec(t);
    return !!m && WINDOWS_MACROS.has(m[1] ?? m[2]);
  });
}

function windowsBranch(container: Node, child: Node): boolean {
  const alternative = container.childForFieldName('alternative');
  const inAlternative = !!alternative && alternative.id === child.id;
  if (container.type === 'preproc_ifdef') {
    const directive = container.child(0)?.text ?? '';
    const name = container.childForFieldName('name')?.text ?? '';
    if (!WINDOWS_MACROS.has(name)) return false;
    return directive === '#ifdef' ? !inAlternative : inAlternative;
  }
  // #if / #elif
  const condition = container.childForFieldName('condition')?.text ?? '';
  if (!inAlternative) return conditionIsWindows(condition, false);
  return alternative?.type === 'preproc_else' && conditionIsWindows(condition, true);
}

/** True when `node` sits in a preprocessor branch only Windows compiles. */
export function isWindowsOnly(node: Node): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if ((p.type === 'preproc_ifdef' || p.type === 'preproc_if' || p.type === 'preproc_elif') && windowsBranch(p, child)) return true;
  }
  return false;
}
