import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectMachineKind, isContainer } from '../../src/machines/machineKind.js';

test('desktop remote names decide first', () => {
  assert.equal(detectMachineKind('dev-container', {}), 'dev-container');
  assert.equal(detectMachineKind('attached-container', {}), 'attached-container');
  assert.equal(detectMachineKind('codespaces', {}), 'codespaces');
  assert.equal(detectMachineKind('ssh-remote', { REMOTE_CONTAINERS: 'true' }), 'ssh');
  assert.equal(detectMachineKind('wsl', {}), 'wsl');
});

test('environment markers recognise containers where the remote name does not (code-server, DevPod)', () => {
  assert.equal(detectMachineKind('127.0.0.1:8080', { REMOTE_CONTAINERS: 'true' }), 'dev-container');
  assert.equal(detectMachineKind(undefined, { REMOTE_CONTAINERS_IPC: '/tmp/vscode-remote-containers-ipc.sock' }), 'dev-container');
  assert.equal(detectMachineKind('127.0.0.1:8080', { CODESPACES: 'true' }), 'codespaces');
  assert.equal(detectMachineKind('127.0.0.1:8080', { REMOTE_CONTAINERS: 'false' }), 'web');
  assert.equal(detectMachineKind(undefined, {}), 'local');
});

test('containers are the machines that lose their login on rebuild', () => {
  assert.deepEqual(
    (['dev-container', 'attached-container', 'codespaces', 'ssh', 'wsl', 'tunnel', 'web', 'local'] as const).filter(isContainer),
    ['dev-container', 'attached-container', 'codespaces'],
  );
});
