// The missing-reuseaddr fix for socketserver servers: `allow_reuse_address = True` in the body
// of the file's own server class (or True for its visibly false value); for a direct
// `TCPServer(...)`, a two-line subclass `ReusableTCPServer` with the attribute, used instead
// (it reads better than bind_and_activate=False plus server_bind()/server_activate(), and works
// in a `with` header or an argument alike).
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../types';
import { type PyModel, classBodyAssignment } from '../model';
import type { ServerBinding } from '../queries';
import { indentOf, nodeRange, ownsLine, statementsOf } from '../syntax';
import { insertBefore, lineStatement, unit } from './edits';
import { eolOf } from '../../text';

const TITLE = 'Set allow_reuse_address = True before the server binds';

export function serverReuseFix(model: PyModel, binding: ServerBinding): Fix | undefined {
  const cls = binding.server.cls;
  if ('workspace' in cls) return classBodyFix(model, cls.workspace);
  const construct = binding.construct?.node;
  const callee = construct?.childForFieldName('function');
  if (!construct || !callee) return undefined;
  return subclassFix(model, construct, callee);
}

export function classBodyFix(model: PyModel, cls: Node): Fix | undefined {
  const existing = classBodyAssignment(cls, 'allow_reuse_address');
  const right = existing?.childForFieldName('right');
  if (right) return { title: TITLE, isPreferred: true, edits: [{ range: nodeRange(right), newText: 'True' }] };
  const body = cls.childForFieldName('body');
  const statements = statementsOf(body);
  if (!body || statements.length === 0) return undefined;
  // After a docstring, if the class has one.
  const first = statements[0];
  const docstring = first.type === 'expression_statement' && first.namedChild(0)?.type === 'string' ? first : undefined;
  if (!ownsLine(model.text, first)) {
    // `class S(TCPServer): pass`
    const indent = indentOf(model.text, cls) + unit(model);
    const eol = eolOf(model.text);
    return {
      title: TITLE,
      isPreferred: true,
      edits: [
        {
          range: { start: nodeRange(first).start, end: nodeRange(first).start },
          newText: `${eol}${indent}allow_reuse_address = True${eol}${indent}`,
        },
      ],
    };
  }
  const edit: TextEdit = docstring
    ? {
        ...insertBefore(model, docstring, ['allow_reuse_address = True']),
        range: {
          start: { line: docstring.endPosition.row + 1, character: 0 },
          end: { line: docstring.endPosition.row + 1, character: 0 },
        },
      }
    : insertBefore(model, first, ['allow_reuse_address = True']);
  if (docstring) edit.newText = indentOf(model.text, docstring) + 'allow_reuse_address = True' + eolOf(model.text);
  return { title: TITLE, isPreferred: true, edits: [edit] };
}

function subclassFix(model: PyModel, construct: Node, callee: Node): Fix {
  const base = callee.text;
  const name = 'Reusable' + (base.split('.').pop() ?? 'Server');
  const edits: TextEdit[] = [{ range: nodeRange(callee), newText: name }];
  const existing = model.classes.get(name);
  if (!existing || existing.startIndex > construct.startIndex) {
    // Where the base's name is in scope: the top of the module, unless the function imports it itself.
    let anchor: Node = construct;
    while (anchor.parent && anchor.parent.type !== 'module') anchor = anchor.parent;
    const fn = localImportScope(construct);
    const stmt = fn ? lineStatement(model, construct) : anchor;
    const u = unit(model);
    edits.push(insertBefore(model, stmt, [`class ${name}(${base}):`, `${u}allow_reuse_address = True`, ...(fn ? [] : ['', ''])]));
  }
  return { title: `Use a subclass of ${base.split('.').pop()} with allow_reuse_address = True`, isPreferred: true, edits };
}

/** The function around `node` that imports names itself (then the subclass must live there). */
function localImportScope(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      const body = p.childForFieldName('body');
      if (body?.descendantsOfType(['import_statement', 'import_from_statement']).length) return p;
    }
  }
  return undefined;
}
