// sockopt-misuse (error): an address-reuse option set with the wrong level, or-ed names, an optval
// that is not a pointer, or an optlen that is not the size of the int. The fix writes the call right.
import type { Node } from 'web-tree-sitter';
import type { Finding, TextEdit } from '../../types';
import { insertBefore } from '../fixes/edits';
import { type ReservedFlagNames, existingFlag, freshFlagName } from '../fixes/flag';
import { messages } from '../messages';
import type { CModel, CallSite } from '../model';
import { BIND_TIME_OPTIONS, isOredOptions } from '../options';
import { firstLineRange, nodeRange, unwrap } from '../syntax';
import { declaredType } from '../values';

const WRONG_LEVEL = /^(IPPROTO_\w+|SOL_(TCP|UDP|IP|IPV6)|SOCK_\w+|\d+)$/;
const SMALL_TYPES = /^(char|signed char|unsigned char|short|unsigned short|bool|_Bool)$|\*/;

interface Problems {
  level?: string;
  ored?: boolean;
  optval?: string;
  optlen?: string;
}

/** The variable optval points to (`on` in `&on`, `(const char *)&on`), if visible. */
function optvalTarget(optval: Node | undefined): Node | undefined {
  const value = unwrap(optval);
  if (value?.type !== 'pointer_expression' || value.child(0)?.text !== '&') return undefined;
  const target = unwrap(value.childForFieldName('argument'));
  return target?.type === 'identifier' ? target : undefined;
}

function isPointerValued(model: CModel, site: CallSite, value: Node): boolean {
  if (value.type === 'number_literal' || value.type === 'true' || value.type === 'false' || value.type === 'char_literal')
    return false;
  if (value.type === 'identifier') {
    const decl = declaredType(model, site.func, value.text);
    return !decl || decl.pointer || decl.type.includes('*');
  }
  return true;
}

/** A variable whose own size is not an int's: a pointer (not an array) or a narrower type (`char on`). */
function hasWrongSize(model: CModel, site: CallSite, name: string): boolean {
  const decl = declaredType(model, site.func, name);
  return !!decl && ((decl.pointer && !decl.array) || SMALL_TYPES.test(decl.type.trim()));
}

function sizeIsWrong(model: CModel, site: CallSite, optlen: Node): boolean {
  const len = unwrap(optlen);
  if (!len) return false;
  if (len.type === 'number_literal') return len.text !== '4';
  if (len.type !== 'sizeof_expression') return false;
  const typeNode = len.childForFieldName('type');
  if (typeNode) {
    if (SMALL_TYPES.test(typeNode.text.replace(/\s+/g, ' ').trim())) return true;
    // `sizeof(int)` beside `&flag` of a `char flag`: the kernel reads an int's bytes from a char.
    const target = optvalTarget(site.args[3]);
    return !!target && hasWrongSize(model, site, target.text);
  }
  const operand = unwrap(len.childForFieldName('value'));
  if (!operand) return false;
  if (operand.type === 'pointer_expression') return operand.child(0)?.text === '&';
  if (operand.type === 'identifier') return hasWrongSize(model, site, operand.text);
  return false;
}

export function problemsOf(model: CModel, site: CallSite): Problems | undefined {
  const [, level, optname, optval, optlen] = site.args;
  if (!level || !optname || !optval || !optlen) return undefined;
  // Through the file's macros: `#define REUSE_OPT SO_REUSEADDR` names the option too.
  const names = model.optionNames(optname);
  if (!names.some((n) => BIND_TIME_OPTIONS.has(n))) return undefined;
  const problems: Problems = {};
  const levelText = level.text.trim();
  if (levelText !== 'SOL_SOCKET' && WRONG_LEVEL.test(levelText)) problems.level = levelText;
  if (isOredOptions(optname)) problems.ored = true;
  const value = unwrap(optval);
  if (value && !isPointerValued(model, site, value)) problems.optval = value.text;
  if (sizeIsWrong(model, site, optlen)) problems.optlen = optlen.text;
  return Object.keys(problems).length ? problems : undefined;
}

function messageOf(p: Problems): string {
  if (p.level) return messages.misuseLevel(p.level);
  if (p.ored) return messages.misuseOred();
  if (p.optval !== undefined) return messages.misuseOptval(p.optval);
  return messages.misuseOptlen(p.optlen ?? '');
}

function correctedFix(model: CModel, site: CallSite, p: Problems, reserved: Set<string>) {
  const [fd, , optname, optval] = site.args;
  const stmt = model.statementOf(site.call);
  const edits: TextEdit[] = [];
  let valueText = optval.text;
  const value = unwrap(optval);
  // The int the corrected call points to: `on` for `&on`, or for `on` passed by value.
  let flag = p.optval === undefined ? optvalTarget(optval)?.text : value?.type === 'identifier' ? value.text : undefined;
  // `char on`: sizeof(on) would stay wrong, so the call points to an int flag instead.
  const wrongSizedFlag = flag !== undefined && hasWrongSize(model, site, flag);
  if (p.optval !== undefined || wrongSizedFlag) {
    if (!flag || wrongSizedFlag) {
      flag = existingFlag(model, site.func, stmt);
      if (!flag) {
        flag = freshFlagName(model, site.func, reserved);
        edits.push(insertBefore(model, stmt, [`int ${flag} = 1;`]));
      }
    }
    // Winsock declares optval as `const char *`.
    valueText = model.isWindowsOnly(site.call) ? `(const char *)&${flag}` : `&${flag}`;
  }
  const lenText = flag ? `sizeof(${flag})` : value?.type === 'identifier' ? `sizeof(*${value.text})` : site.args[4].text;
  // In Windows code the corrected call is also the windows-reuseaddr fix (one edit, not two overlapping).
  const windows = model.isWindowsOnly(site.call);
  const names = model
    .optionNames(optname)
    .filter((n) => BIND_TIME_OPTIONS.has(n))
    .map((n) => (windows && n === 'SO_REUSEADDR' ? 'SO_EXCLUSIVEADDRUSE' : n));
  const callee = site.callee.text;
  const callFor = (name: string) => `${callee}(${fd.text}, SOL_SOCKET, ${name}, ${valueText}, ${lenText})`;
  const parent = model.parentOf(site.call, site.func);
  const alone = parent?.type === 'expression_statement' && stmt.id === parent.id;
  if (p.ored && names.length > 1 && alone) {
    const indent = model.indentOf(stmt);
    const eol = model.file.text.includes('\r\n') ? '\r\n' : '\n';
    edits.push({ range: nodeRange(stmt), newText: names.map((n) => `${callFor(n)};`).join(eol + indent) });
  } else {
    const name = names.find((n) => n === 'SO_REUSEADDR' || n === 'SO_EXCLUSIVEADDRUSE') ?? names[0];
    edits.push({ range: nodeRange(site.call), newText: callFor(name) });
  }
  return { title: 'Correct the setsockopt call', edits, isPreferred: true };
}

export function sockoptMisuse(model: CModel, flagNames: ReservedFlagNames): Finding[] {
  const findings: Finding[] = [];
  for (const site of model.posixCalls('setsockopt')) {
    const problems = problemsOf(model, site);
    if (!problems) continue;
    findings.push({
      rule: 'sockopt-misuse',
      severity: 'error',
      message: messageOf(problems),
      range: firstLineRange(site.callee, site.call, model.file.text),
      fixes: [correctedFix(model, site, problems, flagNames.in(site.func))],
    });
  }
  return findings;
}
