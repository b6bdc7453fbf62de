// Code that runs only on Windows: the branch of `if os.name == 'nt':`,
// `sys.platform == 'win32'`, `sys.platform.startswith('win')`, `platform.system() == 'Windows'`
// (or the else branch of their negation), also through a module flag (`IS_WIN = os.name == 'nt'`)
// and in conditional expressions.
import type { Node } from 'web-tree-sitter';
import type { Evaluator } from './values';

type Platform = 'windows' | 'not-windows' | undefined;

function strValue(evaluator: Evaluator, node: Node | null | undefined): string | undefined {
  const v = evaluator.evaluate(node);
  return v.kind === 'str' ? v.value : undefined;
}

function strings(evaluator: Evaluator, node: Node | null | undefined): string[] {
  const v = evaluator.evaluate(node);
  if (v.kind === 'str') return [v.value];
  if (v.kind === 'tuple') return v.items.flatMap((i) => (i.kind === 'str' ? [i.value] : []));
  return [];
}

const WINDOWS_NAMES = (q: string | undefined, value: string): boolean | undefined => {
  if (q === 'os.name') return value === 'nt';
  if (q === 'sys.platform') return value === 'win32' || value === 'win64';
  if (q === 'platform.system()') return value === 'Windows';
  return undefined;
};

function subject(evaluator: Evaluator, node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'call' && (node.childForFieldName('arguments')?.namedChildCount ?? 0) === 0) {
    const q = evaluator.imports.qualify(node.childForFieldName('function'));
    return q ? q + '()' : undefined;
  }
  return evaluator.imports.qualify(node);
}

/** What a condition says about the platform when it is true. */
export function conditionPlatform(evaluator: Evaluator, cond: Node | null | undefined, depth = 0): Platform {
  if (!cond || depth > 6) return undefined;
  switch (cond.type) {
    case 'parenthesized_expression':
      return conditionPlatform(evaluator, cond.namedChild(0), depth + 1);
    case 'not_operator': {
      const p = conditionPlatform(evaluator, cond.childForFieldName('argument'), depth + 1);
      return p === 'windows' ? 'not-windows' : p === 'not-windows' ? 'windows' : undefined;
    }
    case 'boolean_operator': {
      if (cond.childForFieldName('operator')?.type !== 'and') return undefined;
      const l = conditionPlatform(evaluator, cond.childForFieldName('left'), depth + 1);
      return l ?? conditionPlatform(evaluator, cond.childForFieldName('right'), depth + 1);
    }
    case 'comparison_operator': {
      const [left, right] = cond.namedChildren;
      const op = cond.children.find((c) => c && !c.isNamed)?.text;
      const q = subject(evaluator, left);
      const values = strings(evaluator, right);
      if (!q || values.length === 0) return undefined;
      const verdicts = values.map((v) => WINDOWS_NAMES(q, v));
      if (verdicts.some((v) => v === undefined)) return undefined;
      const any = verdicts.some(Boolean);
      if (op === '==' || op === 'in')
        return any ? 'windows' : q === 'os.name' && values.every((v) => v === 'posix') ? 'not-windows' : undefined;
      if (op === '!=' || op === 'not') return any ? 'not-windows' : undefined;
      return undefined;
    }
    case 'call': {
      // sys.platform.startswith('win')
      const fn = cond.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'startswith') return undefined;
      if (evaluator.imports.qualify(fn.childForFieldName('object')) !== 'sys.platform') return undefined;
      const prefix = strValue(evaluator, cond.childForFieldName('arguments')?.namedChild(0));
      return prefix !== undefined && 'win32'.startsWith(prefix) && prefix.length > 0 ? 'windows' : undefined;
    }
    case 'identifier': {
      // IS_WINDOWS = os.name == 'nt'
      const assigned = evaluator.assignedIn(evaluator.imports.rootNode).get(cond.text);
      if (assigned?.length !== 1) return undefined;
      return conditionPlatform(evaluator, assigned[0], depth + 1);
    }
    default:
      return undefined;
  }
}

/** Whether `node` sits in code that runs only on Windows. */
export function windowsOnly(evaluator: Evaluator, node: Node): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'if_statement' || p.type === 'elif_clause') {
      const platform = conditionPlatform(evaluator, p.childForFieldName('condition'));
      if (child.id === p.childForFieldName('consequence')?.id && platform === 'windows') return true;
    }
    if (p.type === 'else_clause' && p.parent?.type === 'if_statement') {
      // else of `if not-windows:` (only when no elif sits between)
      const ifs = p.parent;
      const hasElif = ifs.namedChildren.some((c) => c?.type === 'elif_clause');
      if (!hasElif && conditionPlatform(evaluator, ifs.childForFieldName('condition')) === 'not-windows') return true;
    }
    if (p.type === 'conditional_expression') {
      const [a, cond, b] = p.namedChildren;
      const platform = conditionPlatform(evaluator, cond);
      if (child.id === a?.id && platform === 'windows') return true;
      if (child.id === b?.id && platform === 'not-windows') return true;
    }
  }
  return false;
}
