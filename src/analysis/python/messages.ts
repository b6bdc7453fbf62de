// User-facing texts of the Python rules: one sentence each, saying why the bind fails.
export const messages = {
  missingReuse: (what: string) =>
    `${what} is bound without SO_REUSEADDR, so restarting the server within 60 s of a close fails with "[Errno 98] Address already in use" while the old connections sit in TIME_WAIT.`,
  missingReuseMulticast: (what: string) =>
    `${what} joins a multicast group but is bound without SO_REUSEADDR, so a second receiver of the group on this port fails with "Address already in use".`,
  missingServerReuse: (cls: string) =>
    `${cls} binds in its constructor with allow_reuse_address = False, so restarting the server within 60 s of a close fails with "[Errno 98] Address already in use" while the old connections sit in TIME_WAIT.`,
  reuseAfterBind: (option: string, line: number) =>
    `${option} is set only after the socket was bound on line ${line}: too late to affect that bind, so a restart still fails with "Address already in use".`,
  serverReuseAfterBind: (what: string, line: number) =>
    `${what} is set after the server was bound (on line ${line}): too late, server_bind() already ran, so a restart still fails with "Address already in use".`,
  misuseLevel: (level: string) =>
    `The level of an address-reuse option must be SOL_SOCKET, not ${level} (with IPPROTO_TCP this sets TCP_MAXSEG on Linux and fails elsewhere).`,
  misuseOred: () =>
    'Socket option names are not bit flags: or-ing them sets neither option reliably, so set each option with its own call.',
  windowsReuse: () =>
    'On Windows SO_REUSEADDR lets any other process bind this port too (port hijacking, CWE-605); servers should set SO_EXCLUSIVEADDRUSE instead (and Windows needs no reuse to restart over TIME_WAIT).',
  windowsServerReuse: () =>
    'On Windows allow_reuse_address = True sets SO_REUSEADDR, which lets any other process bind this port too (port hijacking, CWE-605); Windows needs no reuse to restart over TIME_WAIT.',
  unixStale: (path: string) =>
    `The socket file ${path} left by a previous run makes this bind fail with "Address already in use"; unlink it before binding.`,
  createdHere: 'the socket is created here',
  boundHere: 'bound here',
};
