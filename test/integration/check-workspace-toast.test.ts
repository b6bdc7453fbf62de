// "Check Workspace" ends with one notification: its result. The progress notification must be
// gone by then, not left beside it (read from the page: the extension API cannot see toasts).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate } from './ports-helpers';
import { shownNotifications } from './screen';

describe('Check Workspace notifications', () => {
  before(async () => {
    await activate();
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('the progress toast is gone when the result shows', async function () {
    this.timeout(120_000);
    // A first check starts the analysis workers; the second is as quick as a small workspace's.
    await vscode.commands.executeCommand('addressInUse.checkWorkspace');
    await shownNotifications('Address In Use: Checked ', 60_000);
    await vscode.commands.executeCommand('notifications.clearAll');
    const started = Date.now();
    const check = Promise.resolve(vscode.commands.executeCommand('addressInUse.checkWorkspace'));
    // The page as it was when the result first showed.
    const shown = await shownNotifications('Address In Use: Checked ', 60_000);
    const seenAfter = Date.now() - started;
    await check;
    const result = shown.filter((n) => n.text.startsWith('Address In Use: Checked '));
    assert.equal(result.length, 1, JSON.stringify(shown));
    const progress = shown.filter((n) => n.text.startsWith('Address In Use: checking workspace'));
    assert.deepEqual(
      progress,
      [],
      `the progress notification still shows beside the result (seen ${seenAfter} ms after the check started)`,
    );
  });
});
