// Helpers for the port holders suite: real child processes that hold real ports on 127.0.0.1,
// and the extension's hidden test hooks (src/vscode/ports/test-hooks.ts).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { type ExitStatus, exited, startNode } from '../shared/children';
import {
  type PortsState,
  type TreeSnapshot,
  SCRIPT_UI_COMMAND,
  SET_PICK_VALUE_COMMAND,
  STATE_COMMAND,
} from '../../src/vscode/ports/test-hooks';

export const EXTENSION_ID = 'address-in-use.address-in-use';
export const STATE = STATE_COMMAND;
export const SCRIPT_UI = SCRIPT_UI_COMMAND;
export const SET_PICK_VALUE = SET_PICK_VALUE_COMMAND;
export type { PortsState, TreeSnapshot };

export async function activate(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  await extension.activate();
}

export async function state(): Promise<PortsState> {
  const s = await vscode.commands.executeCommand<PortsState | undefined>(STATE);
  assert.ok(s, `${STATE} returned nothing: the test hooks are registered only outside production mode`);
  return s;
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
        `timed out after ${timeoutMs / 1000} s waiting for ${what}; last value: ${JSON.stringify(value).slice(0, 2000)}`,
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

/** What the status bar must show given the rows: the lowest held port, else the lowest TIME_WAIT one. */
export function expectedStatusText(s: PortsState): string {
  const workspace = s.rows.filter((r) => !r.lookedUp);
  const held = workspace.filter((r) => r.status === 'listening' || r.status === 'bound' || r.status === 'owner-hidden');
  const waiting = workspace.filter((r) => r.status === 'time-wait' && (r.timeWaitLeft ?? 0) > 0);
  const busy = [...held, ...waiting];
  if (busy.length === 0) return '$(plug)';
  return `$(plug) ${busy[0].port} ${busy[0].state}${busy.length > 1 ? ` +${busy.length - 1}` : ''}`;
}
