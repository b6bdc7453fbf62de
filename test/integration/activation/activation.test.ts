// Activation in a fresh host: nothing in this workspace matches the manifest's activation
// events, so the extension stays inactive until a C document opens, and then it analyzes it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'address-in-use.address-in-use';

const SEED_BIND = `#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

int main(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons(45123);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) return 1;
  listen(fd, 16);
  return 0;
}
`;

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('activation', () => {
  it('stays inactive in a workspace with nothing to analyze and no ports', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the host's extensions`);
    // Long enough for onStartupFinished and workspaceContains to have fired, were they to match.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(extension.isActive, false, 'the extension activated before any C file was opened');
  });

  it('activates when a C document opens, and publishes its finding', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const document = await vscode.workspace.openTextDocument({ language: 'c', content: SEED_BIND });
    await vscode.window.showTextDocument(document);
    await waitFor(() => extension.isActive || undefined, `${EXTENSION_ID} to activate on a C document`);
    const diagnostics = await waitFor(() => {
      const ours = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Address In Use');
      return ours.length > 0 ? ours : undefined;
    }, 'the analyzer to publish a diagnostic on the C document');
    const codes = diagnostics.map((d) => (typeof d.code === 'object' ? d.code.value : d.code));
    assert.deepEqual(codes, ['missing-reuseaddr']);
  });

  it('shows no status bar item in a workspace without ports', async () => {
    const extension = vscode.extensions.getExtension<{
      ports: { holders: { discovered: boolean; rows(): unknown[] }; statusBar: { visible: boolean } };
    }>(EXTENSION_ID)!;
    const { ports } = extension.exports;
    await waitFor(() => ports.holders.discovered || undefined, 'the port discovery to finish');
    assert.deepEqual(ports.holders.rows(), []);
    assert.equal(ports.statusBar.visible, false, 'a bare plug icon for a folder with no ports');
  });
});
