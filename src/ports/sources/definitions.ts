// Name -> the values a file assigns it (`#define PORT 8080`, `const SOCK = '/tmp/a.sock'`), from
// a query capturing @name and @value: what the port and socket-path evaluators follow names to.
import type { Node, Query } from 'web-tree-sitter';

export function collectDefinitions(root: Node, definitions: Query): Map<string, Node[]> {
  const byName = new Map<string, Node[]>();
  for (const match of definitions.matches(root)) {
    const name = match.captures.find((cap) => cap.name === 'name')?.node;
    const value = match.captures.find((cap) => cap.name === 'value')?.node;
    if (!name || !value) continue;
    const list = byName.get(name.text) ?? [];
    list.push(value);
    byName.set(name.text, list);
  }
  return byName;
}
