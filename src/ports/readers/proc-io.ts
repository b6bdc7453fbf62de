// How the Linux reader reads procfs. The editor uses the thread pool (fs.promises), so a slow
// read never blocks the extension host. A one-shot CLI command reads synchronously: procfs
// entries are generated in memory and never wait on a device, and the pool's round trip per
// read was a quarter of `address-in-use ports`' run (idle time in its profile).
import * as fs from 'fs';

export interface ProcFile {
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

export interface ProcIo {
  readFile(file: string, encoding: BufferEncoding): Promise<string>;
  readlink(file: string): Promise<string>;
  readdir(dir: string): Promise<string[]>;
  open(file: string): Promise<ProcFile>;
}

export const asyncProcIo: ProcIo = {
  readFile: (file, encoding) => fs.promises.readFile(file, encoding),
  readlink: (file) => fs.promises.readlink(file),
  readdir: (dir) => fs.promises.readdir(dir),
  open: (file) => fs.promises.open(file, 'r'),
};

/** Runs `read` now; its result or its error as a settled promise. */
function now<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export const syncProcIo: ProcIo = {
  readFile: (file, encoding) => now(() => fs.readFileSync(file, encoding)),
  readlink: (file) => now(() => fs.readlinkSync(file)),
  readdir: (dir) => now(() => fs.readdirSync(dir)),
  open: (file) =>
    now(() => {
      const fd = fs.openSync(file, 'r');
      return {
        read: (buffer, offset, length, position) => now(() => ({ bytesRead: fs.readSync(fd, buffer, offset, length, position) })),
        close: () => now(() => fs.closeSync(fd)),
      };
    }),
};
