import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHolder, kindOfName } from '../../../src/ports/holder-kind';

test('holders that are not the real server, by name', () => {
  assert.equal(kindOfName('docker-proxy'), 'docker-proxy');
  assert.equal(kindOfName('sshd'), 'sshd');
  assert.equal(kindOfName('sshd-session'), 'sshd');
  assert.equal(kindOfName('wslrelay.exe'), 'wslrelay');
  assert.equal(kindOfName('WSLRelay.EXE'), 'wslrelay');
  assert.equal(kindOfName('node'), undefined);
  assert.equal(kindOfName('sshd-helper'), undefined);
});

test('system pids depend on the platform; editor pids win over names', () => {
  const editorPids = new Set([4242]);
  assert.equal(classifyHolder({ pid: 1, name: 'systemd' }, { platform: 'linux', editorPids }).kind, 'system');
  assert.equal(classifyHolder({ pid: 4, name: 'kworker/0:0' }, { platform: 'linux', editorPids }).kind, undefined);
  assert.equal(classifyHolder({ pid: 4, name: 'System' }, { platform: 'win32', editorPids }).kind, 'system');
  assert.equal(classifyHolder({ pid: 4242, name: 'sshd' }, { platform: 'linux', editorPids }).kind, 'editor');
  const docker = classifyHolder({ pid: 900, name: 'docker-proxy' }, { platform: 'linux', editorPids });
  assert.equal(docker.kind, 'docker-proxy');
  assert.match(docker.kindNote ?? '', /container/);
});
