// What a rule may know beyond the file it analyzes. Gathered once per workspace (or per CLI run)
// so a per-file analysis stays a pure function of (file, tree, context).

export interface AnalysisContext {
  /**
   * Names of functions anywhere in the workspace that enable address reuse on a socket
   * parameter (e.g. `make_reusable(int fd)` calling setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, ...)),
   * mapped to the 0-based index of that parameter.
   */
  reuseHelpers: ReadonlyMap<string, number>;
  /** The Node version range the project targets (package.json `engines.node` or `.nvmrc`), if known. */
  nodeVersion?: string;
}

export const EMPTY_CONTEXT: AnalysisContext = { reuseHelpers: new Map() };
