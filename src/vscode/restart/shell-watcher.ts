// Terminals and tasks through shell integration (VS Code 1.93+): each command execution's
// command line and output; one that ends non-zero after "Address already in use" gets one offer.
// A command a running task started is restarted as that task; any other, as the same command
// line in the same terminal.
import * as vscode from 'vscode';
import { OutputTail, recogniseBindFailure } from '../../ports/restart/bind-failure';
import type { Log } from '../log';
import type { RestartOffers } from './restart-offers';
import type { RestartTarget } from './restart-target';

const tails = new WeakMap<vscode.TerminalShellExecution, Promise<string>>();

async function readAll(execution: vscode.TerminalShellExecution): Promise<string> {
  const tail = new OutputTail();
  for await (const chunk of execution.read()) tail.push(chunk);
  return tail.value;
}

function taskOf(terminal: vscode.Terminal, commandLine: string): vscode.Task | undefined {
  // A task's terminal carries the task's name; its shell command is the task's command line.
  return vscode.tasks.taskExecutions
    .map((e) => e.task)
    .find((t) => {
      const exec = t.execution;
      const line = exec instanceof vscode.ShellExecution ? (exec.commandLine ?? '') : '';
      return terminal.name.includes(t.name) || (line !== '' && line === commandLine);
    });
}

/** Tasks offered from their shell execution's output (so the task watcher does not offer them again). */
const offeredTasks = new Set<string>();
const taskKey = (task: vscode.Task) => `${task.source}\u0000${task.name}`;

export function offeredFromShell(task: vscode.Task): boolean {
  return offeredTasks.delete(taskKey(task));
}

export function watchShellExecutions(offers: RestartOffers, log: Log): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.onDidStartTerminalShellExecution((e) => {
      log.info(`shell execution in “${e.terminal.name}”: ${e.execution.commandLine.value}`);
      // read() must be called when the execution starts, or the output before the call is lost.
      tails.set(
        e.execution,
        readAll(e.execution).catch(() => ''),
      );
    }),
    vscode.window.onDidEndTerminalShellExecution(async (e) => {
      const pending = tails.get(e.execution);
      if (!pending || e.exitCode === 0) return;
      const output = await pending;
      const failure = recogniseBindFailure(output);
      // Every execution's output starts with the shell's "command executed" sequence; none at
      // all means VS Code lost it (seen in 1.100 when a command fails within a few ms, as a
      // server does at bind), so what is known is the exit status and the port's state.
      const lostWithStatus = output === '' ? e.exitCode : undefined;
      if (!failure && lostWithStatus === undefined) return;
      const commandLine = e.execution.commandLine.value;
      const task = taskOf(e.terminal, commandLine);
      if (task) offeredTasks.add(taskKey(task));
      const target: RestartTarget = task
        ? { kind: 'task', name: task.name, task }
        : { kind: 'terminal', name: e.terminal.name, terminal: e.terminal, commandLine, cwd: e.execution.cwd?.fsPath };
      if (failure) await offers.offer(failure, target);
      else if (lostWithStatus !== undefined) {
        log.info(`shell execution in “${e.terminal.name}” ended with ${e.exitCode} and no output reached the extension`);
        await offers.offerAfterUnreadFailure(target, lostWithStatus);
      }
    }),
  );
}
