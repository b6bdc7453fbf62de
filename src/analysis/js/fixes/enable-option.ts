// Fix builder: turn a boolean option on in an options object, or turn a bare socket type
// (`createSocket('udp4')`) into an options object that carries it, keeping any listener argument.
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import type { OptionReading } from '../options';
import { argumentsOf, namedChildren, nodeRange, pos, propertyValue } from '../syntax';

/** Edits that make `name: true` hold, given what `readOption` found; undefined when no edit is safe. */
export function enableOptionEdits(
  call: Node,
  reading: OptionReading,
  name: string,
  lines: readonly string[],
  eol = '\n',
): TextEdit[] | undefined {
  if (reading.property) {
    // `reuseAddr: false` -> `reuseAddr: true`
    const value = propertyValue(reading.property);
    return value === reading.property ? undefined : [{ range: nodeRange(value), newText: 'true' }];
  }
  if (reading.object) return [addPropertyEdit(reading.object, `${name}: true`, lines, eol)];
  const type = argumentsOf(call)[0];
  if (!type) return undefined;
  // `createSocket('udp4', onMessage)` -> `createSocket({ type: 'udp4', reuseAddr: true }, onMessage)`
  return [{ range: nodeRange(type), newText: `{ type: ${type.text}, ${name}: true }` }];
}

/** Adds `property` as the last property of an object literal, on its own line if the object is multi-line. */
function addPropertyEdit(object: Node, property: string, lines: readonly string[], eol = '\n'): TextEdit {
  const members = namedChildren(object);
  const last = members[members.length - 1];
  if (!last) return { range: nodeRange(object), newText: `{ ${property} }` };
  const end = pos(last.endPosition);
  if (last.startPosition.row === object.startPosition.row) return { range: { start: end, end }, newText: `, ${property}` };
  const indent = /^[ \t]*/.exec(lines[last.startPosition.row] ?? '')?.[0] ?? '';
  return { range: { start: end, end }, newText: `,${eol}${indent}${property}` };
}
