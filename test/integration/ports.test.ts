// Port holders in a real VS Code: a child process the test starts holds a real port on
// 127.0.0.1; the status bar, the Port Holders view, Show Port Holders, Reveal and the stop
// command must show and act on exactly that process. Modals are answered through the
// extension's hidden test hook (the extension host cannot click them).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exited, startNode } from '../shared/children';
import {
  type HeldPort,
  scriptUi,
  setPickValue,
  activate,
  connectOnce,
  freeLowPort,
  holdPort,
  refresh,
  rowOf,
  setSettingPorts,
  state,
  treeNodeOf,
  useReader,
  waitFor,
} from './ports-helpers';
import { LinuxPortReader } from '../../src/ports/readers/linux-reader';

function workspaceFolder(): vscode.WorkspaceFolder {
  const [folder] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(folder, 'the integration run opened no folder');
  return folder;
}

describe('port holders in the editor', function () {
  this.timeout(60_000);
  const held: HeldPort[] = [];
  const written: string[] = [];

  before(async () => {
    await activate();
  });

  afterEach(async () => {
    await scriptUi();
  });

  after(async () => {
    for (const h of held) h.stop();
    for (const f of written) fs.rmSync(f, { force: true });
    await setSettingPorts(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function holdWorkspacePort(opts: Parameters<typeof holdPort>[0] = {}): Promise<HeldPort> {
    const h = await holdPort(opts);
    held.push(h);
    return h;
  }

  it('contributes its commands, each registered, and the Port Holders view in the panel', async () => {
    const manifest = vscode.extensions.getExtension('address-in-use.address-in-use')!.packageJSON;
    const ours: string[] = manifest.contributes.commands
      .map((c: { command: string }) => c.command)
      .filter((c: string) => /PortHolder|Port(Source|Pid)|ProcessOnPort/.test(c));
    assert.deepEqual(ours.sort(), [
      'addressInUse.copyPortHolderPid',
      'addressInUse.refreshPortHolders',
      'addressInUse.revealPortSource',
      'addressInUse.showPortHolders',
      'addressInUse.stopPortHolder',
      'addressInUse.stopProcessOnPort',
    ]);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of ours) assert.ok(registered.has(command), `${command} is not registered`);
    assert.equal(manifest.contributes.viewsContainers.panel[0].id, 'addressInUsePorts');
    await vscode.commands.executeCommand('addressInUse.portHoldersView.focus');
    await waitFor(state, (st) => st.viewVisible, 'the Port Holders view to be visible');
  });

  it('discovers the ports the workspace files name (code, setting)', async () => {
    const s = await refresh();
    assert.equal(s.discovered, true);
    // test/fixtures/workspace: tcp-server.c binds htons(45001), http-server.js listens on PORT || 3000.
    const c = rowOf(s, 45001).sources.find((src) => src.kind === 'code');
    assert.ok(c, 'tcp-server.c is a source of 45001');
    assert.equal(path.basename(c.file), 'tcp-server.c');
    assert.equal(c.line, 19);
    assert.equal(rowOf(s, 3000).sources.find((src) => src.kind === 'code')?.line, 5);
  });

  it('shows a held port in the status bar, its tooltip and the Port Holders view', async () => {
    const h = await holdWorkspacePort({ port: await freeLowPort() });
    await setSettingPorts([h.port]);
    const s = await waitFor(
      refresh,
      (st) => st.rows.some((r) => r.port === h.port && r.status === 'listening'),
      `port ${h.port} listening`,
    );
    const row = rowOf(s, h.port);
    assert.deepEqual(
      row.holders.map((x) => x.pid),
      [h.pid],
    );
    assert.equal(row.holders[0].name, 'node');
    assert.equal(row.state, `node·${h.pid}`);
    const setting = row.sources.find((src) => src.kind === 'setting');
    assert.ok(setting, 'the setting is a source');
    assert.equal(path.relative(workspaceFolder().uri.fsPath, setting.file), path.join('.vscode', 'settings.json'));

    assert.equal(s.statusBar.visible, true);
    // The lowest held port comes first; other workspace ports this machine happens to hold only
    // add a "+N" count.
    assert.match(s.statusBar.text, new RegExp(`^\\$\\(plug\\) ${h.port} node·${h.pid}( \\+\\d+)?$`));
    assert.match(s.statusBar.tooltip, new RegExp(`\\| ${h.port}/tcp \\| node·${h.pid} \\|`));
    assert.ok(
      s.statusBar.tooltip.includes(`command:addressInUse.stopProcessOnPort?${encodeURIComponent(JSON.stringify([h.port]))}`),
      'a Stop link for the port',
    );
    assert.ok(s.statusBar.tooltip.includes('command:addressInUse.refreshPortHolders'), 'a Refresh link');

    const node = treeNodeOf(s, h.port);
    assert.equal(node.description, `node·${h.pid}`);
    assert.match(node.contextValue ?? '', /\bheld\b/);
    const holderNode = node.children.find((c) => c.contextValue?.includes('holder'));
    assert.ok(holderNode, 'a holder child');
    assert.match(holderNode.label, /^node -e /, 'the holder row shows the command line after the name');
    assert.ok(holderNode.description?.startsWith(`pid ${h.pid} · `), holderNode.description);
    assert.ok(holderNode.description?.includes('127.0.0.1'), holderNode.description);
    assert.ok(holderNode.description?.includes('LISTEN'), holderNode.description);
    assert.match(holderNode.contextValue ?? '', /\bstoppable\b/);
    assert.ok(
      node.children.some(
        (c) => c.label.startsWith(`.vscode${path.sep}settings.json:`) && c.command?.command === 'addressInUse.revealPortSource',
      ),
    );
  });

  it('addressInUse.statusBar.enabled hides and shows the status bar item', async () => {
    const config = () => vscode.workspace.getConfiguration('addressInUse');
    await config().update('statusBar.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(state, (st) => !st.statusBar.visible, 'the item to hide');
    } finally {
      await config().update('statusBar.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(state, (st) => st.statusBar.visible, 'the item to show again');
  });

  it('Show Port Holders lists the workspace ports, looks up a typed port and reveals it in the view', async () => {
    const [own] = held;
    assert.ok(own, 'the previous test holds a port');
    const other = await holdWorkspacePort();
    const picked = vscode.commands.executeCommand<number | undefined>('addressInUse.showPortHolders');
    const s = await waitFor(
      state,
      (st) => Boolean(st.pick?.items.some((i) => i.port === own.port && i.description?.startsWith(`node·${own.pid}`))),
      'the QuickPick with the held port',
    );
    const ownItem = s.pick!.items.find((i) => i.port === own.port)!;
    assert.equal(ownItem.label, `$(plug) ${own.port}`);
    assert.equal(ownItem.buttons, 2, 'stop and reveal buttons');
    assert.ok(!s.pick!.items.some((i) => i.port === other.port), 'a port no workspace file names is not listed');

    assert.equal(await setPickValue(String(other.port)), true);
    const typed = await waitFor(
      state,
      (st) => st.pick?.items[0]?.description?.startsWith(`node·${other.pid}`) ?? false,
      `the look-up of typed port ${other.port}`,
    );
    assert.equal(typed.pick!.items[0].label, `$(search) ${other.port}`);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await picked, other.port);
    const after = await state();
    assert.equal(after.pick, undefined, 'the QuickPick is closed');
    const row = rowOf(after, other.port);
    assert.equal(row.lookedUp, true);
    assert.deepEqual(
      row.holders.map((x) => x.pid),
      [other.pid],
    );
    assert.ok(treeNodeOf(after, other.port).description?.endsWith('looked up'));
  });

  it('Reveal opens the code that binds the port at its line', async () => {
    const [own] = held;
    const file = path.join(workspaceFolder().uri.fsPath, 'ports-reveal-server.js');
    fs.writeFileSync(
      file,
      `// written by the ports integration test\nconst net = require('node:net');\n\nconst port = ${own.port};\nnet.createServer().listen(port, '127.0.0.1');\n`,
    );
    written.push(file);
    const s = await waitFor(
      refresh,
      (st) => st.rows.some((r) => r.port === own.port && r.sources.some((src) => src.kind === 'code')),
      'the new file to be discovered',
    );
    const code = rowOf(s, own.port).sources.find((src) => src.kind === 'code')!;
    assert.equal(code.line, 4);
    assert.equal(await vscode.commands.executeCommand('addressInUse.revealPortSource', own.port), true);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is open');
    assert.equal(editor.document.uri.fsPath, file);
    assert.equal(editor.selection.active.line, 4);
    assert.equal(editor.selection.active.character, 0);
  });

  it('Stop Process on Port confirms with pid, user and command line, sends SIGTERM and reports the port free', async () => {
    const [own] = held;
    await scriptUi(['Stop (SIGTERM)']);
    const result = await vscode.commands.executeCommand<{ outcome?: { result: string; signal: string }; message: string }>(
      'addressInUse.stopProcessOnPort',
      own.port,
    );
    assert.equal(result?.outcome?.result, 'stopped', result?.message);
    assert.equal(result.outcome.signal, 'SIGTERM');
    const exit = await own.exited;
    assert.equal(exit.signal, 'SIGTERM');
    const s = await state();
    const confirm = s.shown.find((m) => m.kind === 'confirm');
    assert.ok(confirm, 'a confirmation was asked');
    assert.match(confirm.message, new RegExp(`port ${own.port}`));
    assert.match(confirm.detail ?? '', new RegExp(`pid ${own.pid}`));
    assert.match(confirm.detail ?? '', /user \S+/);
    assert.ok(confirm.detail?.includes('-e'), `the command line is shown: ${confirm.detail}`);
    const detailLines = (confirm.detail ?? '').split('\n').filter(Boolean);
    assert.equal(new Set(detailLines).size, detailLines.length, `nothing is said twice: ${confirm.detail}`);
    assert.equal(
      s.shown.filter((m) => m.kind === 'confirm').length,
      1,
      'no SIGKILL question for a process that exits on SIGTERM',
    );
    assert.ok(
      s.shown.some((m) => m.kind === 'info'),
      'the outcome is reported',
    );
    assert.equal(rowOf(s, own.port).status, 'free');
    assert.ok(!s.statusBar.text.includes(`${own.port} node`), s.statusBar.text);
  });

  it('a process that ignores SIGTERM is stopped with SIGKILL only after a second confirmation', async () => {
    const stubborn = await holdWorkspacePort({ ignoreSigterm: true });
    await setSettingPorts([stubborn.port]);
    await waitFor(
      refresh,
      (st) => st.rows.some((r) => r.port === stubborn.port && r.status === 'listening'),
      `port ${stubborn.port} listening`,
    );
    await scriptUi(['Stop (SIGTERM)', 'Force Stop (SIGKILL)']);
    const result = await vscode.commands.executeCommand<{ outcome?: { result: string; signal: string }; message: string }>(
      'addressInUse.stopPortHolder',
      { port: stubborn.port, pid: stubborn.pid },
    );
    assert.equal(result?.outcome?.result, 'stopped', result?.message);
    assert.equal(result.outcome.signal, 'SIGKILL');
    assert.equal((await stubborn.exited).signal, 'SIGKILL');
    const s = await state();
    assert.deepEqual(
      s.shown.filter((m) => m.kind === 'confirm').map((m) => m.actions),
      [['Stop (SIGTERM)'], ['Force Stop (SIGKILL)']],
    );
  });

  it("refuses to stop the editor's own process and says why", async () => {
    const net = await import('node:net');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as import('node:net').AddressInfo).port;
    try {
      await setSettingPorts([port]);
      const s = await waitFor(
        refresh,
        (st) => st.rows.some((r) => r.port === port && r.status === 'listening'),
        `port ${port} listening`,
      );
      assert.equal(rowOf(s, port).holders[0]?.pid, process.pid);
      await scriptUi(['Stop (SIGTERM)']);
      const result = await vscode.commands.executeCommand<{ outcome?: unknown; message: string }>(
        'addressInUse.stopProcessOnPort',
        port,
      );
      assert.equal(result?.outcome, undefined, 'nothing was sent');
      const shown = (await state()).shown;
      assert.ok(!shown.some((m) => m.kind === 'confirm'), 'no confirmation for a refused stop');
      assert.ok(
        shown.some((m) => m.kind === 'warn' && /editor/i.test(m.message)),
        JSON.stringify(shown),
      );
      assert.ok(server.listening, 'the extension host still listens');
    } finally {
      server.close();
    }
  });

  it('without a /proc to read, a held port is never shown free: its row and the panel say it cannot be read', async () => {
    const h = await holdWorkspacePort();
    await setSettingPorts([h.port]);
    await waitFor(
      refresh,
      (st) => st.rows.some((r) => r.port === h.port && r.status === 'listening'),
      `port ${h.port} listening`,
    );
    const noProc = fs.mkdtempSync(path.join(os.tmpdir(), 'aiu-no-proc-'));
    await useReader(new LinuxPortReader({ procRoot: noProc }));
    try {
      const s = await refresh();
      assert.match(s.error ?? '', /cannot read the socket table .*is \/proc mounted and readable\?/);
      const row = rowOf(s, h.port);
      assert.equal(row.status, undefined, 'a report survived the failed read');
      assert.equal(row.state, 'cannot be read (not known to be free)');
      assert.equal(treeNodeOf(s, h.port).description, 'cannot be read (not known to be free)');
      assert.match(s.treeMessage ?? '', /^⚠ Port holders cannot be read: cannot read the socket table/);
      assert.doesNotMatch(s.statusBar.tooltip, new RegExp(`\\| ${h.port}(/tcp)? \\| free \\|`));
    } finally {
      await useReader(undefined);
      fs.rmSync(noProc, { recursive: true, force: true });
    }
    const after = await refresh();
    assert.equal(after.error, undefined);
    assert.equal(after.treeMessage, undefined);
    assert.equal(rowOf(after, h.port).status, 'listening');
  });

  it('a port named in a new .env file is found and read without a refresh (file watcher)', async () => {
    const h = await holdWorkspacePort();
    const s0 = await state();
    assert.equal(
      s0.focused,
      true,
      'the workbench window must be focused for watcher-driven updates (they wait for focus otherwise)',
    );
    const file = path.join(workspaceFolder().uri.fsPath, '.env.ports-test');
    fs.writeFileSync(file, `# written by the ports integration test\nAPI_PORT=${h.port}\n`);
    written.push(file);
    const s = await waitFor(
      state,
      (st) => st.rows.some((r) => r.port === h.port && r.status === 'listening'),
      `port ${h.port} from ${path.basename(file)}`,
    );
    const row = rowOf(s, h.port);
    assert.deepEqual(
      row.sources.map((src) => [path.basename(src.file), src.line, src.kind]),
      [['.env.ports-test', 1, 'env']],
    );
    assert.deepEqual(
      row.holders.map((x) => x.pid),
      [h.pid],
    );
  });

  it('polling while focused notices a holder that appears later, without a refresh', async () => {
    const net = await import('node:net');
    // A port that is free now: the workspace names it first, a holder takes it afterwards.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as import('node:net').AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await vscode.workspace.getConfiguration('addressInUse').update('pollInterval', 1, vscode.ConfigurationTarget.Workspace);
    try {
      await setSettingPorts([port]);
      const before = await waitFor(
        refresh,
        (st) => st.rows.some((r) => r.port === port && r.status === 'free'),
        `port ${port} free`,
      );
      assert.equal(before.focused, true, 'polling runs only while the window is focused');
      const h = await holdWorkspacePort({ port });
      const s = await waitFor(
        state,
        (st) => st.rows.some((r) => r.port === port && r.status === 'listening'),
        `the poll to see port ${port} held`,
      );
      assert.deepEqual(
        rowOf(s, port).holders.map((x) => x.pid),
        [h.pid],
      );
    } finally {
      await vscode.workspace
        .getConfiguration('addressInUse')
        .update('pollInterval', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('TIME_WAIT rows count down, explain SO_REUSEADDR and link to the analyzer finding on the bind', async () => {
    const h = await holdWorkspacePort({ serveOnce: true });
    await connectOnce(h.port);
    await h.exited;
    // A C server of the workspace that binds this port without SO_REUSEADDR: the analyzer flags its bind.
    const file = path.join(workspaceFolder().uri.fsPath, 'ports-time-wait-server.c');
    fs.writeFileSync(
      file,
      [
        '#include <arpa/inet.h>',
        '#include <string.h>',
        '#include <sys/socket.h>',
        '',
        'int main(void) {',
        '  int fd = socket(AF_INET, SOCK_STREAM, 0);',
        '  struct sockaddr_in addr;',
        '  memset(&addr, 0, sizeof addr);',
        '  addr.sin_family = AF_INET;',
        `  addr.sin_port = htons(${h.port});`,
        '  bind(fd, (struct sockaddr *)&addr, sizeof addr);',
        '  listen(fd, 16);',
        '  return 0;',
        '}',
        '',
      ].join('\n'),
    );
    written.push(file);
    await setSettingPorts([]);
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitFor(
      async () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Address In Use'),
      (ds) => ds.length > 0,
      'the analyzer finding on the bind',
    );
    const bindLine = diagnostics[0].range.start.line;
    assert.equal(bindLine, 10);
    const s = await waitFor(
      refresh,
      (st) => st.rows.some((r) => r.port === h.port && r.status === 'time-wait'),
      `port ${h.port} in TIME_WAIT`,
    );
    const row = rowOf(s, h.port);
    assert.ok((row.timeWaitLeft ?? 0) > 0 && (row.timeWaitLeft ?? 0) <= 60, `seconds left: ${row.timeWaitLeft}`);
    assert.match(row.state, /^TIME_WAIT \d+s$/);
    const node = treeNodeOf(s, h.port);
    const tw = node.children.find((c) => c.contextValue === 'timeWait');
    assert.ok(tw, 'a TIME_WAIT child');
    assert.match(tw.label, /^TIME_WAIT ×\d+$/);
    assert.match(tw.description ?? '', /^\d+s left · finding on the bind$/);
    assert.match(tw.tooltip ?? '', /SO_REUSEADDR/);
    assert.equal(tw.command?.command, 'addressInUse.revealPortSource');
    assert.deepEqual(tw.command?.arguments, [{ file, line: bindLine, column: diagnostics[0].range.start.character }]);
    // Countdown without I/O: the tree's text follows the clock between look-ups.
    const later = await waitFor(
      state,
      (st) => rowOf(st, h.port).timeWaitLeft! < row.timeWaitLeft!,
      'the countdown to move',
      5_000,
    );
    assert.ok(rowOf(later, h.port).timeWaitLeft! < row.timeWaitLeft!);
  });

  it('a stale Unix socket file the workspace binds is listed, explained, and deleted only after a confirmation', async () => {
    const sock = path.join(os.tmpdir(), `aiu-it-${process.pid}-${Date.now()}.sock`);
    written.push(sock);
    const code = vscode.Uri.joinPath(workspaceFolder().uri, 'ports-unix-server.js');
    const text = `// written by the ports integration test\nconst net = require('node:net');\n\nnet.createServer().listen(${JSON.stringify(sock)});\n`;
    await vscode.workspace.fs.writeFile(code, new TextEncoder().encode(text));
    written.push(code.fsPath);

    // A real server on the path first: listed with its holder.
    const { child } = await startNode(
      `require('net').createServer().listen(${JSON.stringify(sock)}, () => console.log('ready'));`,
    );
    const exit = exited(child);
    try {
      const live = await waitFor(
        refresh,
        (st) => st.unixSockets.some((u) => u.path === sock && u.status === 'listening'),
        `${sock} listening`,
      );
      assert.deepEqual(
        live.unixSockets.find((u) => u.path === sock)!.holders.map((h) => h.pid),
        [child.pid],
      );
      const liveNode = live.tree.find((n) => n.label === sock);
      assert.ok(liveNode, 'a tree item for the listening socket');
      assert.equal(liveNode.description, `listening · node·${child.pid}`);
      assert.doesNotMatch(liveNode.contextValue ?? '', /\bstaleSocket\b/);
      assert.ok(
        liveNode.children.some((c) => /^node\b/.test(c.label) && /\bholder\b/.test(c.contextValue ?? '')),
        'the holder is a child',
      );
    } finally {
      child.kill('SIGKILL'); // no chance to unlink: the file stays behind
    }
    assert.equal((await exit).signal, 'SIGKILL');
    assert.ok(fs.existsSync(sock), 'SIGKILL left the socket file');

    const s = await waitFor(
      refresh,
      (st) => st.unixSockets.some((u) => u.path === sock && u.status === 'stale'),
      `${sock} stale`,
    );
    const socket = s.unixSockets.find((u) => u.path === sock)!;
    assert.deepEqual(
      socket.sources.map((src) => [path.basename(src.file), src.line, src.column, src.kind]),
      [['ports-unix-server.js', 3, 0, 'code']],
    );
    const node = s.tree.find((n) => n.label === sock);
    assert.ok(node, `a tree item for the stale socket: ${s.tree.map((n) => n.label).join(', ')}`);
    assert.equal(node.description, 'stale socket file (nobody listening)');
    assert.match(node.contextValue ?? '', /\bstaleSocket\b/);
    assert.match(node.contextValue ?? '', /\brevealable\b/);
    assert.match(node.tooltip ?? '', /EADDRINUSE/);
    assert.match(node.tooltip ?? '', /unix-socket-stale/);
    assert.ok(node.tooltip?.includes('command:addressInUse.deleteStaleSocketFile'), 'a Delete link in the tooltip');
    const source = node.children.find((c) => c.command?.command === 'addressInUse.revealPortSource');
    assert.deepEqual(source?.command?.arguments, [{ file: code.fsPath, line: 3, column: 0 }]);
    // Reveal on the socket's own item opens the binding code.
    assert.equal(await vscode.commands.executeCommand('addressInUse.revealPortSource', { type: 'socket', path: sock }), true);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, code.fsPath);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 3);

    await scriptUi([null]);
    const cancelled = await vscode.commands.executeCommand<{ removed: boolean; message: string }>(
      'addressInUse.deleteStaleSocketFile',
      { type: 'socket', path: sock },
    );
    assert.deepEqual(cancelled, { removed: false, message: 'cancelled' });
    assert.ok(fs.existsSync(sock), 'a cancelled delete keeps the file');

    await scriptUi(['Delete Socket File']);
    const deleted = await vscode.commands.executeCommand<{ removed: boolean; message: string }>(
      'addressInUse.deleteStaleSocketFile',
      { type: 'socket', path: sock },
    );
    assert.equal(deleted?.removed, true, deleted?.message);
    assert.equal(fs.existsSync(sock), false);
    const after = await state();
    const confirm = after.shown.find((m) => m.kind === 'confirm');
    assert.ok(confirm && confirm.message.includes(sock), JSON.stringify(after.shown));
    assert.deepEqual(confirm.actions, ['Delete Socket File']);
    assert.equal(after.unixSockets.find((u) => u.path === sock)?.status, 'missing');
    assert.ok(!after.tree.some((n) => n.label === sock), 'a missing socket file is not listed');
  });
});
