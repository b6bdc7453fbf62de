// Boost.Asio (and standalone Asio) acceptors. `acceptor(ctx, endpoint)` opens, sets
// reuse_address(true), binds and listens by itself; a default-constructed acceptor that is
// opened and bound by hand needs `set_option(reuse_address(true))` before `bind`.
import type { Finding, HoverInfo } from '../../types';
import { insertBefore } from '../fixes/edits';
import { moveBeforeFix } from '../fixes/move-statement';
import { messages } from '../messages';
import type { CModel, CallSite, FunctionInfo } from '../model';
import { firstLineRange, keyBase, keyOf } from '../syntax';
import { declaredType } from '../values';

const ACCEPTOR_TYPE = /\bacceptor\b/;

function receiverKey(site: CallSite): string | undefined {
  return site.receiver ? keyOf(site.receiver) : undefined;
}

/** Does this set_option enable reuse_address (an inline `reuse_address(true)` or a variable holding one)? */
function enablesReuse(model: CModel, site: CallSite): boolean {
  const arg = site.args[0];
  if (!arg) return false;
  if (/reuse_address\s*[({]\s*(true|1)\s*[)}]/.test(arg.text)) return true;
  if (arg.type === 'identifier') {
    const decl = declaredType(model, site.func, arg.text);
    return !!decl && /reuse_address/.test(decl.type) && /[({]\s*(true|1)\s*[)}]/.test(decl.node.text);
  }
  return false;
}

/** The namespace the file writes Asio with: `boost::asio::`, `asio::`, an alias like `net::`. */
function socketBaseName(model: CModel, declaredAs: string): string {
  // `std::unique_ptr<tcp::acceptor>` → `tcp::acceptor`
  const acceptorType = /[\w:]*\bacceptor\b/.exec(declaredAs.replace(/\s+/g, ''))?.[0] ?? declaredAs;
  const qualified = /^(.*::)?ip::tcp::acceptor/.exec(acceptorType);
  if (qualified?.[1]) return `${qualified[1]}socket_base::reuse_address`;
  const alias = /namespace\s+(\w+)\s*=\s*(::)?(boost::)?asio\s*;/.exec(model.file.text);
  if (alias) return `${alias[1]}::socket_base::reuse_address`;
  if (/using\s+namespace\s+(boost::)?asio\s*;/.test(model.file.text)) return 'socket_base::reuse_address';
  // `tcp::acceptor` is a socket_base, so the option is reachable through the type itself.
  return `${acceptorType}::reuse_address`;
}

/** `acceptor.bind(tcp::endpoint(tcp::v4(), 0))` or a bind to an endpoint variable made with port 0. */
function endpointPortIsZero(model: CModel, site: CallSite): boolean {
  const arg = site.args[0];
  if (!arg) return false;
  const text = arg.type === 'identifier' ? (declaredType(model, site.func, arg.text)?.node.text ?? arg.text) : arg.text;
  return /,\s*0\s*[)}]\s*[)};]*\s*$/.test(text.trim());
}

function setOptionsOn(model: CModel, func: FunctionInfo | undefined, key: string): CallSite[] {
  return (model.callsByName.get('set_option') ?? []).filter(
    (c) => (!func || c.func === func) && receiverKey(c) === key && enablesReuse(model, c),
  );
}

export function asioFindings(model: CModel, hovers: HoverInfo[]): Finding[] {
  const findings: Finding[] = [];
  if (!model.isCpp || !model.file.text.includes('acceptor')) return findings;
  for (const site of model.callsByName.get('bind') ?? []) {
    const key = receiverKey(site);
    if (!key || site.args.length < 1 || site.args.length > 2) continue;
    const decl = declaredType(model, site.func, keyBase(key));
    if (!decl || !ACCEPTOR_TYPE.test(decl.type)) continue;
    const range = firstLineRange(site.callee, site.call, model.file.text);
    const local = site.func ? setOptionsOn(model, site.func, key) : [];
    const before = local.find((c) => c.start < site.start);
    const elsewhere =
      !before && decl.node.type === 'field_declaration'
        ? setOptionsOn(model, undefined, key).find((c) => c.func !== site.func)
        : undefined;
    const after = local.find((c) => c.start > site.start);
    const reuse = before ?? elsewhere;
    hovers.push({
      range,
      markdown: reuse
        ? `Address reuse: **on** for \`${key}\` — \`reuse_address(true)\` set on line ${reuse.call.startPosition.row + 1}.`
        : `Address reuse: **off** for \`${key}\` — a restart within 60 s of a close fails with EADDRINUSE (TIME_WAIT).`,
    });
    if (reuse || model.isWindowsOnly(site.call) || endpointPortIsZero(model, site)) continue;
    if (after) {
      const fix = moveBeforeFix(
        model,
        site.func,
        after.call,
        undefined,
        site.call,
        'Move set_option(reuse_address(true)) before the bind',
      );
      findings.push({
        rule: 'reuseaddr-after-bind',
        severity: 'warning',
        message: messages.reuseAfterBind('reuse_address(true)', key, range.start.line + 1),
        range: firstLineRange(after.callee, after.call, model.file.text),
        related: [{ range, message: messages.boundHere }],
        fixes: fix ? [fix] : [],
      });
      continue;
    }
    const listened = (model.callsByName.get('listen') ?? []).some((c) => receiverKey(c) === key);
    if (!listened) continue;
    const sep = site.callee.text.includes('->') ? '->' : '.';
    const receiverText = site.receiver!.text;
    const stmt = model.statementOf(site.call);
    findings.push({
      rule: 'missing-reuseaddr',
      severity: 'warning',
      message: messages.missingReuseAsio(key),
      range,
      fixes: [
        {
          title: `Set reuse_address(true) on \`${key}\` before bind`,
          edits: [insertBefore(model, stmt, [`${receiverText}${sep}set_option(${socketBaseName(model, decl.type)}(true));`])],
          isPreferred: true,
        },
      ],
    });
  }
  return findings;
}
