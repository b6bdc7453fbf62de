// Tasks: VS Code gives extensions no way to read a task's output, and a task's terminal runs
// without shell integration (checked in the real host), so shell-watcher.ts never sees it. What
// is known is the task's exit status and command line: a task that ends non-zero while the port
// its command or program names is taken gets an offer that says exactly that.
import * as vscode from 'vscode';
import type { RestartOffers } from './restart-offers';

export function watchTasks(offers: RestartOffers, offeredByShell: (task: vscode.Task) => boolean): vscode.Disposable {
  return vscode.tasks.onDidEndTaskProcess(async (e) => {
    if (e.exitCode === undefined || e.exitCode === 0) return;
    // A task whose terminal did have shell integration was offered from its output already.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const task = e.execution.task;
    if (offeredByShell(task)) return;
    await offers.offerAfterUnreadFailure({ kind: 'task', name: task.name, task }, e.exitCode);
  });
}
