// "When the restart fails", in the real host: a debug session, a task and a terminal command
// that fail with "Address already in use" on 127.0.0.1 each produce the one notification, and its
// actions run end to end. The notification is answered through the extension API's
// `restart.setUi` seam (no hidden commands); the stop flow's modal through `ports.setUi`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { OfferResult, RestartAction, RestartOffer, RestartUi } from '../../src/vscode/restart';
import { gcc } from '../shared/gcc';
import { fixturePath } from '../shared/repo-paths';
import { freeLoopbackPort } from '../shared/loopback';
import { EXTENSION_ID, connectOnce, holdPort, scriptUi, waitFor } from './ports-helpers';

class AnsweringUi implements RestartUi {
  readonly offers: RestartOffer[] = [];
  readonly countdowns: string[] = [];
  readonly messages: string[] = [];
  constructor(private readonly answer: RestartAction | undefined) {}
  offer(offer: RestartOffer): Promise<RestartAction | undefined> {
    this.offers.push(offer);
    return Promise.resolve(this.answer);
  }
  countdown<T>(title: string, wait: (report: (text: string) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
    this.countdowns.push(title);
    return wait((text) => this.messages.push(text), new AbortController().signal);
  }
  info(message: string): void {
    this.messages.push(message);
  }
  warn(message: string): void {
    this.messages.push(message);
  }
}

async function api(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.activate();
}

/** Answers the next offer with `answer` and resolves when its action has run. */
async function nextSettled(answer: RestartAction | undefined): Promise<{ ui: AnsweringUi; settled: Promise<OfferResult> }> {
  const restart = (await api()).restart;
  const ui = new AnsweringUi(answer);
  restart.setUi(ui);
  const settled = new Promise<OfferResult>((resolve) => {
    const sub = restart.offers.onDidSettle((r) => {
      sub.dispose();
      resolve(r);
    });
  });
  return { ui, settled };
}

function titles(offer: RestartOffer): string[] {
  return offer.actions.map((a) => a.title);
}

async function listeningPid(port: number): Promise<number | undefined> {
  const [r] = await (await api()).ports.holders.portReader().lookup([port]);
  return r.status === 'listening' ? r.holders[0]?.pid : undefined;
}

const SERVER_JS = `// Listens on 127.0.0.1:<argv port> until stopped (at most 2 minutes).
const server = require('net').createServer((s) => s.end('hello\\n'));
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening on ' + process.argv[2]));
setTimeout(() => process.exit(0), 120000).unref();
`;

describe('restart offers: a failed start caught where it happens', function () {
  this.timeout(150_000);
  let dir: string;

  before(async () => {
    await api();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'address-in-use-restart-'));
    await fs.writeFile(path.join(dir, 'server.js'), SERVER_JS);
  });
  after(async () => {
    (await api()).restart.setUi(undefined);
    await scriptUi();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a debug session: the offer names the holder; "Stop … and restart" stops it and starts the same session', async () => {
    const holder = await holdPort();
    const { ui, settled } = await nextSettled('stop-and-restart');
    await scriptUi(['Stop (SIGTERM)']);
    try {
      const [folder] = vscode.workspace.workspaceFolders ?? [];
      const configuration: vscode.DebugConfiguration = {
        type: 'node',
        request: 'launch',
        name: 'Restart test server',
        program: path.join(dir, 'server.js'),
        args: [String(holder.port)],
        cwd: dir,
        console: 'internalConsole',
      };
      assert.ok(await vscode.debug.startDebugging(folder, configuration), 'the debug session did not start');
      const result = await settled;
      const offer = ui.offers[0];
      assert.equal(offer.target.kind, 'debug');
      assert.equal(offer.diagnosis.port?.port, holder.port);
      assert.equal(offer.diagnosis.port?.evidence, 'message');
      assert.deepEqual(titles(offer), [`Stop node (${holder.pid}) and restart`]);
      assert.match(offer.message, new RegExp(`the debug session “Restart test server” failed: port ${holder.port}`));
      assert.equal((await holder.exited).signal, 'SIGTERM');
      assert.equal(result.outcome, 'restarted the debug session “Restart test server”');
      const pid = await waitFor(
        () => listeningPid(holder.port),
        (p) => p !== undefined && p !== holder.pid,
        `the restarted debug session's server on ${holder.port}`,
      );
      assert.ok(pid);
    } finally {
      holder.stop();
      await vscode.debug.stopDebugging();
    }
  });

  it('a task: the port from the program\'s source; "Show the binding code" reveals the analyzer\'s finding', async () => {
    // A C server whose port only its source names (#define PORT 45123), built beside its source.
    const source = path.join(dir, 'fixed-port.c');
    await fs.copyFile(fixturePath('restart', 'programs', 'source', 'fixed-port.c'), source);
    await gcc(['-o', path.join(dir, 'fixed-port'), source], 'to build the task’s server');
    const doc = await vscode.workspace.openTextDocument(source);
    await vscode.window.showTextDocument(doc);
    const findings = await waitFor(
      () =>
        Promise.resolve(
          vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code && JSON.stringify(d.code).includes('missing-reuseaddr')),
        ),
      (d) => d.length > 0,
      'the missing-reuseaddr finding on fixed-port.c',
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const holder = await holdPort({ port: 45123 });
    const { ui, settled } = await nextSettled('show-binding-code');
    try {
      const task = new vscode.Task(
        { type: 'shell' },
        vscode.TaskScope.Workspace,
        'restart test task',
        'address-in-use tests',
        new vscode.ShellExecution('./fixed-port', { cwd: dir }),
      );
      const ended = new Promise<number | undefined>((resolve) => {
        const sub = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.name !== task.name) return;
          sub.dispose();
          resolve(e.exitCode);
        });
      });
      const seen: string[] = [];
      const watch = vscode.window.onDidStartTerminalShellExecution((e) =>
        seen.push(`${e.terminal.name}: ${e.execution.commandLine.value}`),
      );
      await vscode.tasks.executeTask(task);
      assert.equal(await ended, 1, "the task failed with perror's exit status");
      const result = await Promise.race([
        settled,
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`no offer within 15 s of the task's end; shell executions seen: ${JSON.stringify(seen)}`)),
            15_000,
          ),
        ),
      ]);
      const offer = ui.offers[0];
      watch.dispose();
      assert.equal(offer.target.kind, 'task');
      assert.deepEqual(
        [offer.diagnosis.port?.port, offer.diagnosis.port?.evidence, offer.diagnosis.port?.detail],
        [45123, 'source', 'fixed-port.c:15'],
      );
      assert.deepEqual(titles(offer), [`Stop node (${holder.pid}) and restart`, 'Show the binding code']);
      assert.match(
        offer.message,
        /the task “restart test task” ended with exit status 1, and port 45123 \(from the program's source: fixed-port.c:15\) is held by node/,
      );
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.fsPath, source, result.outcome);
      assert.equal(editor?.selection.active.line, findings[0].range.start.line, 'the cursor is on the finding');
      assert.equal(holder.child.exitCode, null, 'nothing was stopped without a click on Stop');
    } finally {
      holder.stop();
    }
  });

  it('a terminal command: the unfixed seed server in its own TIME_WAIT; "Restart when free" waits it out and starts it', async () => {
    const binary = path.join(dir, 'seed-server');
    await gcc(['-o', binary, fixturePath('e2e', 'seed-server.c')], 'to build the seed server');
    const port = await freeLoopbackPort();
    const terminal = vscode.window.createTerminal({ name: 'restart test', shellPath: '/bin/bash', cwd: dir });
    try {
      terminal.show();
      const shell = await waitFor(
        () => Promise.resolve(terminal.shellIntegration),
        (s) => s !== undefined,
        'shell integration in a bash terminal',
        30_000,
      );
      // Every execution's start and end, so a missing offer says what the shell reported.
      const seen: string[] = [];
      const outputs: string[] = [];
      let ends = 0;
      const watch = vscode.Disposable.from(
        vscode.window.onDidStartTerminalShellExecution((e) => {
          if (e.terminal !== terminal) return;
          seen.push(`start: ${e.execution.commandLine.value}`);
          // What the API hands an extension as the output, so a missing offer can say it.
          void (async () => {
            let output = '';
            for await (const chunk of e.execution.read()) output += chunk;
            outputs.push(output);
            seen.push(`output: ${JSON.stringify(output.slice(-300))}`);
          })();
        }),
        vscode.window.onDidEndTerminalShellExecution((e) => {
          if (e.terminal !== terminal) return;
          seen.push(`end (exit ${String(e.exitCode)}): ${e.execution.commandLine.value}`);
          ends++;
        }),
      );
      try {
        // The first run serves one connection and closes first: TIME_WAIT is left on its port.
        shell!.executeCommand(`./seed-server ${port}`);
        await waitFor(
          () => listeningPid(port),
          (p) => p !== undefined,
          `the seed server on ${port}`,
        );
        await connectOnce(port);
        // The next command goes in only once the shell reported the first one's end: typed while
        // the prompt is not back, shell integration cannot delimit it.
        await waitFor(
          () => Promise.resolve(ends),
          (n) => n >= 1,
          'the end of the first run',
          30_000,
        ).catch((error: Error) => {
          throw new Error(`${error.message}; shell executions seen: ${JSON.stringify(seen)}`);
        });

        const { ui, settled } = await nextSettled('restart-when-free');
        shell!.executeCommand(`./seed-server ${port}`);
        // The restart inside TIME_WAIT fails; the offer waits, then runs the same line again.
        const served = waitFor(
          () => listeningPid(port),
          (p) => p !== undefined,
          'the restarted seed server',
          100_000,
        );
        served.catch(() => undefined); // awaited below; a failure before that must not go unhandled
        const offer = await waitFor(
          () => Promise.resolve(ui.offers[0]),
          (o) => o !== undefined,
          'the offer',
          60_000,
        ).catch((error: Error) => {
          throw new Error(`${error.message}; shell executions seen: ${JSON.stringify(seen)}`);
        });
        assert.equal(offer.target.kind, 'terminal');
        assert.equal(offer.diagnosis.report?.status, 'time-wait');
        assert.deepEqual([offer.diagnosis.port?.port, offer.diagnosis.port?.evidence], [port, 'command-line']);
        assert.ok(titles(offer).includes('Restart when free'), titles(offer).join(', '));
        assert.ok(!titles(offer).some((t) => t.startsWith('Stop')), 'nobody to stop in TIME_WAIT');
        // VS Code sometimes hands an extension none of a fast-failing command's output: then the
        // offer rests on the exit status and the port's state, and says so.
        console.log(`      (the failed restart's output ${outputs[1] === '' ? 'was lost by VS Code' : 'was read'})`);
        if (outputs[1] === '') assert.match(offer.message, /ended with exit status 3, .*its output could not be read/);
        else assert.equal(offer.diagnosis.failure.runtime, 'c', `read from the output: ${JSON.stringify(outputs[1])}`);
        await served;
        await connectOnce(port);
        const result = await settled;
        assert.match(result.outcome ?? '', new RegExp(`restarted .*when port ${port} was free`));
        assert.equal(ui.countdowns.length, 1);
      } finally {
        watch.dispose();
      }
    } finally {
      terminal.dispose();
    }
  });
});
