// C and C++ rules: missing-reuseaddr, reuseaddr-after-bind, sockopt-misuse, windows-reuseaddr,
// unix-socket-stale (+ reuseport-bsd-semantics, information), and the hovers on bind calls.
// analyzer.ts applies suppressions and severity settings and adds "Ignore this line" itself.
import type { Tree } from 'web-tree-sitter';
import type { AnalysisContext, WrapperShape } from '../context';
import { literalGated } from '../text';
import type { AnalysisResult, HoverInfo, SourceFile } from '../types';
import { keepPreferredFixesApart } from './fixes/apart';
import { ReservedFlagNames } from './fixes/flag';
import { bindHovers } from './hovers';
import { CModel } from './model';
import { addLocalHelpers } from './reuse-helpers';
import { asioFindings } from './libraries/boost-asio';
import { libeventFindings } from './libraries/libevent';
import { missingReuseaddr } from './rules/missing-reuseaddr';
import { reuseaddrAfterBind } from './rules/reuseaddr-after-bind';
import { reuseportBsdSemantics } from './rules/reuseport-bsd-semantics';
import { sockoptMisuse } from './rules/sockopt-misuse';
import { unixSocketStale } from './rules/unix-socket-stale';
import { windowsReuseaddr } from './rules/windows-reuseaddr';
import { allBinds } from './sockets';
import { namesBindWrapper, wrapperShapes } from './wrappers';

export { collectReuseHelpers, mayDefineHelpers } from './reuse-helpers';
export { collectSocketWrappers } from './wrappers';

/**
 * Cheap textual test: every finding sits at a bind, a setsockopt or a libevent listener, so a
 * file naming none of them is not parsed at all (Asio's `acceptor.bind(` contains `bind`).
 */
const MAY_HAVE_C_FINDINGS = literalGated(/\b(bind|setsockopt|evconnlistener_new_bind)\b/, ['bind', 'sock']);

export function mayHaveCFindings(text: string, context?: AnalysisContext): boolean {
  return MAY_HAVE_C_FINDINGS.test(text) || namesBindWrapper(context, text);
}

/**
 * `helpersOut` and `wrappersOut`, when given, receive the reuse helpers and the socket wrappers
 * this file defines (the workspace check merges them).
 */
export function analyzeC(
  file: SourceFile,
  tree: Tree,
  context: AnalysisContext,
  helpersOut?: Map<string, number>,
  wrappersOut?: Map<string, WrapperShape>,
  withHovers = true,
): AnalysisResult {
  const model = new CModel(file, tree, context);
  const helpers = addLocalHelpers(model);
  if (helpersOut) for (const [name, index] of helpers) helpersOut.set(name, index);
  if (wrappersOut) for (const [name, shape] of wrapperShapes(model)) wrappersOut.set(name, shape);
  const binds = allBinds(model);
  // The library rules add theirs to the list, thrown away with it when no hovers are asked for.
  const hovers: HoverInfo[] = withHovers ? bindHovers(model, binds) : [];
  // Shared: fix-all applies the fixes of both rules at once.
  const flagNames = new ReservedFlagNames();
  const findings = keepPreferredFixesApart([
    ...missingReuseaddr(model, binds, flagNames),
    ...reuseaddrAfterBind(model, binds, flagNames),
    ...sockoptMisuse(model, flagNames),
    ...windowsReuseaddr(model, binds),
    ...unixSocketStale(model, binds),
    ...reuseportBsdSemantics(model),
    ...asioFindings(model, hovers),
    ...libeventFindings(model, hovers),
  ]);
  return { findings, hovers: withHovers ? hovers : [] };
}
