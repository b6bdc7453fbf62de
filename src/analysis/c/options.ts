// setsockopt option names that matter here, and how a call names them.
import type { Node } from 'web-tree-sitter';
import { unwrap } from './syntax';

/** Options that let a bind succeed across TIME_WAIT (SO_REUSEPORT counts, per the issue). */
export const REUSE_OPTIONS = new Set(['SO_REUSEADDR', 'SO_REUSEPORT', 'SO_REUSEPORT_LB']);
/** Options that only work when set before bind. */
export const BIND_TIME_OPTIONS = new Set([...REUSE_OPTIONS, 'SO_EXCLUSIVEADDRUSE']);
/** A UDP receiver that joins a group is a server that needs to share its port. */
export const MULTICAST_JOINS = new Set([
  'IP_ADD_MEMBERSHIP',
  'IP_ADD_SOURCE_MEMBERSHIP',
  'IPV6_ADD_MEMBERSHIP',
  'IPV6_JOIN_GROUP',
  'MCAST_JOIN_GROUP',
  'MCAST_JOIN_SOURCE_GROUP',
]);

/** The option names in `SO_REUSEADDR`, `SO_REUSEADDR | SO_REUSEPORT`, `(SO_REUSEPORT)`. */
export function optionNames(optname: Node | undefined): string[] {
  const value = unwrap(optname);
  if (!value) return [];
  return value.text.split(/[\s|+()]+/).filter((n) => /^[A-Z_][A-Z0-9_]*$/.test(n));
}

export function isOredOptions(optname: Node | undefined): boolean {
  const value = unwrap(optname);
  return value?.type === 'binary_expression' && /[|+]/.test(value.childForFieldName('operator')?.text ?? '');
}
