// An unknown rule id in `addressInUse.rules` is reported where the user looks, not only by the
// settings.json schema: a warning on the page, once per distinct id.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate } from './ports-helpers';
import { type ShownNotification, shownNotifications } from './screen';

const mentioning = (shown: ShownNotification[], id: string) => shown.filter((n) => n.text.includes(`"${id}"`));

async function setRules(value: Record<string, string> | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('addressInUse').update('rules', value, vscode.ConfigurationTarget.Workspace);
}

describe('addressInUse.rules', () => {
  before(async () => {
    await activate();
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await setRules(undefined);
    await vscode.commands.executeCommand('notifications.hideList');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('an unknown rule id shows a warning once, with the id it most likely meant or the valid ids', async function () {
    this.timeout(120_000);
    await setRules({ 'missing-reuseadr': 'off' });
    const first = await shownNotifications('"missing-reuseadr"');
    assert.deepEqual(
      mentioning(first, 'missing-reuseadr').map((n) => n.text),
      ['Address In Use: "missing-reuseadr" in addressInUse.rules is not a rule id: did you mean "missing-reuseaddr"?'],
    );

    // The user closes it (VS Code merges a repeat of a notification still open, but not of a
    // closed one); then another change of the setting keeps the typo and adds an id close to none.
    await vscode.commands.executeCommand('notifications.clearAll');
    await setRules({ 'missing-reuseadr': 'off', 'no-such-rule': 'hint' });
    const second = await shownNotifications('"no-such-rule"');
    const [unknown] = mentioning(second, 'no-such-rule');
    assert.match(unknown.text, /"no-such-rule" in addressInUse\.rules is not a rule id\. The rule ids: missing-reuseaddr, /);

    // Toasts hide after a while; the notification center keeps every notification not closed.
    await vscode.commands.executeCommand('notifications.showList');
    const all = (await shownNotifications('"no-such-rule"')).filter((n) => n.where === 'center');
    assert.deepEqual(mentioning(all, 'missing-reuseadr'), [], 'the first typo was reported again');
    assert.equal(mentioning(all, 'no-such-rule').length, 1, JSON.stringify(all));
  });
});
