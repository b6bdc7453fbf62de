// One-line descriptions of every rule, for SARIF's `rules` table. The detailed
// explanation of each rule lives in the README under an anchor named by the rule id.
import type { RuleId } from '../analysis/types';

export const RULE_DESCRIPTIONS: Readonly<Record<RuleId, string>> = {
  'missing-reuseaddr':
    'A server socket is bound without SO_REUSEADDR: a restart fails with "Address already in use" while TIME_WAIT lasts.',
  'reuseaddr-after-bind': 'SO_REUSEADDR or SO_REUSEPORT is set after bind, too late to affect that bind.',
  'sockopt-misuse': 'An address-reuse setsockopt call has the wrong level, or-ed option names, or a bad optval/optlen.',
  'windows-reuseaddr': 'SO_REUSEADDR on Windows lets another process take the port; use SO_EXCLUSIVEADDRUSE.',
  'unix-socket-stale':
    'A Unix-domain socket is bound to a filesystem path that nothing removes first: the next run fails with EADDRINUSE.',
  'reuseport-bsd-semantics':
    'SO_REUSEPORT without SO_REUSEADDR: Linux load-balances, but on BSD and macOS the last bind takes the port.',
  'dgram-missing-reuseaddr':
    'A UDP socket that joins a multicast group is created without reuseAddr: a second receiver fails with EADDRINUSE.',
  'listen-no-error-handler': "A server listens with no 'error' listener: if the port is taken, EADDRINUSE crashes the process.",
  'dgram-reuseaddr-unicast':
    'reuseAddr on a UDP socket that never joins a group: another process can bind the port and receive its datagrams.',
  'reuseport-unsupported':
    'reusePort needs Node 22.12 / 23.1 or later, and Linux 3.9+ or FreeBSD 12+ (the bind fails elsewhere).',
};
