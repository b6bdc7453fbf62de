// One-line descriptions of every rule, for SARIF's `rules` table and `--help`. The detailed
// explanation of each rule lives in the README under an anchor named by the rule id.
import type { RuleId } from '../analysis/types';

export const RULE_DESCRIPTIONS: Readonly<Record<RuleId, string>> = {
  'missing-reuseaddr': 'A server socket is bound without SO_REUSEADDR: a restart fails with "Address already in use" while TIME_WAIT lasts.',
  'reuseaddr-after-bind': 'SO_REUSEADDR or SO_REUSEPORT is set after bind, too late to affect that bind.',
  'sockopt-misuse': 'An address-reuse setsockopt call has the wrong level, or-ed option names, or a bad optval/optlen.',
  'windows-reuseaddr': 'SO_REUSEADDR on Windows lets another process take the port; use SO_EXCLUSIVEADDRUSE.',
  'unix-socket-stale': 'A Unix-domain socket is bound to a path that is not unlinked first; a stale socket file makes the bind fail.',
  'reuseport-bsd-semantics': 'SO_REUSEPORT behaves differently on BSD and macOS (the last bind takes the port) than on Linux (load balancing).',
  'setsockopt-unchecked': 'The result of an address-reuse setsockopt call is not checked.',
  'dgram-missing-reuseaddr': 'A UDP socket that joins a multicast group is created without reuseAddr: a second receiver cannot bind.',
  'listen-no-error-handler': 'A server listens without handling the EADDRINUSE error event.',
  'dgram-reuseaddr-unicast': 'reuseAddr on a unicast UDP receiver lets several sockets share the port, usually a mistake.',
  'reuseport-unsupported': 'The reusePort option needs Node 22.12 or 23.1 and a supporting OS.',
};
