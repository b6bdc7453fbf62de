// User-facing texts of the Python rules: one plain sentence each (at most about 100 characters,
// no Markdown: the Problems panel shows it raw and cuts it), saying why the bind fails. The
// detail lives in the hover and in the rule's page (docs/rules/).
export const messages = {
  missingReuse: (what: string) => `${what} is bound without SO_REUSEADDR: a restart within 60 s fails (TIME_WAIT).`,
  // UDP has no TIME_WAIT: what fails is a second receiver of the group on the same port.
  missingReuseMulticast: (what: string) =>
    `${what} joins a multicast group without SO_REUSEADDR: a second receiver on this port fails.`,
  missingServerReuse: (cls: string) => `${cls} binds with allow_reuse_address False: a restart within 60 s fails (TIME_WAIT).`,
  reuseAfterBind: (option: string, line: number) => `${option} is set after the bind on line ${line}, too late to affect it.`,
  serverReuseAfterBind: (what: string, line: number) =>
    `${what} is set after the server was bound on line ${line}, too late to affect that bind.`,
  misuseLevel: (level: string) => `An address-reuse option needs level SOL_SOCKET, not ${level}.`,
  misuseOred: () => 'Socket option names are not bit flags: set each option with its own call.',
  windowsReuse: () => 'On Windows SO_REUSEADDR lets another process take this port; use SO_EXCLUSIVEADDRUSE.',
  windowsServerReuse: () => 'On Windows allow_reuse_address lets another process take this port; leave it off there.',
  unixStale: (path: string) => `The socket file ${path} of a previous run makes this bind fail; unlink it first.`,
  createdHere: 'the socket is created here',
  boundHere: 'bound here',
};
