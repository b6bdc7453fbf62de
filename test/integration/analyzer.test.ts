// The analyzer inside a real VS Code: diagnostics as the caret markers in the workspace's
// fixtures predict, quick fixes and fix-all through the code action API, hovers, and the
// "Check Workspace" command.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { markerKey, parseMarkers } from '../shared/markers';

const EXTENSION_ID = 'address-in-use.address-in-use';
const SOURCE = 'Address In Use';

async function api(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.activate();
}

async function fixture(relative: string): Promise<vscode.Uri> {
  const [folder] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(folder, 'the integration run opened no folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

function ruleOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/**
 * Analyzes now and asserts the run completed and published: an analysis that threw is caught
 * and logged by the extension, and would otherwise pass for "no diagnostics".
 */
async function analyzed(document: vscode.TextDocument): Promise<void> {
  assert.equal(
    await (await api()).diagnostics.refresh(document),
    'published',
    `the analysis of ${document.uri.toString()} did not complete (see the Address In Use output channel)`,
  );
}

/** Opens the document and waits for its analysis to be published. */
async function openAnalyzed(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(await fixture(relative));
  await vscode.window.showTextDocument(document);
  await analyzed(document);
  return document;
}

/** Every hover's Markdown at `position`, joined. */
async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function keys(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${ruleOf(d)}`).sort();
}

/** Runs the action as VS Code does when it is chosen: its command applies the fix (no `edit`). */
/** The 0-based line of `document` that first contains `needle` (-1 when none does). */
function lineOf(document: vscode.TextDocument, needle: string): number {
  return document
    .getText()
    .split('\n')
    .findIndex((l) => l.includes(needle));
}

/** `offset` characters into `token` on the first line containing `lineNeedle`: where a hover is asked. */
function positionOf(document: vscode.TextDocument, lineNeedle: string, token: string, offset: number): vscode.Position {
  const line = lineOf(document, lineNeedle);
  return new vscode.Position(line, document.lineAt(line).text.indexOf(token) + offset);
}

/** The quick fixes offered for `diagnostic`, as the lightbulb menu lists them. */
function quickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
}

function preferredOf(actions: readonly vscode.CodeAction[]): vscode.CodeAction {
  const preferred = actions.find((a) => a.isPreferred);
  assert.ok(preferred, `no preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
  return preferred;
}

async function apply(action: vscode.CodeAction | undefined): Promise<string> {
  assert.ok(action?.command, `the action "${action?.title}" carries no command`);
  assert.equal(action.edit, undefined, 'a fix carried as an edit would be applied without a version check');
  return vscode.commands.executeCommand<string>(action.command.command, ...(action.command.arguments ?? []));
}

async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

describe('analyzer in the editor', () => {
  for (const relative of ['analyzer/seed-server.c', 'analyzer/reuse-ok.c', 'analyzer/late-reuse.cpp']) {
    it(`${relative}: the diagnostics are exactly the fixture's markers`, async () => {
      const document = await openAnalyzed(relative);
      const expected = parseMarkers(document.getText()).map(markerKey).sort();
      assert.deepEqual(keys(ours(document.uri)), expected);
    });
  }

  it("a diagnostic says why in one sentence, links to its rule's page and points at the socket() call", async () => {
    const document = await openAnalyzed('analyzer/seed-server.c');
    const [diagnostic] = ours(document.uri);
    assert.ok(diagnostic, 'no diagnostic on the seed server');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /TIME_WAIT/);
    assert.ok(typeof diagnostic.code === 'object', 'the code carries a link');
    const target = (diagnostic.code as { target: vscode.Uri }).target;
    assert.equal(target.scheme, 'command');
    assert.equal(target.path, 'addressInUse.openRule');
    assert.deepEqual(JSON.parse(decodeURIComponent(target.query)), ['missing-reuseaddr']);
    const related = diagnostic.relatedInformation ?? [];
    assert.ok(related.length > 0, 'no related location');
    const socketLine = document.lineAt(related[0].location.range.start.line).text;
    assert.match(socketLine, /socket\s*\(/);
  });

  it('the preferred quick fix inserts SO_REUSEADDR before the bind and the warning goes away', async () => {
    const document = await openAnalyzed('analyzer/seed-server.c');
    try {
      const [diagnostic] = ours(document.uri);
      assert.ok(diagnostic);
      const actions = await quickFixes(document, diagnostic);
      const preferred = actions.filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1, `expected one preferred fix, got: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(await apply(preferred[0]), 'applied');
      const text = document.getText();
      assert.ok(
        text.indexOf('SO_REUSEADDR') >= 0 && text.indexOf('SO_REUSEADDR') < text.indexOf('bind('),
        'setsockopt is not before bind',
      );
      await analyzed(document);
      assert.deepEqual(keys(ours(document.uri)), []);
    } finally {
      await revert(document);
    }
  });

  it('a quick fix chosen after the user edited the document is refused: the text stays as typed', async () => {
    const document = await openAnalyzed('analyzer/seed-server.c');
    try {
      const [diagnostic] = ours(document.uri);
      assert.ok(diagnostic);
      const actions = await quickFixes(document, diagnostic);
      const preferred = preferredOf(actions);
      // The user types between opening the menu and choosing the fix: lines move down by two.
      const typed = new vscode.WorkspaceEdit();
      typed.insert(document.uri, new vscode.Position(0, 0), '/* typed */\n/* by the user */\n');
      assert.ok(await vscode.workspace.applyEdit(typed));
      const asTyped = document.getText();
      assert.equal(await apply(preferred), 'stale');
      assert.equal(document.getText(), asTyped, 'the stale fix changed the document');
      // The refusal re-analyses: the fix offered now applies at the right place.
      await analyzed(document);
      const [fresh] = ours(document.uri);
      assert.ok(fresh, 'the finding is gone after the refused fix');
      const again = await quickFixes(document, fresh);
      assert.equal(await apply(again.find((a) => a.isPreferred)), 'applied');
      assert.ok(document.getText().startsWith('/* typed */\n/* by the user */\n'));
      await analyzed(document);
      assert.deepEqual(keys(ours(document.uri)), []);
    } finally {
      await revert(document);
    }
  });

  it('fix all chosen after the user edited the document is refused: the text stays as typed', async () => {
    const document = await openAnalyzed('analyzer/late-reuse.cpp');
    try {
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        whole,
        'source.fixAll.addressInUse',
      );
      const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.addressInUse');
      assert.ok(fixAll, 'no fix-all action');
      const typed = new vscode.WorkspaceEdit();
      typed.insert(document.uri, new vscode.Position(0, 0), '// typed\n');
      assert.ok(await vscode.workspace.applyEdit(typed));
      const asTyped = document.getText();
      assert.equal(await apply(fixAll), 'stale');
      assert.equal(document.getText(), asTyped, 'the stale fix-all changed the document');
    } finally {
      await revert(document);
    }
  });

  it('editor.codeActionsOnSave with source.fixAll.addressInUse fixes the file when it is saved', async () => {
    const document = await openAnalyzed('analyzer/seed-server.c');
    const original = document.getText();
    const editor = () => vscode.workspace.getConfiguration('editor', { languageId: 'c' });
    await editor().update(
      'codeActionsOnSave',
      { 'source.fixAll.addressInUse': 'explicit' },
      vscode.ConfigurationTarget.Workspace,
      true,
    );
    try {
      const typed = new vscode.WorkspaceEdit();
      typed.insert(document.uri, new vscode.Position(0, 0), '/* saved */\n');
      assert.ok(await vscode.workspace.applyEdit(typed));
      await analyzed(document); // actions are offered for the analysed version only
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.save');
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
      assert.match(document.getText(), /SO_REUSEADDR/, 'the save did not run fix all');
      assert.equal(onDisk, document.getText(), 'the fixed text is not what was saved');
    } finally {
      await editor().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
      const restore = new vscode.WorkspaceEdit();
      restore.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), original);
      await vscode.workspace.applyEdit(restore);
      await document.save();
    }
  });

  it('"Ignore this line" silences the finding with a comment', async () => {
    const document = await openAnalyzed('analyzer/late-reuse.cpp');
    try {
      const [diagnostic] = ours(document.uri);
      assert.ok(diagnostic);
      const actions = await quickFixes(document, diagnostic);
      const ignore = actions.find((a) => /^Ignore /.test(a.title));
      assert.ok(ignore, `no ignore action among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(await apply(ignore), 'applied');
      assert.match(document.getText(), /address-in-use-ignore-next-line reuseaddr-after-bind/);
      await analyzed(document);
      assert.deepEqual(keys(ours(document.uri)), []);
    } finally {
      await revert(document);
    }
  });

  it('source.fixAll.addressInUse fixes every finding of the file', async () => {
    const document = await openAnalyzed('analyzer/late-reuse.cpp');
    try {
      assert.ok(ours(document.uri).length > 0);
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        whole,
        'source.fixAll.addressInUse',
      );
      const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.addressInUse');
      assert.ok(fixAll, 'no fix-all action');
      assert.equal(await apply(fixAll), 'applied');
      await analyzed(document);
      assert.deepEqual(keys(ours(document.uri)), []);
    } finally {
      await revert(document);
    }
  });

  it('hovering bind( tells whether reuse is on for that socket', async () => {
    const document = await openAnalyzed('analyzer/reuse-ok.c');
    const position = positionOf(document, 'if (bind(', 'bind', 1);
    const text = await hoverText(document, position);
    const setsockoptLine = lineOf(document, 'setsockopt(');
    assert.ok(setsockoptLine >= 0, 'reuse-ok.c has no setsockopt line');
    assert.match(text, /Address reuse: \*\*on\*\*/);
    assert.match(text, new RegExp(`set on line ${setsockoptLine + 1}\\b`));
  });

  it('edits made in a row reach the incremental tree in order: the diagnostics follow the text', async () => {
    const document = await openAnalyzed('analyzer/seed-server.c');
    const uri = document.uri;
    try {
      // One change event holding two changes, then single edits, none waiting for an analysis.
      const both = new vscode.WorkspaceEdit();
      both.insert(uri, new vscode.Position(0, 0), '/* one */\n');
      both.insert(uri, new vscode.Position(lineOf(document, 'int sock, ret;'), 0), '  /* two */\n');
      assert.ok(await vscode.workspace.applyEdit(both));
      const more = new vscode.WorkspaceEdit();
      more.insert(uri, new vscode.Position(lineOf(document, 'ret = bind('), 0), '  int unused = 0;\n  (void)unused;\n');
      assert.ok(await vscode.workspace.applyEdit(more));
      const drop = new vscode.WorkspaceEdit();
      drop.delete(uri, new vscode.Range(0, 0, 1, 0));
      assert.ok(await vscode.workspace.applyEdit(drop));
      await analyzed(document);
      const expected = parseMarkers(document.getText()).map(markerKey).sort();
      assert.equal(expected.length, 1);
      assert.deepEqual(keys(ours(uri)), expected);
      // Port 0 is never a finding: the edit inside the call is seen too.
      const port = lineOf(document, 'htons( 45000 )');
      const zero = new vscode.WorkspaceEdit();
      zero.replace(
        uri,
        new vscode.Range(
          port,
          document.lineAt(port).text.indexOf('45000'),
          port,
          document.lineAt(port).text.indexOf('45000') + 5,
        ),
        '0',
      );
      assert.ok(await vscode.workspace.applyEdit(zero));
      await analyzed(document);
      assert.deepEqual(keys(ours(uri)), []);
    } finally {
      await revert(document);
    }
  });

  it('an untitled C buffer is analyzed, and its diagnostics go when its language becomes plain text', async () => {
    const seed = await vscode.workspace.openTextDocument(await fixture('analyzer/seed-server.c'));
    const document = await vscode.workspace.openTextDocument({ language: 'c', content: seed.getText() });
    await vscode.window.showTextDocument(document);
    try {
      await analyzed(document);
      const expected = parseMarkers(document.getText()).map(markerKey).sort();
      assert.equal(expected.length, 1);
      assert.deepEqual(keys(ours(document.uri)), expected);
      // VS Code closes and reopens a document whose language changes; the extension listened first.
      const closed = new Promise<void>((resolve) => {
        const listener = vscode.workspace.onDidCloseTextDocument((d) => {
          if (d.uri.toString() !== document.uri.toString()) return;
          listener.dispose();
          resolve();
        });
      });
      const plain = await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
      await closed;
      assert.equal(plain.languageId, 'plaintext');
      assert.deepEqual(ours(plain.uri), []);
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('a .c file switched to Plain Text is not analyzed: the language id decides, not the extension', async () => {
    const document = await openAnalyzed('analyzer/seed-server.c');
    assert.ok(ours(document.uri).length > 0);
    const plain = await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    try {
      assert.equal(await (await api()).diagnostics.refresh(plain), 'not-analyzed');
      assert.deepEqual(ours(plain.uri), []);
    } finally {
      await vscode.languages.setTextDocumentLanguage(plain, 'c');
    }
  });

  it('"Check Workspace" reports files that were never opened', async () => {
    const uri = await fixture('analyzer/never-opened/udp-multicast.c');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file is already open');
    const summary = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>(
      'addressInUse.checkWorkspace',
    );
    assert.ok(summary.files >= 4, `checked only ${summary.files} files`);
    assert.equal(summary.cancelled, false);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.deepEqual(keys(ours(uri)), parseMarkers(text).map(markerKey).sort());
  });

  it('"Check Workspace" on a tree worth it shares the files with worker threads in the extension host, with the same findings', async () => {
    const seed = await fixture('analyzer/seed-server.c');
    const folder = await fixture('analyzer/never-opened/many');
    const text = await vscode.workspace.fs.readFile(seed);
    // Enough files that this thread's pace says a worker's start-up pays (workspace-lanes.ts).
    const copies = Array.from({ length: 600 }, (_, i) => vscode.Uri.joinPath(folder, `server${i}.c`));
    try {
      await Promise.all(copies.map((uri) => vscode.workspace.fs.writeFile(uri, text)));
      const summary = await vscode.commands.executeCommand<{ files: number; onWorkers: number; failed: number }>(
        'addressInUse.checkWorkspace',
      );
      assert.equal(summary.failed, 0);
      assert.ok(summary.files >= copies.length, `checked only ${summary.files} files`);
      assert.ok(summary.onWorkers > 0, `no file was analyzed on a worker thread: ${JSON.stringify(summary)}`);
      const expected = ours(seed).map((d) => `${ruleOf(d)}@${d.range.start.line}`);
      assert.ok(expected.length > 0, 'the seed server has no finding');
      for (const uri of copies)
        assert.deepEqual(
          ours(uri).map((d) => `${ruleOf(d)}@${d.range.start.line}`),
          expected,
          uri.path,
        );
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
      await vscode.commands.executeCommand('addressInUse.checkWorkspace');
    }
  });

  it('"Check Workspace" drops the diagnostics of a file deleted since the last check', async () => {
    const seed = await fixture('analyzer/seed-server.c');
    const copy = await fixture('analyzer/never-opened/deleted-later.c');
    await vscode.workspace.fs.copy(seed, copy);
    try {
      await vscode.commands.executeCommand('addressInUse.checkWorkspace');
      assert.equal(ours(copy).length, 1, 'the copied seed server has no finding');
    } finally {
      await vscode.workspace.fs.delete(copy);
    }
    const summary = await vscode.commands.executeCommand<{ cancelled: boolean }>('addressInUse.checkWorkspace');
    assert.equal(summary.cancelled, false);
    assert.deepEqual(ours(copy), []);
    assert.ok(ours(seed).length > 0, 'the seed server lost its diagnostics');
  });
});

describe('JavaScript and TypeScript in the editor', () => {
  for (const relative of ['js/express-server.ts', 'js/mdns-receiver.ts', 'js/unix-server.js']) {
    it(`${relative}: the diagnostics are exactly the fixture's markers`, async () => {
      const document = await openAnalyzed(relative);
      const expected = parseMarkers(document.getText()).map(markerKey).sort();
      assert.deepEqual(keys(ours(document.uri)), expected);
    });
  }

  for (const [relative, expectedText] of [
    ['js/mdns-receiver.ts', /createSocket\(\{ type: 'udp4', reuseAddr: true \}\)/],
    ['js/unix-server.js', /fs\.rmSync\(socketPath, \{ force: true \}\);?\s*\n\s*server\.listen\(socketPath\)/],
  ] as const) {
    it(`${relative}: the preferred quick fix applies and the warning goes away`, async () => {
      const document = await openAnalyzed(relative);
      try {
        const [diagnostic] = ours(document.uri);
        assert.ok(diagnostic);
        const actions = await quickFixes(document, diagnostic);
        const preferred = preferredOf(actions);
        assert.equal(await apply(preferred), 'applied');
        assert.match(document.getText(), expectedText);
        await analyzed(document);
        assert.deepEqual(keys(ours(document.uri)), []);
      } finally {
        await revert(document);
      }
    });
  }

  it('hovering listen( on an express server says Node already enables reuse', async () => {
    const document = await openAnalyzed('js/express-server.ts');
    const position = positionOf(document, 'app.listen(', 'listen', 2);
    const text = await hoverText(document, position);
    assert.match(text, /reuse/i);
    assert.match(text, /Node/);
  });
});

describe('Python in the editor', () => {
  it('VS Code knows the python language (its built-in Python basics), so .py files reach the analyzer', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('python'), 'no python language id in this host');
    const document = await openAnalyzed('analyzer/tcp-server.py');
    assert.equal(document.languageId, 'python');
  });

  it("analyzer/tcp-server.py: the diagnostics are exactly the fixture's markers", async () => {
    const document = await openAnalyzed('analyzer/tcp-server.py');
    const expected = parseMarkers(document.getText()).map(markerKey).sort();
    assert.equal(expected.length, 1);
    assert.deepEqual(keys(ours(document.uri)), expected);
  });

  it('the preferred quick fix gives the server allow_reuse_address = True and the warning goes away', async () => {
    const document = await openAnalyzed('analyzer/tcp-server.py');
    try {
      const [diagnostic] = ours(document.uri);
      assert.ok(diagnostic);
      const actions = await quickFixes(document, diagnostic);
      const preferred = preferredOf(actions);
      assert.equal(await apply(preferred), 'applied');
      assert.match(document.getText(), /class ReusableTCPServer\(socketserver\.TCPServer\):\n {4}allow_reuse_address = True/);
      await analyzed(document);
      assert.deepEqual(keys(ours(document.uri)), []);
    } finally {
      await revert(document);
    }
  });

  it('hovering the server constructor tells that reuse is off', async () => {
    const document = await openAnalyzed('analyzer/tcp-server.py');
    const position = positionOf(document, 'TCPServer((', 'TCPServer', 2);
    const text = await hoverText(document, position);
    assert.match(text, /Address reuse: \*\*off\*\*/);
  });
});
