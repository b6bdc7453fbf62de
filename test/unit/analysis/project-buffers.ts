// Unsaved editor buffers over a copy of the CLI's `project` fixture, for the workspace suites:
// the server's buffer has the reuse line already, the helper's buffer lost its setsockopt (so
// listener.c, which calls make_reusable(), loses its reuse).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export async function projectBuffers(dir: string): Promise<{ server: string; listener: string; unsaved: Map<string, string> }> {
  const server = path.join(dir, 'src', 'server.c');
  const reuse = path.join(dir, 'src', 'net', 'reuse.c');
  const listener = path.join(dir, 'src', 'net', 'listener.c');
  const unsaved = new Map<string, string>([
    [
      server,
      (await fs.readFile(server, 'utf8')).replace(
        '    if (bind(',
        '    int on = 1;\n    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));\n    if (bind(',
      ),
    ],
    [reuse, 'int make_reusable(int fd)\n{\n    return fd;\n}\n'],
  ]);
  return { server, listener, unsaved };
}
