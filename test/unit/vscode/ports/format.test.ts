// The port UI's wording (src/vscode/ports/format.ts imports no 'vscode', so it runs here).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Holder, PortReport } from '../../../../src/ports/model';
import {
  commandLink,
  escapeMarkdown,
  holderDetail,
  primarySource,
  stateText,
  statusSummary,
  timeWaitLeft,
  type PortRow,
} from '../../../../src/vscode/ports/format';

const holder = (pid: number, name = 'node'): Holder => ({
  pid,
  name,
  command: `${name} server.js`,
  user: 'alice',
  uid: 1000,
  addresses: ['127.0.0.1'],
});

function report(status: PortReport['status'], extra: Partial<PortReport> = {}): PortReport {
  return {
    port: 0,
    protocol: 'tcp',
    status,
    addresses: [],
    holders: [],
    ownerHidden: false,
    established: 0,
    closeWait: 0,
    sockets: [],
    ...extra,
  };
}

const T0 = 1_700_000_000_000;

describe('port UI wording', () => {
  test('status bar: quiet icon when every port is free or unread', () => {
    const rows: PortRow[] = [
      { port: 3000, sources: [], report: report('free'), readAt: T0 },
      { port: 4000, sources: [] },
    ];
    assert.deepEqual(statusSummary(rows, T0), { text: '$(plug)', busy: false });
  });

  test('status bar: the lowest held port with its holder, then how many more', () => {
    const rows: PortRow[] = [
      { port: 3000, sources: [], report: report('time-wait', { timeWait: { count: 2, remainingSeconds: 41 } }), readAt: T0 },
      { port: 8080, sources: [], report: report('listening', { holders: [holder(4123)] }), readAt: T0 },
      { port: 5000, sources: [], report: report('bound', { holders: [holder(77, 'python3')] }), readAt: T0 },
    ];
    assert.deepEqual(statusSummary(rows, T0), { text: '$(plug) 5000 python3·77 +2', busy: true });
    assert.deepEqual(statusSummary(rows.slice(0, 1), T0 + 5_500), { text: '$(plug) 3000 TIME_WAIT 36s', busy: true });
    // Expired timers are quiet again without another read.
    assert.deepEqual(statusSummary(rows.slice(0, 1), T0 + 60_000), { text: '$(plug)', busy: false });
    assert.equal(statusSummary(rows, T0, 'lsof is missing').text, '$(plug) $(warning)');
  });

  test('looked-up ports never drive the status bar', () => {
    const rows: PortRow[] = [
      { port: 22, sources: [], lookedUp: true, report: report('listening', { holders: [holder(1, 'sshd')] }), readAt: T0 },
    ];
    assert.equal(statusSummary(rows, T0).text, '$(plug)');
  });

  test('state texts', () => {
    assert.equal(stateText({ port: 1, sources: [] }, T0), 'not read yet');
    assert.equal(stateText({ port: 1, sources: [], report: report('owner-hidden'), readAt: T0 }, T0), 'owner hidden');
    assert.equal(
      stateText(
        { port: 1, sources: [], report: report('listening', { holders: [holder(1), holder(2)], ownerHidden: true }), readAt: T0 },
        T0,
      ),
      'node·1, node·2 + hidden',
    );
    const tw: PortRow = {
      port: 1,
      sources: [],
      report: report('time-wait', { timeWait: { count: 1, remainingSeconds: 10 } }),
      readAt: T0,
    };
    assert.equal(timeWaitLeft(tw, T0 + 9_999), 1);
    assert.equal(stateText(tw, T0 + 10_000), 'free (TIME_WAIT expired)');
    const windows: PortRow = {
      ...tw,
      report: report('time-wait', { timeWait: { count: 3, remainingSeconds: 120, estimated: true } }),
    };
    assert.equal(stateText(windows, T0 + 20_000), 'TIME_WAIT ≤100s', 'no timers on Windows: an upper bound');
  });

  test('holder detail names pid, user, address and socket state', () => {
    const h = holder(42);
    const r = report('listening', {
      holders: [h],
      sockets: [
        {
          protocol: 'tcp',
          family: 4,
          address: '127.0.0.1',
          port: 3000,
          remoteAddress: '0.0.0.0',
          remotePort: 0,
          state: 'LISTEN',
          inode: 1,
          uid: 1000,
        },
      ],
    });
    assert.equal(holderDetail(h, r), 'pid 42 · alice · 127.0.0.1 · LISTEN');
  });

  test('Reveal prefers the binding code over configuration', () => {
    const s = (kind: 'env' | 'code' | 'setting', file: string) => ({ kind, file, line: 0, column: 0, text: '' });
    assert.equal(primarySource({ sources: [s('env', '/w/.env'), s('code', '/w/a.js')] })?.file, '/w/a.js');
    assert.equal(primarySource({ sources: [s('setting', ''), s('env', '/w/.env')] })?.file, '/w/.env');
    assert.equal(primarySource({ sources: [] }), undefined);
  });

  test('markdown escaping and command links', () => {
    assert.equal(escapeMarkdown('a|b [x](command:evil)'), 'a\\|b \\[x\\](command:evil)');
    assert.equal(commandLink('addressInUse.stopProcessOnPort', [3000]), 'command:addressInUse.stopProcessOnPort?%5B3000%5D');
  });
});
