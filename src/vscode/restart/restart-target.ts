// What failed and how to run it again exactly as it ran: the same debug configuration, the same
// task, or the same command line in the same terminal.
import * as vscode from 'vscode';

export type RestartTarget =
  | { kind: 'debug'; name: string; folder: vscode.WorkspaceFolder | undefined; configuration: vscode.DebugConfiguration }
  | { kind: 'task'; name: string; task: vscode.Task }
  | { kind: 'terminal'; name: string; terminal: vscode.Terminal; commandLine: string; cwd?: string };

/** For people: "the debug session “Launch server”", "the task “serve”", "`node server.js`". */
export function describeTarget(t: RestartTarget): string {
  switch (t.kind) {
    case 'debug':
      return `the debug session “${t.name}”`;
    case 'task':
      return `the task “${t.name}”`;
    case 'terminal':
      return `\`${t.commandLine}\``;
  }
}

/** The command line (or what stands for it) the port inference reads. */
export function commandOf(t: RestartTarget): {
  command?: string | string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
} {
  switch (t.kind) {
    case 'debug': {
      const c = t.configuration;
      const program = typeof c.program === 'string' ? [c.program] : [];
      const args = Array.isArray(c.args) ? c.args.filter((a): a is string => typeof a === 'string') : [];
      const runtime = typeof c.runtimeExecutable === 'string' ? [c.runtimeExecutable] : [];
      return {
        command: [...runtime, ...program, ...args],
        env: typeof c.env === 'object' && c.env !== null ? (c.env as Record<string, string | undefined>) : undefined,
        cwd: typeof c.cwd === 'string' ? c.cwd : t.folder?.uri.fsPath,
      };
    }
    case 'task': {
      const exec = t.task.execution;
      if (exec instanceof vscode.ShellExecution) {
        const args = (exec.args ?? []).map((a) => (typeof a === 'string' ? a : a.value));
        const line =
          exec.commandLine ?? [typeof exec.command === 'string' ? exec.command : (exec.command?.value ?? ''), ...args].join(' ');
        return { command: line, env: exec.options?.env, cwd: exec.options?.cwd ?? folderOf(t.task) };
      }
      if (exec instanceof vscode.ProcessExecution) {
        return { command: [exec.process, ...exec.args], env: exec.options?.env, cwd: exec.options?.cwd ?? folderOf(t.task) };
      }
      return { cwd: folderOf(t.task) };
    }
    case 'terminal':
      return { command: t.commandLine, cwd: t.cwd };
  }
}

function folderOf(task: vscode.Task): string | undefined {
  return typeof task.scope === 'object' ? task.scope.uri.fsPath : undefined;
}

/** Runs the target again, the way it ran. Resolves once it was started (not when it ends). */
export async function restartTarget(t: RestartTarget): Promise<void> {
  switch (t.kind) {
    case 'debug': {
      if (!(await vscode.debug.startDebugging(t.folder, t.configuration))) {
        throw new Error(`could not start ${describeTarget(t)} again`);
      }
      return;
    }
    case 'task':
      await vscode.tasks.executeTask(t.task);
      return;
    case 'terminal':
      t.terminal.show(true);
      if (t.terminal.shellIntegration) t.terminal.shellIntegration.executeCommand(t.commandLine);
      else t.terminal.sendText(t.commandLine);
      return;
  }
}
