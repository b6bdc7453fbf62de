// Helpers for the port holders suite: real child processes that hold real ports on 127.0.0.1,
// and the feature's state read through the extension's API (port-state.ts).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { type ExitStatus, exited, startNode } from '../shared/children';
import type { ExtensionApi } from '../../src/extension';
import type { PortReader } from '../../src/ports/model';
import type { PortHoldersApi } from '../../src/vscode/ports';
import { type PortsState, ScriptedUi, type TreeSnapshot, snapshotPorts } from './port-state';

export const EXTENSION_ID = 'address-in-use.address-in-use';
export type { PortsState, TreeSnapshot };

async function ports(): Promise<PortHoldersApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  assert.ok(api?.ports, `${EXTENSION_ID} activated without the port holders in its API`);
  return api.ports;
}

export async function activate(): Promise<void> {
  await ports();
}

let scripted: ScriptedUi | undefined;

/** The feature's state as plain data, with what the scripted UI was shown since scriptUi(). */
export async function state(): Promise<PortsState> {
  return snapshotPorts(await ports(), scripted?.shown ?? []);
}

/**
 * `answers`: what each confirmation returns in turn (an action title, or null to cancel);
 * no argument restores the real modals. `beforeAnswer` runs while a confirmation is shown.
 */
export async function scriptUi(answers?: (string | null)[], beforeAnswer?: (index: number) => Promise<void>): Promise<void> {
  scripted = answers ? new ScriptedUi([...answers], beforeAnswer) : undefined;
  (await ports()).setUi(scripted);
}

/** Reads holders with `reader` from now on (undefined: the platform's own reader again). */
export async function useReader(reader: PortReader | undefined): Promise<void> {
  (await ports()).holders.useReader(reader);
}

/** Types into the open Show Port Holders QuickPick; false when none is open. */
export async function setPickValue(value: string): Promise<boolean> {
  const pick = (await ports()).picker.current;
  if (!pick) return false;
  pick.value = value;
  return true;
}

export async function waitFor<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}; last value: ${String(JSON.stringify(value)).slice(0, 2000)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface HeldPort {
  port: number;
  pid: number;
  child: ChildProcess;
  exited: Promise<ExitStatus>;
  stop(): void;
}

/**
 * A child `node` process that listens on 127.0.0.1 (an ephemeral port unless `port` is given).
 * Not the extension host itself: a holder in the editor's own process is refused by design.
 * `ignoreSigterm` makes it survive SIGTERM (the SIGKILL path). `serveOnce` makes it accept one
 * connection and close it first, leaving TIME_WAIT on its port.
 */
export async function holdPort(opts: { port?: number; ignoreSigterm?: boolean; serveOnce?: boolean } = {}): Promise<HeldPort> {
  const script = `
    const net = require('net');
    ${opts.ignoreSigterm ? "process.on('SIGTERM', () => {});" : ''}
    const server = net.createServer((socket) => {
      ${opts.serveOnce ? 'socket.destroy(); server.close(() => process.exit(0));' : 'socket.end();'}
    });
    server.listen(${opts.port ?? 0}, '127.0.0.1', () => console.log('PORT ' + server.address().port));
    setTimeout(() => process.exit(3), 120000).unref();
  `;
  const { child, line } = await startNode(script);
  const m = /^PORT (\d+)$/.exec(line);
  assert.ok(m, `the holder printed ${JSON.stringify(line)} instead of its port`);
  assert.ok(child.pid, 'the holder has no pid');
  return {
    port: Number(m[1]),
    pid: child.pid,
    child,
    exited: exited(child),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** One connection to 127.0.0.1:port that the server closes first: TIME_WAIT stays on the server's port. */
export async function connectOnce(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.resume();
  });
}

export async function setSettingPorts(ports: number[] | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('addressInUse').update('ports', ports, vscode.ConfigurationTarget.Workspace);
}

export async function refresh(): Promise<PortsState> {
  await vscode.commands.executeCommand('addressInUse.refreshPortHolders');
  return state();
}

export function rowOf(s: PortsState, port: number): PortsState['rows'][number] {
  const row = s.rows.find((r) => r.port === port);
  assert.ok(row, `port ${port} is not among the workspace ports: ${s.rows.map((r) => r.port).join(', ')}`);
  return row;
}

export function treeNodeOf(s: PortsState, port: number): TreeSnapshot {
  const node = s.tree.find((n) => n.label === String(port) || n.label.startsWith(`${port}/`));
  assert.ok(node, `no tree item for port ${port}: ${s.tree.map((n) => n.label).join(', ')}`);
  return node;
}

/**
 * A port below every port the integration workspace names (3000, 45001), free on 127.0.0.1 now:
 * held by the test, it is the one the status bar must show first whatever else this machine runs.
 */
export async function freeLowPort(): Promise<number> {
  for (let port = 2100; port < 3000; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 2100 and 2999 on 127.0.0.1: the status bar test needs one');
}
