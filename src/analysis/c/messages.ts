// User-facing texts of the C/C++ rules: one sentence each, saying why the bind fails.
export const messages = {
  missingReuse: (key: string) =>
    `\`${key}\` is bound without SO_REUSEADDR, so restarting the server within 60 s of a close fails with EADDRINUSE while the old connections sit in TIME_WAIT.`,
  // UDP has no TIME_WAIT: what fails is a second receiver of the group on the same port.
  missingReuseMulticast: (key: string) =>
    `\`${key}\` joins a multicast group but is bound without SO_REUSEADDR, so a second receiver of the group on this port (another instance of the program, or another responder of the group) fails with EADDRINUSE.`,
  missingReuseAsio: (key: string) =>
    `Acceptor \`${key}\` is opened and bound without \`reuse_address(true)\`, so restarting the server within 60 s of a close fails with EADDRINUSE while the old connections sit in TIME_WAIT.`,
  missingReuseLibevent: () =>
    'evconnlistener_new_bind without LEV_OPT_REUSEABLE binds without SO_REUSEADDR, so restarting the server within 60 s of a close fails with EADDRINUSE while the old connections sit in TIME_WAIT.',
  socketCreated: (key: string) => `\`${key}\` is created here`,
  reuseAfterBind: (option: string, key: string, bindLine: number) =>
    `${option} is set on \`${key}\` after it was bound on line ${bindLine}: too late to affect that bind, so a restart still fails with EADDRINUSE.`,
  boundHere: 'bound here',
  passedTo: (helper: string, key: string) => `\`${key}\` is passed to ${helper}() here, after the bind`,
  misuseLevel: (level: string) =>
    `The level of an address-reuse option must be SOL_SOCKET, not ${level} (with IPPROTO_TCP this sets TCP_MAXSEG on Linux and fails elsewhere).`,
  misuseOred: () =>
    'Socket option names are not bit flags: or-ing them sets neither option reliably, so set each option with its own call.',
  misuseOptval: (value: string) => `optval must point to an int holding 1 (e.g. \`&on\`), not be the value \`${value}\` itself.`,
  misuseOptlen: (len: string) => `optlen must be the size of the int optval points to, not \`${len}\`.`,
  windowsReuse: () =>
    'On Windows SO_REUSEADDR lets any other process bind this port too (port hijacking, CWE-605); servers should set SO_EXCLUSIVEADDRUSE instead.',
  unixStale: (path: string) =>
    `The socket file ${path} left by a previous run makes this bind fail with EADDRINUSE; unlink it before binding.`,
  reuseportBsd: () =>
    'SO_REUSEPORT differs by system: Linux load-balances between sockets of the same user, while on BSD and macOS the last bind takes the port.',
};
