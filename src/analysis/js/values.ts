// What a JS/TS expression visibly is, a port number or a string, following names to their
// declarations in scope: constants and variables, destructuring and parameter defaults
// (`const { PORT = 3000 } = process.env`, `function start(port = 8080)`), `process.env.PORT || 3000`,
// `Number(x)`, `parseInt(x)`, `{ port }`. Undefined for anything computed.
import type { Node } from 'web-tree-sitter';
import { type Declaration, type FileFacts, lookup } from './file-facts';
import { argumentsOf, objectProperty, propertyValue, unwrap } from './syntax';

const MAX_DEPTH = 8;

/** A string literal's text; escapes other than `\\`, `\0` (the abstract namespace's lead byte) and quotes make it unknowable. */
function decoded(raw: string): string | undefined {
  let unknowable = false;
  const text = raw.replace(/\\(.)/g, (_, c: string) => {
    if (c === '0') return '\0';
    if (c === '\\' || c === '"' || c === "'" || c === '`') return c;
    unknowable = true;
    return '';
  });
  return unknowable ? undefined : text;
}

function literalText(node: Node): string | undefined {
  if (node.type === 'string') return decoded(node.text.slice(1, -1));
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution'))
    return decoded(node.text.slice(1, -1));
  return undefined;
}

const DEFAULT_TYPES = ['assignment_pattern', 'object_assignment_pattern', 'required_parameter'];

/** The default a destructuring pattern or parameter list gives `name` (`{ PORT = 3000 }`, `port = 8080`). */
function defaultIn(pattern: Node | null | undefined, name: string): Node | undefined {
  if (!pattern) return undefined;
  // Only the types the grammar has (JavaScript has no required_parameter).
  const types = DEFAULT_TYPES.filter((t) => pattern.tree.language.idForNodeType(t, true) !== null);
  for (const p of pattern.descendantsOfType(types)) {
    if (!p) continue;
    const left = p.childForFieldName(p.type === 'required_parameter' ? 'pattern' : 'left');
    const right = p.childForFieldName(p.type === 'required_parameter' ? 'value' : 'right');
    if (left?.text === name && right) return right;
  }
  return undefined;
}

/** What a name's declaration gives it: a variable's initializer, or the default of a destructured name or parameter. */
function declaredValue(decl: Declaration): Node | undefined {
  if (decl.kind === 'variable') return decl.path ? defaultIn(decl.node.childForFieldName('name'), decl.name) : decl.value;
  if (decl.kind !== 'parameter') return undefined;
  const fn = decl.node;
  return defaultIn(fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter'), decl.name);
}

function valueOfName(facts: FileFacts, node: Node): Node | undefined {
  const decl = lookup(facts, node);
  return decl ? declaredValue(decl) : undefined;
}

/** The string an expression visibly is. */
export function stringOf(facts: FileFacts, expr: Node | null | undefined, depth = 0): string | undefined {
  if (!expr || depth > MAX_DEPTH) return undefined;
  const node = unwrap(expr);
  const literal = literalText(node);
  if (literal !== undefined) return literal;
  if (node.type === 'identifier' || node.type === 'shorthand_property_identifier')
    return stringOf(facts, valueOfName(facts, node), depth + 1);
  return undefined;
}

function asPort(n: number): number | undefined {
  return Number.isInteger(n) && n > 0 && n <= 65535 ? n : undefined;
}

/** The port an expression visibly is: a number, a numeric string, a name for one, `env.PORT || 3000`, `{ port }`. */
export function portOf(facts: FileFacts, expr: Node | null | undefined, depth = 0): number | undefined {
  if (!expr || depth > MAX_DEPTH) return undefined;
  const node = unwrap(expr);
  switch (node.type) {
    case 'number':
      return asPort(Number(node.text.replace(/_/g, '')));
    case 'string':
    case 'template_string': {
      const text = literalText(node);
      return text !== undefined && /^\s*\d{1,5}\s*$/.test(text) ? asPort(Number(text)) : undefined;
    }
    case 'identifier':
    case 'shorthand_property_identifier':
      return portOf(facts, valueOfName(facts, node), depth + 1);
    case 'unary_expression':
      return node.child(0)?.type === '+' ? portOf(facts, node.childForFieldName('argument'), depth + 1) : undefined;
    case 'binary_expression': {
      // `process.env.PORT || 3000`, `env.PORT ?? 3000`: the left side when it is known, else the default.
      const op = node.childForFieldName('operator')?.type;
      if (op !== '||' && op !== '??') return undefined;
      return (
        portOf(facts, node.childForFieldName('left'), depth + 1) ?? portOf(facts, node.childForFieldName('right'), depth + 1)
      );
    }
    case 'call_expression': {
      // Number(x), parseInt(x, 10), Number.parseInt(x): the port is x's.
      const fn = node.childForFieldName('function')?.text;
      if (fn !== 'Number' && fn !== 'parseInt' && fn !== 'Number.parseInt') return undefined;
      return portOf(facts, argumentsOf(node)[0], depth + 1);
    }
    case 'object': {
      // listen({ port: 3000 }), Deno.serve({ port }), Bun.serve({ port: 8080, fetch })
      const prop = objectProperty(node, 'port');
      return prop ? portOf(facts, propertyValue(prop), depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}
