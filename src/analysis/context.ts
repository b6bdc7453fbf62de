// What a rule may know beyond the file it analyzes. Gathered once per workspace (or per CLI run)
// so a per-file analysis stays a pure function of (file, tree, context).

export interface AnalysisContext {
  /**
   * Names of functions anywhere in the workspace that enable address reuse on a socket
   * parameter (e.g. `make_reusable(int fd)` calling setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, ...)),
   * mapped to the 0-based index of that parameter.
   */
  reuseHelpers: ReadonlyMap<string, number>;
  /**
   * Wrappers (`xsocket`, `xbind`, `xlisten`, `Setsockopt`) defined anywhere in the workspace: a
   * call to one in another file stands for the socket call it wraps.
   */
  socketWrappers?: ReadonlyMap<string, WrapperShape>;
  /** The Node version range the project targets (package.json `engines.node` or `.nvmrc`), if known. */
  nodeVersion?: string;
}

/**
 * What a wrapper stands for: its socket call, whose argument i is the wrapper's parameter
 * `params[i]`; for `setsockopt` (an option helper: the option is a parameter too), `params` is
 * [the socket's index, the option's index].
 */
export interface WrapperShape {
  wrapped: 'socket' | 'bind' | 'listen' | 'setsockopt';
  params: number[];
  /** The wrapper's parameter count: a call with another count is some other function of that name. */
  arity: number;
}

export const EMPTY_CONTEXT: AnalysisContext = { reuseHelpers: new Map() };
