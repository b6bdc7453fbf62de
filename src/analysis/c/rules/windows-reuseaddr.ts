// windows-reuseaddr: SO_REUSEADDR in code compiled for Windows, where it lets others take the port.
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../../types';
import { messages } from '../messages';
import type { CModel } from '../model';
import type { BindFacts } from '../sockets';
import { firstLineRange, nodeRange, unwrap } from '../syntax';
import { problemsOf } from './sockopt-misuse';

function reuseaddrName(optname: Node | undefined): Node | undefined {
  const value = unwrap(optname);
  if (!value) return undefined;
  if (value.type === 'identifier') return value.text === 'SO_REUSEADDR' ? value : undefined;
  return value.descendantsOfType('identifier').find((n) => n?.text === 'SO_REUSEADDR') ?? undefined;
}

export function windowsReuseaddr(model: CModel, binds: BindFacts[]): Finding[] {
  const findings: Finding[] = [];
  // A late call is reported by reuseaddr-after-bind, whose move fix also switches the option.
  const late = new Set(binds.map((b) => (b.lateReuse && !problemsOf(model, b.lateReuse) ? b.lateReuse.call.id : -1)));
  for (const site of model.posixCalls('setsockopt')) {
    const name = reuseaddrName(site.args[2]);
    // A misused call gets one finding (sockopt-misuse), whose fix also switches to SO_EXCLUSIVEADDRUSE.
    if (!name || !model.isWindowsOnly(site.call) || problemsOf(model, site) || late.has(site.call.id)) continue;
    findings.push({
      rule: 'windows-reuseaddr',
      severity: 'warning',
      message: messages.windowsReuse(),
      range: firstLineRange(site.callee, site.call, model.file.text),
      fixes: [
        {
          title: 'Use SO_EXCLUSIVEADDRUSE',
          edits: [{ range: nodeRange(name), newText: 'SO_EXCLUSIVEADDRUSE' }],
          isPreferred: true,
        },
      ],
    });
  }
  return findings;
}
