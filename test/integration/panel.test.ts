// The Port Holders panel as a user reads it: one label style for every port row, holder rows that
// tell two node servers apart, a looked-up port that can be forgotten, and a port added from the
// empty view's link. Real processes on 127.0.0.1, read through the extension's API.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ReadyChild, startProcess } from '../shared/children';
import { activate, freeLowPort, refresh, rowOf, setSettingPorts, state, treeNodeOf, waitFor } from './ports-helpers';

/** A node server started from a script file, as a user's servers are (`node server-a.js`). */
async function serveFromFile(dir: string, name: string): Promise<ReadyChild & { port: number }> {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    "const s = require('net').createServer((c) => c.end()); s.listen(0, '127.0.0.1', () => console.log('PORT ' + s.address().port));\n" +
      'setTimeout(() => process.exit(3), 120000).unref();\n',
  );
  const ready = await startProcess(process.execPath, [file]);
  const port = Number(/^PORT (\d+)$/.exec(ready.line)?.[1]);
  assert.ok(port > 0, `the server printed ${ready.line}`);
  return { ...ready, port };
}

describe('the Port Holders panel', function () {
  this.timeout(60_000);
  const children: ReadyChild[] = [];
  let dir: string;

  before(async () => {
    await activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'address-in-use-panel-'));
  });

  after(async () => {
    for (const c of children) c.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    await setSettingPorts(undefined);
  });

  it('labels held and free ports alike (45000/tcp) and tells two node servers apart by their script', async () => {
    const a = await serveFromFile(dir, 'server-a.js');
    const b = await serveFromFile(dir, 'server-b.js');
    children.push(a, b);
    const free = await freeLowPort();
    await setSettingPorts([a.port, b.port, free]);
    const s = await waitFor(
      refresh,
      (st) => [a.port, b.port].every((p) => st.rows.some((r) => r.port === p && r.status === 'listening')),
      'both servers listening',
    );
    assert.equal(treeNodeOf(s, a.port).label, `${a.port}/tcp`);
    assert.equal(treeNodeOf(s, free).label, `${free}/tcp`);
    assert.equal(rowOf(s, free).status, 'free');
    const holderOf = (port: number) => treeNodeOf(s, port).children.find((c) => /\bholder\b/.test(c.contextValue ?? ''));
    assert.equal(holderOf(a.port)?.label, 'node server-a.js');
    assert.equal(holderOf(b.port)?.label, 'node server-b.js');
  });

  it('a port looked up in Show Port Holders can be forgotten', async () => {
    const api = vscode.extensions.getExtension<{
      ports: { holders: { lookupPort(p: number, keep: boolean): Promise<unknown> } };
    }>('address-in-use.address-in-use')!.exports;
    const port = 2999;
    await api.ports.holders.lookupPort(port, true);
    let s = await state();
    const node = treeNodeOf(s, port);
    assert.match(node.contextValue ?? '', /\blookedUp\b/, 'the Forget action shows on looked-up rows only');
    assert.ok(s.statusBar.tooltip.includes(`| ${port}/tcp |`), 'the looked-up port is in the tooltip');
    assert.equal(await vscode.commands.executeCommand('addressInUse.forgetPort', { type: 'port', port }), true);
    s = await state();
    assert.ok(!s.rows.some((r) => r.port === port), 'the forgotten port is still listed');
    assert.ok(!s.statusBar.tooltip.includes(`| ${port}/tcp |`), 'the forgotten port is still in the tooltip');
    // A workspace port is not a looked-up one: Forget leaves it.
    assert.ok(!/\blookedUp\b/.test(treeNodeOf(s, s.rows[0].port).contextValue ?? ''));
  });

  it("the empty view's Add a Port writes addressInUse.ports and lists the port", async () => {
    await setSettingPorts(undefined);
    const port = 2998;
    assert.equal(await vscode.commands.executeCommand('addressInUse.addPort', port), port);
    assert.deepEqual(vscode.workspace.getConfiguration('addressInUse').get('ports'), [port]);
    const s = await waitFor(state, (st) => st.rows.some((r) => r.port === port), `port ${port} listed`);
    assert.ok(rowOf(s, port).sources.some((src) => src.kind === 'setting'));
  });

  it('Open as Report shows the ports in a read-only port-holders document', async () => {
    await setSettingPorts([2997]);
    await waitFor(refresh, (st) => st.rows.some((r) => r.port === 2997 && r.status !== undefined), 'port 2997 read');
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('addressInUse.openPortReport');
    assert.equal(document.languageId, 'port-holders');
    assert.match(document.getText(), /^2997\/tcp +free$/m);
    // Read-only as a file system (the editor shows it locked and cannot save it). A WorkspaceEdit
    // may still change the buffer in memory: VS Code 1.100 applies edits to read-only documents.
    assert.equal(vscode.workspace.fs.isWritableFileSystem(document.uri.scheme), false, 'the report is writable');
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(document.uri, new TextEncoder().encode('x'))),
      'writing the report succeeded',
    );
  });
});
