// The browser build (package.json `browser`) inside VS Code's web worker extension host, as
// vscode.dev runs it: scripts/run-integration.mjs --web loads the development folder with
// extensionDevelopmentKind=web. The worker has no Node: this file imports `vscode` only (no
// mocha, no node:assert), and prints its results the way the other suites do.
import * as vscode from 'vscode';

const EXTENSION_ID = 'address-in-use.address-in-use';
/** Keep in sync with RESULT_MARKER in scripts/run-integration.mjs. */
const RESULT_MARKER = '[address-in-use:integration-result]';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function folderFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  check(folder, 'no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function ours(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Address In Use' && typeof d.code === 'object' && d.code.value === rule);
}

interface WebApi {
  statusBarTooltip: string;
  analysis: { parser(): Promise<{ parse(grammar: string, text: string): Promise<{ rootNode: { type: string } }> }> };
}

const tests: [string, () => Promise<void>][] = [
  [
    'runs in the web worker extension host, from the browser entry',
    async () => {
      const extension = vscode.extensions.getExtension<WebApi>(EXTENSION_ID);
      check(extension, `${EXTENSION_ID} is not loaded`);
      check(
        extension.extensionKind === vscode.ExtensionKind.UI,
        `extensionKind is ${extension.extensionKind}, not UI (web worker)`,
      );
      const worker = globalThis as { process?: unknown; importScripts?: unknown };
      check(worker.process === undefined && typeof worker.importScripts === 'function', 'this is not a web worker');
      await extension.activate();
    },
  ],
  [
    'loads web-tree-sitter and its wasm through VS Code (no file system in the worker)',
    async () => {
      const api = vscode.extensions.getExtension<WebApi>(EXTENSION_ID)?.exports;
      check(api, 'the extension returned no API');
      const parser = await api.analysis.parser();
      for (const grammar of ['c', 'cpp', 'javascript', 'typescript', 'tsx']) {
        const tree = await parser.parse(grammar, 'int x = 1;');
        check(tree.rootNode.type, `the ${grammar} grammar parsed nothing`);
      }
    },
  ],
  [
    'reports the C bind without SO_REUSEADDR and offers the preferred fix',
    async () => {
      const uri = folderFile('tcp-server.c');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const [diagnostic] = await waitFor(
        () => ours(uri, 'missing-reuseaddr').length > 0 && ours(uri, 'missing-reuseaddr'),
        'a missing-reuseaddr diagnostic',
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
      );
      // The fix is a command that checks the document's version when it runs (src/vscode/apply-fix.ts).
      const fix = actions.find((a) => a.isPreferred && a.command);
      check(fix?.command, `no preferred quick fix among: ${actions.map((a) => a.title).join(', ')}`);
      const outcome = await vscode.commands.executeCommand<string>(fix.command.command, ...(fix.command.arguments ?? []));
      check(outcome === 'applied', `the fix did not apply: ${outcome}`);
      await waitFor(() => ours(uri, 'missing-reuseaddr').length === 0, 'the fixed finding to go away');
    },
  ],
  [
    'analyzes TypeScript and hovers a socket call',
    async () => {
      const uri = folderFile('js/mdns-receiver.ts');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const [diagnostic] = await waitFor(
        () => ours(uri, 'dgram-missing-reuseaddr').length > 0 && ours(uri, 'dgram-missing-reuseaddr'),
        'a dgram-missing-reuseaddr diagnostic',
      );
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        diagnostic.range.start,
      );
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      check(/reuse/i.test(text), `no address-reuse hover at the createSocket call: ${text}`);
    },
  ],
  [
    'says why the port features are absent',
    async () => {
      const api = vscode.extensions.getExtension<WebApi>(EXTENSION_ID)?.exports;
      check(api && /not available in the browser/.test(api.statusBarTooltip), `status bar tooltip: ${api?.statusBarTooltip}`);
      // The command exists (no "command not found") and explains instead of failing.
      await vscode.commands.executeCommand('addressInUse.showPortHolders');
    },
  ],
];

export async function run(): Promise<void> {
  console.log(`Web suite running in VS Code ${vscode.version} (${vscode.env.appName}, web worker extension host)`);
  let passed = 0;
  let failed = 0;
  for (const [name, body] of tests) {
    try {
      await body();
      passed++;
      console.log(`  ✔ ${name}`);
    } catch (error) {
      failed++;
      console.log(`  ✖ ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed, vscodeVersion: vscode.version })}`);
  if (failed > 0) throw new Error(`${failed} web test${failed === 1 ? '' : 's'} failed`);
}
