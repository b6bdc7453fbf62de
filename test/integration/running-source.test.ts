// Two servers of the workspace name the same port and one of them runs: Reveal (on the port row
// and on the holder row) and the TIME_WAIT row's link open the file that runs, not the first
// file found. A real C program, built from one of the two files, on 127.0.0.1.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { type ReadyChild, exited, startProcess } from '../shared/children';
import { gcc } from '../shared/gcc';
import { EXTENSION_ID, activate, connectOnce, refresh, rowOf, treeNodeOf, waitFor } from './ports-helpers';

/** Binds `port` without SO_REUSEADDR, serves one connection (closing it first: TIME_WAIT stays here), exits when stdin closes. */
function serverSource(port: number): string {
  return [
    '#include <arpa/inet.h>',
    '#include <stdio.h>',
    '#include <string.h>',
    '#include <sys/socket.h>',
    '#include <unistd.h>',
    '',
    'int main(void) {',
    '  int fd = socket(AF_INET, SOCK_STREAM, 0);',
    '  struct sockaddr_in addr;',
    '  memset(&addr, 0, sizeof addr);',
    '  addr.sin_family = AF_INET;',
    '  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
    `  addr.sin_port = htons(${port});`,
    '  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("bind"); return 1; }',
    '  listen(fd, 4);',
    '  puts("ready");',
    '  fflush(stdout);',
    '  int c = accept(fd, NULL, NULL);',
    '  close(c);',
    '  char b;',
    '  while (read(0, &b, 1) > 0) {}',
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

/** A port between 2100 and 2999 with no socket at all on it (not even TIME_WAIT: this server does not reuse). */
function idlePort(): number {
  const used = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      if (local) used.add(parseInt(local.split(':')[1], 16));
    }
  }
  for (let port = 2100; port < 3000; port++) if (!used.has(port)) return port;
  throw new Error('no idle port between 2100 and 2999 on this machine');
}

describe('several files naming one port', function () {
  this.timeout(120_000);
  let dirs: string[] = [];
  let server: ReadyChild | undefined;

  after(async () => {
    server?.child.kill('SIGKILL');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Reveal and the TIME_WAIT link open the file whose program holds the port', async () => {
    await activate();
    const api = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.exports;
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const port = idlePort();
    // Found in this order (a before b); b's program runs.
    dirs = [path.join(root, 'running-a'), path.join(root, 'running-b')];
    const [fileA, fileB] = dirs.map((dir) => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'server.c'), serverSource(port));
      return path.join(dir, 'server.c');
    });
    await gcc(['-o', path.join(dirs[1], 'server'), fileB], 'to build the server this test runs');
    server = await startProcess('./server', [], { cwd: dirs[1], stdio: ['pipe', 'pipe', 'pipe'] });
    const pid = server.child.pid!;

    // Both files' findings, for the TIME_WAIT row's link.
    for (const file of [fileA, fileB]) {
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document, { preview: false });
      await waitFor(
        async () => api.diagnostics.findingsOf(file),
        (findings) => findings.some((f) => f.rule === 'missing-reuseaddr'),
        `the missing-reuseaddr finding in ${file}`,
      );
    }
    await api.ports.holders.rediscover();
    const held = await waitFor(
      refresh,
      (st) =>
        st.rows.some(
          (r) =>
            r.port === port && r.holders.some((h) => h.pid === pid) && r.sources.filter((s) => s.kind === 'code').length >= 2,
        ),
      `port ${port} held by pid ${pid} and named by both files`,
    );
    assert.equal(rowOf(held, port).sources[0].file, fileB, 'the running file is not listed first');

    const revealed = async (target: unknown) => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal(await vscode.commands.executeCommand('addressInUse.revealPortSource', target), true);
      return vscode.window.activeTextEditor?.document.uri.fsPath;
    };
    assert.equal(await revealed({ type: 'port', port }), fileB, 'Reveal on the port row');
    const holderNode = treeNodeOf(held, port).children.find((c) => /\bholder\b/.test(c.contextValue ?? ''));
    assert.match(holderNode?.contextValue ?? '', /\brevealable\b/, 'the holder row offers Reveal');
    assert.equal(await revealed({ type: 'holder', port, pid }), fileB, 'Reveal on the holder row');

    // The server closes the connection first, then exits: only TIME_WAIT is left, nobody holds the port.
    await connectOnce(port);
    server.child.stdin!.end();
    await exited(server.child);
    const waiting = await waitFor(
      refresh,
      (st) => st.rows.some((r) => r.port === port && r.status === 'time-wait'),
      `port ${port} in TIME_WAIT`,
    );
    const link = treeNodeOf(waiting, port).children.find((c) => c.contextValue === 'timeWait')?.command;
    assert.equal(link?.command, 'addressInUse.revealPortSource', 'the TIME_WAIT row has no link');
    assert.equal((link.arguments?.[0] as { file?: string }).file, fileB, "the TIME_WAIT row's link");
  });
});
