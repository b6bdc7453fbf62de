// Which of one process's fds hold wanted socket inodes, with few readlinks: each costs ~5 µs of
// kernel time, most of a cold look-up, and a process can hold thousands of sockets.
//
// The kernel numbers sockets from a counter (in per-CPU batches), and a process gets the lowest
// free fd, so in a process with many sockets the inodes mostly grow with the fd: a binary search
// by inode finds a wanted socket in ~log2(n) readlinks, wherever it is (a listener opened before
// its connections, or the last of many listeners). When that order does not hold (an fd reused,
// a file in the way), the search ends without it and a plain walk in fd order reads the rest.

/** Below this many fds a walk costs about what the search does. */
const SEARCH_MIN_FDS = 64;
/** Each wanted inode gets a search of its own; past this many the walk is cheaper. */
const SEARCH_MAX_WANTED = 4;

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
      if (found.size === wanted.size) return found;
    }
  }
  for (let i = 0; i < fds.length && found.size < wanted.size; i++) note(i);
  return found;
}
