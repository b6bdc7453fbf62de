// libevent: evconnlistener_new_bind binds for you and sets SO_REUSEADDR only with LEV_OPT_REUSEABLE.
import type { Finding, HoverInfo } from '../../types';
import { messages } from '../messages';
import type { CModel } from '../model';
import { firstLineRange, keyBase, nodeRange, unwrap } from '../syntax';
import { addressKey, declaredType, portIsZero } from '../values';

export function libeventFindings(model: CModel, hovers: HoverInfo[]): Finding[] {
  const findings: Finding[] = [];
  for (const site of model.posixCalls('evconnlistener_new_bind')) {
    const flags = site.args[3];
    if (!flags) continue;
    const range = firstLineRange(site.callee, site.call, model.file.text);
    const flagsText = flags.text;
    const reuse = /\bLEV_OPT_REUSEABLE(_PORT)?\b/.test(flagsText);
    const address = addressKey(site.args[5]);
    // A listener on a `sockaddr_un` is a Unix-domain socket: address reuse does not apply to it.
    const unix = !!address && /\bsockaddr_un\b/.test(declaredType(model, site.func, keyBase(address))?.type ?? '');
    hovers.push({
      range,
      markdown: unix
        ? 'Address reuse: **not applicable** — a Unix-domain listener; a stale socket file, not TIME_WAIT, is what blocks its restart.'
        : reuse
          ? 'Address reuse: **on** — `LEV_OPT_REUSEABLE` makes libevent set SO_REUSEADDR before its bind.'
          : 'Address reuse: **off** — without `LEV_OPT_REUSEABLE` a restart within 60 s of a close fails with EADDRINUSE (TIME_WAIT).',
    });
    // Flags held in a variable are not visible here: say nothing rather than guess.
    if (reuse || unix || !/^[\sA-Z0-9_|()]*$/.test(flagsText)) continue;
    if (model.isWindowsOnly(site.call) || portIsZero(model, site.func, address, site.start)) continue;
    const zero = unwrap(flags)?.text === '0';
    findings.push({
      rule: 'missing-reuseaddr',
      severity: 'warning',
      message: messages.missingReuseLibevent(),
      range,
      fixes: [
        {
          title: 'Add LEV_OPT_REUSEABLE to the listener flags',
          edits: [
            zero
              ? { range: nodeRange(flags), newText: 'LEV_OPT_REUSEABLE' }
              : { range: { start: nodeRange(flags).end, end: nodeRange(flags).end }, newText: ' | LEV_OPT_REUSEABLE' },
          ],
          isPreferred: true,
        },
      ],
    });
  }
  return findings;
}
