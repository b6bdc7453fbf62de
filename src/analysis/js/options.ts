// Reading a boolean option (`reuseAddr`, `reuseAddress`, `reusePort`) from the options
// argument of a call: an object literal in the call, or one a local constant holds.
import type { Node } from 'web-tree-sitter';
import { type FileFacts, lookup } from './file-facts';
import {
  argumentsOf,
  hasSpread,
  namedChildren,
  isLiteralFalse,
  isLiteralTrue,
  objectProperty,
  propertyValue,
  unwrap,
} from './syntax';

export type OptionState =
  /** Literally `true`. */
  | 'on'
  /** Absent from a fully visible object, literally `false`, or no options object at all. */
  | 'off'
  /** Set by an expression (`opts.reuseAddr !== false`): the author's knob, never a finding. */
  | 'expression'
  /** The options come from somewhere this file does not show (a parameter, a spread). */
  | 'unknown';

export interface OptionReading {
  state: OptionState;
  /** The object literal holding the options, when there is one (the place a fix edits). */
  object?: Node;
  /** The `key: value` pair, when present. */
  property?: Node;
}

/** The object literal `arg` is, directly or through a local `const`. */
export function objectLiteralOf(facts: FileFacts, arg: Node | undefined): Node | undefined {
  if (!arg) return undefined;
  const node = unwrap(arg);
  if (node.type === 'object') return node;
  if (node.type === 'identifier') {
    const decl = lookup(facts, node);
    if (decl?.kind === 'variable' && decl.constant && !decl.path && decl.value && unwrap(decl.value).type === 'object')
      return unwrap(decl.value);
  }
  return undefined;
}

/**
 * Reads `name` from the call's first argument. A string first argument (`createSocket('udp4')`)
 * means no options at all.
 */
export function readOption(facts: FileFacts, call: Node, name: string): OptionReading {
  const first = argumentsOf(call)[0];
  if (!first) return { state: 'off' };
  const inner = unwrap(first);
  if (inner.type === 'string' || inner.type === 'template_string' || inner.type === 'number') return { state: 'off' };
  const object = objectLiteralOf(facts, first);
  if (object) return readProperty(object, name);
  // `const TYPE = 'udp4'; createSocket(TYPE)`: a socket type, so no options either.
  if (inner.type === 'identifier') {
    const decl = lookup(facts, inner);
    const value = decl?.kind === 'variable' && decl.constant && !decl.path && decl.value ? unwrap(decl.value) : undefined;
    if (value?.type === 'string' || value?.type === 'template_string') return { state: 'off' };
  }
  return { state: 'unknown' };
}

function readProperty(object: Node, name: string): OptionReading {
  const property = objectProperty(object, name);
  if (!property) return { state: hasSpread(object) ? 'unknown' : 'off', object };
  // `{ reuseAddr: false, ...overrides }`: a later spread may set it.
  if (namedChildren(object).some((c) => c.type === 'spread_element' && c.startIndex > property.startIndex))
    return { state: 'unknown', object, property };
  const value = propertyValue(property);
  if (property.type === 'pair' && isLiteralTrue(value)) return { state: 'on', object, property };
  if (property.type === 'pair' && isLiteralFalse(value)) return { state: 'off', object, property };
  return { state: 'expression', object, property };
}
