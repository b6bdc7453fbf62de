// The first thing any integration run must prove: the extension under development is loaded by
// a real VS Code and activates on C code.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'address-in-use.address-in-use';
/** code-server 4.100.3, the host scripts/run-integration.mjs installs, ships this VS Code. */
const CODE_SERVER_VSCODE_VERSION = '1.100.3';

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('smoke', () => {
  it('the extension under development is installed', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the host's extensions`);
    assert.equal(extension.packageJSON.main, './dist/extension.js');
  });

  it('activates when a C file of the workspace is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const [cFile] = await vscode.workspace.findFiles('**/*.c', undefined, 1);
    assert.ok(cFile, 'the integration workspace holds no .c file');
    const document = await vscode.workspace.openTextDocument(cFile);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'c');
    await waitFor(() => extension.isActive, `${EXTENSION_ID} to activate`);
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
