// Restricted Mode in a real host: Workspace Trust on and the folder not trusted. The analyzer
// still shows its diagnostics but writes nothing (the workspace's own settings ask for fix all on
// save); stopping a process and deleting a stale socket file are refused, and the panel and the
// refusals say why.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { exited, startNode } from '../../shared/children';
import { EXTENSION_ID, holdPort, refresh, rowOf, scriptUi, setSettingPorts, state, treeNodeOf, waitFor } from '../ports-helpers';

const RESTRICTED = /Restricted Mode: this workspace is not trusted/;

function folder(): vscode.WorkspaceFolder {
  const [first] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(first, 'the trust suite opened no folder');
  return first;
}

async function api(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.activate();
}

describe('an untrusted workspace (Restricted Mode)', () => {
  const cleanup: (() => void)[] = [];
  after(async () => {
    for (const step of cleanup.reverse()) step();
    await scriptUi();
  });

  it('is not trusted: the host runs with Workspace Trust on', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace is trusted: this suite must run in Restricted Mode');
  });

  it('the analyzer still shows its diagnostics', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder().uri, 'server.c'));
    await vscode.window.showTextDocument(document);
    assert.equal(await (await api()).diagnostics.refresh(document), 'published');
    const ours = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Address In Use');
    assert.deepEqual(
      ours.map((d) => (typeof d.code === 'object' ? d.code.value : d.code)),
      ['missing-reuseaddr'],
    );
  });

  it("the workspace's editor.codeActionsOnSave does not make a save fix the file", async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder().uri, 'server.c'));
    const onSave = vscode.workspace
      .getConfiguration('editor', { languageId: 'c' })
      .get<Record<string, string>>('codeActionsOnSave');
    assert.equal(onSave?.['source.fixAll.addressInUse'], 'explicit', "the fixture's settings.json is not in effect");
    const typed = new vscode.WorkspaceEdit();
    typed.insert(document.uri, new vscode.Position(0, 0), '/* typed */\n');
    assert.ok(await vscode.workspace.applyEdit(typed));
    assert.equal(await (await api()).diagnostics.refresh(document), 'published');
    const asTyped = document.getText();
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.equal(document.isDirty, false, 'the save did not happen');
    assert.equal(document.getText(), asTyped, 'the save changed the text');
    assert.equal(fs.readFileSync(document.uri.fsPath, 'utf8'), asTyped, 'the file on disk is not what the user typed');
    assert.doesNotMatch(asTyped, /setsockopt/, 'fix all ran on save');
  });

  it('stopping a process is refused and says why; the holder row says so too', async () => {
    const held = await holdPort();
    cleanup.push(() => held.stop());
    await setSettingPorts([held.port]);
    const s = await waitFor(
      refresh,
      (st) => st.rows.some((r) => r.port === held.port && r.status === 'listening'),
      `port ${held.port} listening`,
    );
    assert.equal(rowOf(s, held.port).holders[0]?.pid, held.pid);
    const holder = treeNodeOf(s, held.port).children.find((c) => /\bholder\b/.test(c.contextValue ?? ''));
    assert.ok(holder, 'no holder row under the port');
    assert.match(holder.tooltip ?? '', RESTRICTED);
    assert.match(s.statusBar.tooltip, RESTRICTED);
    assert.ok(!s.statusBar.tooltip.includes('command:addressInUse.stopProcessOnPort'), 'a Stop link in Restricted Mode');

    await scriptUi(['Stop (SIGTERM)']);
    const result = await vscode.commands.executeCommand<{ outcome?: unknown; message: string }>('addressInUse.stopPortHolder', {
      port: held.port,
      pid: held.pid,
    });
    assert.equal(result?.outcome, undefined, 'a stop was attempted');
    assert.match(result.message, /stopping processes is disabled in an untrusted workspace/);
    const shown = (await state()).shown;
    assert.deepEqual(
      shown.map((m) => [m.kind, m.message]),
      [['warn', result.message]],
      'the user is told why, and asked nothing',
    );
    assert.equal(held.child.exitCode, null, 'the holder exited');
    assert.equal(held.child.signalCode, null, 'the holder got a signal');
  });

  it('deleting a stale socket file is refused and says why; the socket row says so too', async () => {
    const sock = path.join(os.tmpdir(), `aiu-trust-${process.pid}-${Date.now()}.sock`);
    cleanup.push(() => fs.rmSync(sock, { force: true }));
    const code = vscode.Uri.joinPath(folder().uri, 'unix-server.js');
    const text = `// written by the trust integration test\nconst net = require('node:net');\n\nnet.createServer().listen(${JSON.stringify(sock)});\n`;
    await vscode.workspace.fs.writeFile(code, new TextEncoder().encode(text));
    const { child } = await startNode(
      `require('net').createServer().listen(${JSON.stringify(sock)}, () => console.log('ready'));`,
    );
    const exit = exited(child);
    child.kill('SIGKILL'); // no chance to unlink: the file stays behind
    assert.equal((await exit).signal, 'SIGKILL');
    assert.ok(fs.existsSync(sock), 'SIGKILL left no socket file');

    const s = await waitFor(
      refresh,
      (st) => st.unixSockets.some((u) => u.path === sock && u.status === 'stale'),
      `${sock} stale`,
      60_000,
    );
    const node = s.tree.find((n) => n.label === sock);
    assert.ok(node, `no tree item for the stale socket: ${s.tree.map((n) => n.label).join(', ')}`);
    assert.match(node.tooltip ?? '', RESTRICTED);
    assert.ok(!node.tooltip?.includes('command:addressInUse.deleteStaleSocketFile'), 'a Delete link in Restricted Mode');

    await scriptUi(['Delete Socket File']);
    const result = await vscode.commands.executeCommand<{ removed: boolean; message: string }>(
      'addressInUse.deleteStaleSocketFile',
      { type: 'socket', path: sock },
    );
    assert.equal(result?.removed, false);
    assert.match(result.message, /deleting socket files is disabled in an untrusted workspace/);
    assert.deepEqual(
      (await state()).shown.map((m) => [m.kind, m.message]),
      [['warn', result.message]],
    );
    assert.ok(fs.existsSync(sock), 'the socket file was deleted');
  });
});
