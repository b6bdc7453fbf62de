// `--fix` replaces a file whole or not at all: the new text goes to a temporary file in the same
// folder (same file system, so the rename is atomic), is flushed to disk, takes the original's
// mode and owner, and is renamed over the original. A crash or a full disk leaves the original
// untouched; a file that changed on disk since it was read is not overwritten.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export class ChangedOnDiskError extends Error {
  constructor(readonly file: string) {
    super('the file changed on disk since it was read; not overwritten (run again)');
  }
}

/** Replaces `file`, whose content was `expected` when it was read, with `text`. */
export async function writeFixedFile(file: string, expected: string, text: string): Promise<void> {
  const before = await fs.stat(file);
  const raw = await fs.readFile(file);
  if (!raw.equals(Buffer.from(expected, 'utf8'))) {
    // Same text but other bytes: invalid UTF-8 was read as U+FFFD, and writing would destroy it.
    if (raw.toString('utf8') === expected)
      throw new Error('not valid UTF-8; fixes not written (they would replace its other bytes)');
    throw new ChangedOnDiskError(file);
  }
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  // `wx`: never follow or reuse something already at the temporary name.
  const handle = await fs.open(temp, 'wx', before.mode & 0o7777);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(before.mode & 0o7777);
      await handle.chown(before.uid, before.gid).catch(() => undefined); // only root may give a file away
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Last look before the rename: a write in the meantime wins over ours.
    const now = await fs.stat(file);
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) throw new ChangedOnDiskError(file);
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  // The rename itself is durable once the folder is flushed (not every platform can open one).
  const dir = await fs.open(path.dirname(file), 'r').catch(() => undefined);
  await dir?.sync().catch(() => undefined);
  await dir?.close();
}
