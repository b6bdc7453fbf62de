// JavaScript and TypeScript rules. Node, Deno and Bun already enable address reuse for TCP
// listeners on Unix, so a plain `listen(port)` is never a finding: the rules look at what
// really fails with EADDRINUSE (multicast receivers without reuseAddr, stale Unix socket
// files) and at what turns it into a crash (no 'error' listener).
import type { Tree } from 'web-tree-sitter';
import type { AnalysisContext } from '../context';
import { literalGated } from '../text';
import type { AnalysisResult, SourceFile } from '../types';
import { collectHovers } from './hovers';
import { buildModel } from './model';
import { dgramMissingReuseAddr } from './rules/dgram-missing-reuseaddr';
import { dgramReuseAddrUnicast } from './rules/dgram-reuseaddr-unicast';
import { listenNoErrorHandler } from './rules/listen-no-error-handler';
import { reusePortUnsupported } from './rules/reuseport-unsupported';
import { unixSocketStale } from './rules/unix-socket-stale';

/**
 * Cheap textual test: a file that can't contain a finding (or a hover) is not parsed at all.
 * Every rule and hover starts at a `listen`, `createSocket`, `listenDatagram` or `Bun.serve` call,
 * and those names are never computed (`bind(` hovers need a `createSocket` in the same file).
 */
const MAY_HAVE_JS_FINDINGS = literalGated(/createSocket|listenDatagram|\blisten\b|\bBun\.serve\b/, [
  'createSocket',
  'listen',
  'Bun.serve',
]);

export function mayHaveJsFindings(text: string): boolean {
  return MAY_HAVE_JS_FINDINGS.test(text);
}

export function analyzeJs(file: SourceFile, tree: Tree, context: AnalysisContext, withHovers = true): AnalysisResult {
  const model = buildModel(file, tree, context);
  return {
    findings: [
      ...dgramMissingReuseAddr(model),
      ...unixSocketStale(model),
      ...listenNoErrorHandler(model),
      ...dgramReuseAddrUnicast(model),
      ...reusePortUnsupported(model),
    ],
    hovers: withHovers ? collectHovers(model) : [],
  };
}
