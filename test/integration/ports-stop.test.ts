// Stopping under faults, in a real VS Code: a holder that ignores SIGTERM, a holder that hands
// its socket to a child (a wrapper's respawn), and a holder that exec()s another program while
// the confirmation is on screen. Modals are answered through the extension's test hook; every
// process here is a real child holding a real port on 127.0.0.1.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { exited } from '../shared/children';
import { startExecHolder } from '../shared/exec-holder';
import { startHandoffHolder } from '../shared/handoff-holder';
import { activate, holdPort, type HeldPort, scriptUi, state } from './ports-helpers';

interface StopResult {
  outcome?: { result: string; signal: string; refusal?: string; message: string };
  message: string;
}

const running = (pid: number) => {
  try {
    return !/^\d+ \(.*\) [ZX] /.test(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
};

describe('stopping port holders under faults', function () {
  this.timeout(90_000);
  const cleanups: (() => void)[] = [];

  before(async () => {
    await activate();
  });

  afterEach(async () => {
    await scriptUi();
    for (const c of cleanups.splice(0)) c();
  });

  it('a holder that ignores SIGTERM: declining Force Stop sends no SIGKILL and says it is still running', async () => {
    const stubborn: HeldPort = await holdPort({ ignoreSigterm: true });
    cleanups.push(() => stubborn.stop());
    await scriptUi(['Stop (SIGTERM)', null]);
    const result = await vscode.commands.executeCommand<StopResult>('addressInUse.stopPortHolder', {
      port: stubborn.port,
      pid: stubborn.pid,
    });
    assert.equal(result?.outcome?.result, 'still-running', JSON.stringify(result));
    assert.equal(result.outcome.signal, 'SIGTERM');
    const s = await state();
    const confirms = s.shown.filter((m) => m.kind === 'confirm');
    assert.deepEqual(
      confirms.map((m) => m.actions),
      [['Stop (SIGTERM)'], ['Force Stop (SIGKILL)']],
    );
    assert.equal(confirms[1].message, `Process ${stubborn.pid} is still running after SIGTERM.`);
    assert.match(confirms[1].detail ?? '', new RegExp(`Process ${stubborn.pid} is still running 2 s after SIGTERM`));
    assert.ok(
      s.shown.some(
        (m) => m.kind === 'warn' && m.message === `Address In Use: Process ${stubborn.pid} is still running (SIGKILL not sent).`,
      ),
      JSON.stringify(s.shown),
    );
    assert.ok(!s.shown.some((m) => m.kind === 'info'), `nothing reports it as done: ${JSON.stringify(s.shown)}`);
    assert.equal(stubborn.child.signalCode, null, 'no SIGKILL without the second confirmation');
    assert.ok(running(stubborn.pid), 'the holder still runs');
  });

  it('a holder that hands its socket to a child: not done; the child is named and its process group stopped on request', async () => {
    const h = await startHandoffHolder();
    cleanups.push(() => h.kill());
    const parent = h.child.pid!;
    await scriptUi(['Stop (SIGTERM)', `Stop Process Group ${parent}`]);
    const result = await vscode.commands.executeCommand<StopResult>('addressInUse.stopPortHolder', { port: h.port, pid: parent });
    const s = await state();
    const confirms = s.shown.filter((m) => m.kind === 'confirm');
    assert.equal(confirms.length, 2, JSON.stringify(s.shown));
    assert.equal(confirms[1].message, `Port ${h.port} is still held.`);
    const still = new RegExp(`^Process ${parent} stopped, but port ${h.port} is still held by python3 \\(pid (\\d+)\\): `);
    assert.match(confirms[1].detail ?? '', still);
    const child = Number(still.exec(confirms[1].detail ?? '')![1]);
    assert.deepEqual(confirms[1].actions, [`Stop python3 (pid ${child})`, `Stop Process Group ${parent}`]);
    assert.match(confirms[1].detail ?? '', new RegExp(`Its process group ${parent} \\(1 process\\):\\npid ${child} \\(`));
    assert.equal(result?.outcome?.result, 'stopped', JSON.stringify(result));
    assert.equal(result.outcome.message, `Process group ${parent} stopped. Port ${h.port} is free now.`);
    assert.ok(
      s.shown.some(
        (m) => m.kind === 'info' && m.message === `Address In Use: Process group ${parent} stopped. Port ${h.port} is free now.`,
      ),
      JSON.stringify(s.shown),
    );
    assert.ok(!running(child), 'the child that kept the port has exited');
  });

  it('a holder that exec()s another program while the confirmation is shown: nothing is sent, and the user is told', async () => {
    // Same pid and start time after the exec; only the socket (close-on-exec) tells them apart.
    const holder = await startExecHolder(60);
    const { child, port, pid } = holder;
    cleanups.push(() => child.kill('SIGKILL'));
    await scriptUi(['Stop (SIGTERM)'], async () => {
      await holder.exec();
    });
    const result = await vscode.commands.executeCommand<StopResult>('addressInUse.stopPortHolder', { port, pid });
    assert.equal(result?.outcome?.result, 'refused', JSON.stringify(result));
    assert.equal(result.outcome.refusal, 'not-holder');
    const told = `Address In Use: Process ${pid} is no longer the holder of port ${port}: it still runs (sleep 60) but no longer has the socket it held there. Nothing was sent. Port ${port} is free now.`;
    const s = await state();
    assert.ok(
      s.shown.some((m) => m.kind === 'warn' && m.message === told),
      JSON.stringify(s.shown),
    );
    assert.equal(child.signalCode, null, 'nothing was signalled');
    assert.ok(running(pid));
    child.kill('SIGKILL');
    await exited(child);
  });
});
