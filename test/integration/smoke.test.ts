// The first thing any integration run must prove: the extension under development is loaded by
// a real VS Code. Activation on a C file is proven in a host of its own (activation/).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'address-in-use.address-in-use';
/** code-server 4.100.3, the host scripts/run-integration.mjs installs, ships this VS Code. */
const CODE_SERVER_VSCODE_VERSION = '1.100.3';

describe('smoke', () => {
  it('the extension under development is installed', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the host's extensions`);
    assert.equal(extension.packageJSON.main, './dist/extension.js');
  });

  it('runs in the VS Code that code-server ships (web UI) or a desktop VS Code the manifest accepts', () => {
    if (vscode.env.uiKind === vscode.UIKind.Web) {
      assert.equal(vscode.version, CODE_SERVER_VSCODE_VERSION);
    } else {
      const [major, minor] = vscode.version.split('.').map(Number);
      assert.ok(major > 1 || (major === 1 && minor >= 90), `VS Code ${vscode.version} is older than engines.vscode ^1.90.0`);
    }
  });
});
