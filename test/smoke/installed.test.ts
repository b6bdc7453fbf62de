// The installed .vsix, used as a user would: the copy in the extensions folder activates, finds
// the demo's bugs in every language it ships a grammar for, applies a quick fix, opens a rule's
// page, and shows its port views. A file missing from the package (a wasm, a rule page, the
// bundle) fails one of these. The runner checks the status bar and the panel in the page itself.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'address-in-use.address-in-use';

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function ours(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Address In Use')
    .filter((d) => rule === undefined || (typeof d.code === 'object' && d.code.value === rule));
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the smoke workspace (a copy of demo/) is not open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

async function diagnosticIn(uri: vscode.Uri, rule: string): Promise<vscode.Diagnostic> {
  const [diagnostic] = await waitFor(() => {
    const found = ours(uri, rule);
    return found.length > 0 ? found : undefined;
  }, `a ${rule} diagnostic in ${uri.path}`);
  return diagnostic;
}

describe('the installed .vsix', () => {
  it('is the copy in the extensions folder, not a development folder', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    assert.match(extension.extensionPath, /[/\\]extensions[/\\]address-in-use\.address-in-use-\d+\.\d+\.\d+$/);
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('activates on the demo C file and reports its bind without SO_REUSEADDR', async () => {
    const uri = workspaceFile('seed-server.c');
    await open(uri);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    await waitFor(() => extension?.isActive, 'the extension to activate');
    const diagnostic = await diagnosticIn(uri, 'missing-reuseaddr');
    assert.ok(diagnostic.message.length <= 100, `a long message: ${diagnostic.message}`);
  });

  it('applies the preferred quick fix, and the finding goes away', async () => {
    const uri = workspaceFile('seed-server.c');
    const document = await open(uri);
    const diagnostic = await diagnosticIn(uri, 'missing-reuseaddr');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // The fix is a command that checks the document's version when it runs (src/vscode/apply-fix.ts).
    const fix = actions.find((a) => a.isPreferred && a.command);
    assert.ok(fix?.command, `no preferred quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? [])), 'applied');
    assert.match(document.getText(), /setsockopt\([^)]*SO_REUSEADDR/);
    await waitFor(() => ours(uri, 'missing-reuseaddr').length === 0 || undefined, 'the fixed finding to go away');
  });

  it("the diagnostic's rule link opens that rule's page, rendered", async () => {
    const uri = workspaceFile('mdns-listener.js');
    await open(uri);
    const diagnostic = await diagnosticIn(uri, 'dgram-missing-reuseaddr');
    assert.ok(typeof diagnostic.code === 'object', 'the diagnostic code carries no link');
    const target = diagnostic.code.target;
    assert.equal(target.scheme, 'command');
    // What the Problems panel and the hover do on a click: run the command with its arguments.
    await vscode.commands.executeCommand(target.path, ...(JSON.parse(decodeURIComponent(target.query)) as unknown[]));
    const tab = await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .find(
            (t) =>
              t.input instanceof vscode.TabInputWebview &&
              t.input.viewType.includes('markdown.preview') &&
              t.label.includes('dgram-missing-reuseaddr'),
          ),
      'a Markdown preview of docs/rules/dgram-missing-reuseaddr.md',
    );
    assert.ok(tab);
  });

  it('analyzes C++ and TypeScript with the grammars the package ships', async () => {
    const cpp = workspaceFile('smoke-server.cpp');
    const ts = workspaceFile('smoke-mdns.ts');
    const encoder = new TextEncoder();
    await vscode.workspace.fs.writeFile(
      cpp,
      encoder.encode(
        '#include <netinet/in.h>\n#include <sys/socket.h>\nint main() {\n  int fd = socket(AF_INET, SOCK_STREAM, 0);\n' +
          '  sockaddr_in a{};\n  a.sin_family = AF_INET;\n  a.sin_port = htons(8080);\n' +
          '  bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);\n  listen(fd, 8);\n}\n',
      ),
    );
    await vscode.workspace.fs.writeFile(
      ts,
      encoder.encode(
        "import * as dgram from 'node:dgram';\nconst s = dgram.createSocket('udp4');\n" +
          "s.bind(5353, () => s.addMembership('224.0.0.251'));\n",
      ),
    );
    await open(cpp);
    await diagnosticIn(cpp, 'missing-reuseaddr');
    await open(ts);
    await diagnosticIn(ts, 'dgram-missing-reuseaddr');
  });

  it('shows the status bar item and the Port Holders panel (and reports the activation time the host measured)', async function () {
    this.timeout(180_000);
    await vscode.commands.executeCommand('addressInUse.portHoldersView.focus');
    // The runtime extensions view shows the activation time the host measured.
    await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions');
    // The extension API cannot see the screen: the runner (scripts/run-integration.mjs) reads the
    // page and answers in this file.
    const answer = path.join(os.tmpdir(), `address-in-use-screen-${process.pid}-${Date.now()}.json`);
    console.log(`[address-in-use:check-screen] ${answer}`);
    const screen = await waitFor(
      () => (fs.existsSync(answer) ? (JSON.parse(fs.readFileSync(answer, 'utf8')) as Screen) : undefined),
      'the runner to read the screen',
      150_000,
    );
    fs.rmSync(answer, { force: true });
    for (const check of screen.checks) console.log(`      ${check.ok ? 'seen' : 'NOT seen'}: ${check.name} (${check.note})`);
    // The activation time is the host's own figure, read from its Running Extensions view.
    const missing = screen.checks.filter((c) => !c.ok);
    assert.deepEqual(missing, [], 'the page does not show it');
    assert.equal(screen.checks.length, 3);
  });
});

interface Screen {
  checks: { name: string; ok: boolean; note?: string }[];
  activation?: string;
}
