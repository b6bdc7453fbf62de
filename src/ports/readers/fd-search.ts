// Which of one process's fds hold wanted socket inodes, with few readlinks: each costs ~5 µs of
// kernel time, most of a cold look-up, and a process can hold thousands of sockets.
//
// The kernel numbers sockets (and pipes) from a counter handed out in per-CPU batches, and a
// process gets the lowest free fd, so in a process with many sockets the inodes mostly grow with
// the fd: a binary search by inode finds a wanted socket in ~log2(n) readlinks, wherever it is (a
// listener opened before its connections, or the last of many listeners). A process that moved
// between CPUs while it opened its sockets holds a run from each CPU's batch instead, one after
// the other in fd order, each of consecutive inodes when opened in a burst: where the binary
// search fails, a search by runs splits the fds until it meets an interval of consecutive inodes
// (one run: the wanted inode is either at its place in it or not there), within a budget. When
// neither finds it (an fd reused, files in the way), a plain walk in fd order reads the rest.

/** Below this many fds a walk costs about what the search does. */
const SEARCH_MIN_FDS = 64;
/** Each wanted inode gets a search of its own; past this many the walk is cheaper. */
const SEARCH_MAX_WANTED = 4;

/** The readlinks one search by runs may make before it leaves the rest to the walk. */
function runSearchBudget(fds: number): number {
  return 8 * Math.ceil(Math.log2(fds)) + 16;
}

/** The inode of a `socket:[INODE]` link; undefined for anything else. */
function socketInode(link: string | undefined): number | undefined {
  return link !== undefined && link.startsWith('socket:[') ? Number(link.slice(8, -1)) : undefined;
}

/**
 * inode -> the fd holding it, for the wanted inodes among `fds` (ascending fd numbers).
 * `readlink` answers undefined for an fd closed meanwhile. Stops once every wanted inode is seen.
 */
export function findSocketFds(
  fds: ArrayLike<number>,
  readlink: (fd: number) => string | undefined,
  wanted: ReadonlySet<number>,
): Map<number, number> {
  const found = new Map<number, number>();
  const links = new Map<number, string | undefined>();
  const read = (i: number) => {
    if (!links.has(i)) links.set(i, readlink(fds[i]));
    return links.get(i);
  };
  const note = (i: number) => {
    const inode = socketInode(read(i));
    if (inode !== undefined && wanted.has(inode) && !found.has(inode)) found.set(inode, fds[i]);
    return inode;
  };

  if (fds.length >= SEARCH_MIN_FDS && wanted.size <= SEARCH_MAX_WANTED) {
    for (const target of wanted) {
      let lo = 0;
      let hi = fds.length - 1;
      while (lo <= hi && !found.has(target)) {
        const mid = (lo + hi) >> 1;
        const inode = note(mid);
        if (inode === undefined) break; // not a socket: nothing to steer by
        if (inode < target) lo = mid + 1;
        else hi = mid - 1;
      }
      if (!found.has(target)) searchRuns(fds.length, read, note, () => links.size, target);
      if (found.size === wanted.size) return found;
    }
  }
  for (let i = 0; i < fds.length && found.size < wanted.size; i++) note(i);
  return found;
}

/**
 * Splits [0, count) until an interval's ends hold consecutive inodes as far apart as the fds
 * (one run opened in a burst): the target is then at its place in it, or not in it. Any other
 * interval (more than one run, gaps, a non-socket fd) is split in two, both halves searched, until
 * the budget of readlinks is spent. `read(i)` is cached by the caller; `readlinks()` counts its
 * readlinks so far.
 */
function searchRuns(
  count: number,
  read: (i: number) => string | undefined,
  note: (i: number) => number | undefined,
  readlinks: () => number,
  target: number,
): void {
  const budgetEnd = readlinks() + runSearchBudget(count);
  const intervals: [number, number][] = [[0, count - 1]];
  note(0);
  note(count - 1);
  while (intervals.length > 0 && readlinks() < budgetEnd) {
    const [lo, hi] = intervals.pop()!;
    const a = socketInode(read(lo));
    const b = socketInode(read(hi));
    if (a === target || b === target) return;
    if (hi - lo <= 1) continue;
    if (a !== undefined && b !== undefined && b - a === hi - lo) {
      if (target > a && target < b && note(lo + (target - a)) === target) return;
      continue;
    }
    const mid = (lo + hi) >> 1;
    const m = note(mid);
    if (m === target) return;
    // The half the target would be in, were the inodes to grow with the fd, goes on top.
    if (m !== undefined && target > m) intervals.push([lo, mid], [mid, hi]);
    else intervals.push([mid, hi], [lo, mid]);
  }
}
