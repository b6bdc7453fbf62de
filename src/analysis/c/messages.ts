// User-facing texts of the C/C++ rules: one plain sentence each (at most about 100 characters,
// no Markdown: the Problems panel shows it raw and cuts it), saying why the bind fails. The
// detail lives in the hover and in the rule's page (docs/rules/).
export const messages = {
  missingReuse: (key: string) => `${key} is bound without SO_REUSEADDR: a restart within 60 s fails (TIME_WAIT).`,
  // UDP has no TIME_WAIT: what fails is a second receiver of the group on the same port.
  missingReuseMulticast: (key: string) =>
    `${key} joins a multicast group without SO_REUSEADDR: a second receiver on this port gets EADDRINUSE.`,
  missingReuseAsio: (key: string) => `Acceptor ${key} lacks reuse_address(true): a restart within 60 s fails (TIME_WAIT).`,
  missingReuseLibevent: () => 'This listener lacks LEV_OPT_REUSEABLE: a restart within 60 s fails (TIME_WAIT).',
  socketCreated: (key: string) => `${key} is created here`,
  reuseAfterBind: (option: string, key: string, bindLine: number) =>
    `${option} is set on ${key} after its bind on line ${bindLine}, too late to affect that bind.`,
  boundHere: 'bound here',
  boundIn: (helper: string) => `bound here, in ${helper}()`,
  passedTo: (helper: string, key: string) => `${key} is passed to ${helper}() here, after the bind`,
  calledAfter: (method: string) => `${method}() runs here, after the bind`,
  misuseLevel: (level: string) => `An address-reuse option needs level SOL_SOCKET, not ${level}.`,
  misuseOred: () => 'Socket option names are not bit flags: set each option with its own call.',
  misuseOptval: (value: string) => `optval must point to an int holding 1, not be the value ${value} itself.`,
  misuseOptlen: (len: string) => `optlen must be the size of the int optval points to, not ${len}.`,
  windowsReuse: () => 'On Windows SO_REUSEADDR lets another process take this port; use SO_EXCLUSIVEADDRUSE.',
  unixStale: (path: string) => `The socket file ${path} of a previous run makes this bind fail; unlink it first.`,
  // The helper it is passed to is named by the finding's related location.
  unixStaleVia: (path: string) => `A previous run's socket file ${path} makes its bind fail; unlink it first.`,
  reuseportBsd: () => 'SO_REUSEPORT alone load-balances on Linux, but on BSD and macOS the last bind takes the port.',
};
