// Fix for missing-reuseaddr on a POSIX bind: a setsockopt(SO_REUSEADDR) before the bind statement.
import type { Fix } from '../../types';
import type { CModel } from '../model';
import type { BindFacts } from '../sockets';
import { insertBefore } from './edits';
import { existingFlag, freshFlagName, unusedIntVariable } from './flag';
import { mirrorStatement } from './check-style';

export function insertReuseFix(model: CModel, facts: BindFacts, reserved: Set<string>): Fix | undefined {
  const { site } = facts;
  const stmt = model.statementOf(site.call);
  // `if ((fd = socket(...)) < 0 || bind(fd, ...) < 0)`: nothing can go between the two.
  if (facts.from >= stmt.startIndex) return undefined;
  const lines: string[] = [];
  let flag = existingFlag(model, facts.func, stmt);
  const unused = flag ? undefined : unusedIntVariable(model, facts.func, stmt);
  if (unused && !reserved.has(unused)) {
    reserved.add(unused);
    flag = unused;
    lines.push(`${flag} = 1;`);
  } else if (!flag) {
    flag = freshFlagName(model, facts.func, reserved);
    lines.push(`int ${flag} = 1;`);
  }
  const callee = site.global ? '::setsockopt' : 'setsockopt';
  const call = `${callee}(${site.args[0].text}, SOL_SOCKET, SO_REUSEADDR, &${flag}, sizeof(${flag}))`;
  lines.push(...mirrorStatement(stmt, site.call, call, 'bind', 'setsockopt', (n) => model.parentOf(n, facts.func)));
  // Directly under `case X:` a declaration is an error in C (and jumps across it in C++): give it a block.
  if (lines[0].startsWith('int ') && model.parentOf(stmt, facts.func)?.type === 'case_statement') {
    lines.splice(0, lines.length, `{ ${lines.join(' ')} }`);
  }
  return {
    title: `Set SO_REUSEADDR on \`${facts.key}\` before bind`,
    edits: [insertBefore(model, stmt, lines)],
    isPreferred: true,
  };
}
