// Runs the integration suite (out/test/integration/index.js) inside a real VS Code: code-server
// serves the workbench and the Node extension host, a headless Chromium drives the workbench.
//
//   node scripts/run-integration.mjs            build, then run
//   node scripts/run-integration.mjs --no-build run what is already built (scripts/test.mjs builds first)
//   node scripts/run-integration.mjs --suite=activation   the activation suite (see SUITES)
//   node scripts/run-integration.mjs --suite=trust        Workspace Trust on, the folder not trusted
//   node scripts/run-integration.mjs --suite=smoke        package the .vsix, install it into a fresh profile
//                                                         and run test/smoke/ on the installed copy (demo/)
//   node scripts/run-integration.mjs --suite=web          test/web/ with the browser build in the web worker
//                                                         extension host
//
// The workspace: test/fixtures/workspace/ is copied to a fresh temporary folder for each run and
// that copy is opened, so tests may edit and save files; the copy is removed afterwards
// (KEEP_WORKSPACE=1 keeps it for a look). INTEGRATION_TIMEOUT_MS overrides the overall limit.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { bundle, compile } from './build.mjs';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  checkPrerequisites,
  ensureCodeServer,
  isCodeServerInstalled,
  startCodeServer,
  workbenchUrl,
} from './code-server.mjs';
import { projectRoot } from './paths.mjs';

/** Printed by test/integration/index.ts after the last test. */
const RESULT_MARKER = '[address-in-use:integration-result]';
/** Printed by test/smoke/ with a file path: check the screen, write the answer there. */
const SCREEN_MARKER = '[address-in-use:check-screen]';
/**
 * Printed by test/integration/screen.ts with a JSON request: read the notifications on the page
 * (once one whose text contains `waitFor` shows, when given) and write them to `answer`.
 */
const NOTIFICATIONS_MARKER = '[address-in-use:read-notifications]';
const VERSION_LINE = /(?:Integration|Smoke|Web) suite running in VS Code (\S+)/;
/** A guard against a hung host, far above the suite's normal 1-2 minutes. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/**
 * Each suite runs in its own fresh host. `activation` opens a workspace that nothing in the
 * manifest activates on, so its test can see the extension activate because of a C file.
 */
export const SUITES = {
  integration: {
    workspace: path.join(projectRoot, 'test', 'fixtures', 'workspace'),
    testsEntry: path.join(projectRoot, 'out', 'test', 'integration', 'index.js'),
  },
  activation: {
    workspace: path.join(projectRoot, 'test', 'fixtures', 'workspace-inactive'),
    testsEntry: path.join(projectRoot, 'out', 'test', 'integration', 'activation', 'index.js'),
  },
  // Workspace Trust on and this folder not trusted: Restricted Mode (read-only analyzer, no
  // stopping, no deleting), with the start-up question turned off so nobody has to answer it.
  trust: {
    workspace: path.join(projectRoot, 'test', 'fixtures', 'workspace-untrusted'),
    testsEntry: path.join(projectRoot, 'out', 'test', 'integration', 'trust', 'index.js'),
    workspaceTrust: true,
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.untrustedFiles': 'open',
    },
  },
  // The .vsix installed as a user would, on a copy of demo/.
  smoke: {
    workspace: path.join(projectRoot, 'demo'),
    testsEntry: path.join(projectRoot, 'out', 'test', 'smoke', 'index.js'),
  },
  // The `browser` entry in the web worker extension host (its tests are copied beside it).
  web: {
    workspace: path.join(projectRoot, 'test', 'fixtures', 'workspace'),
    testsEntry: path.join(projectRoot, 'out', 'test', 'web', 'index.js'),
  },
};

/** Console lines that are expected offline and say nothing about the suite. */
const NOISE = [
  /open-vsx\.org/i,
  /vsda/i,
  /marketplace|gallery/i,
  /Failed to load resource/i,
  /\[Service Worker\]/i,
  /webview.*service worker/i,
  /Ignoring fetching additional builtin extensions/i,
  /Long running operations during shutdown/i,
];

/**
 * The workbench logs the extension host's console as `console.log('%c INFO', 'color: …',
 * ...originalArgs)`. Rebuilds the original line (mocha's reporter uses `%s`/`%d` formats).
 */
async function consoleText(message) {
  let args;
  try {
    args = await Promise.all(message.args().map((arg) => arg.jsonValue()));
  } catch {
    return { text: message.text(), logged: false }; // the page is closing
  }
  if (args.length === 0) return { text: message.text(), logged: false };
  const logged = typeof args[0] === 'string' && /^%c\s*[A-Z]+$/.test(args[0]);
  return { text: format(...(logged ? args.slice(2) : args)).trimEnd(), logged };
}

/** A fresh copy of `source` (a fixture workspace, demo/) in the temp folder (the caller removes it). */
export function copyWorkspace(source = SUITES.integration.workspace) {
  if (!fs.existsSync(source)) throw new Error(`the integration workspace ${source} is missing`);
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'address-in-use-workspace-'));
  fs.cpSync(source, copy, { recursive: true });
  return copy;
}

/**
 * VS Code runs an `extensionTestsPath` only for an extension under development. For the smoke
 * suite that is this empty extension, so the extension that runs is the one installed from
 * the .vsix.
 */
function smokeHarness() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'address-in-use-smoke-harness-'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'smoke-harness', publisher: 'address-in-use-tests', version: '0.0.0', engines: { vscode: '*' } }),
  );
  return dir;
}

/**
 * The extension as vscode.dev sees it: with a remote (code-server), VS Code would run `main` in
 * the Node extension host, and code-server 1.100's web workbench ignores the payload's
 * extensionDevelopmentKind (its environment service names it extensionDevelopmentLocationKind).
 * Without `main` (and so without extensionKind), the only entry is `browser`, which runs in the
 * web worker extension host.
 */
function webOnlyCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'address-in-use-web-'));
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  delete pkg.main;
  delete pkg.extensionKind;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const entry of ['dist', 'docs', 'media', 'syntaxes', 'README.md', 'LICENSE'])
    if (fs.existsSync(path.join(projectRoot, entry)))
      fs.cpSync(path.join(projectRoot, entry), path.join(dir, entry), { recursive: true });
  fs.cpSync(path.join(projectRoot, 'out', 'test', 'web'), path.join(dir, 'out', 'test', 'web'), { recursive: true });
  return dir;
}

/** What the smoke suite put on screen, read from the page: the status bar item, the panel, the activation time. */
async function checkSmokeScreen(page) {
  const checks = [];
  const check = async (name, body) => {
    try {
      checks.push({ name, ok: true, note: await body() });
    } catch (error) {
      checks.push({ name, ok: false, note: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    }
  };
  await check('the status bar item shows the workspace port', async () => {
    const item = page.locator('#workbench\\.parts\\.statusbar [aria-label^="Port holders:"]').first();
    await item.waitFor({ state: 'visible', timeout: 20_000 });
    return await item.getAttribute('aria-label');
  });
  await check('the Port Holders panel lists the port demo/.env names', async () => {
    const row = page.locator('#workbench\\.parts\\.panel .monaco-list-row', { hasText: '45000' }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    return (await row.innerText()).replace(/\s+/g, ' ');
  });
  let activation;
  await check('the host measured the activation', async () => {
    // The view lists every running extension, measures them first (slow on a loaded machine),
    // and sorts them by activation time in a virtual list: a quick activation sits below the
    // fold, where its row is not in the page at all until the list scrolls to it.
    const editor = page.locator('.runtime-extensions-editor').first();
    await editor.waitFor({ state: 'visible', timeout: 60_000 });
    const row = editor.locator('.monaco-list-row', { hasText: 'Address In Use' }).first();
    const deadline = Date.now() + 60_000;
    for (let wheel = 0; ; wheel++) {
      if (await row.isVisible()) {
        const text = (await row.locator('.activation-time').first().innerText()).trim();
        if (/\d+ms/.test(text)) {
          activation = text;
          return activation;
        }
      }
      if (Date.now() > deadline) {
        const names = await editor.locator('.monaco-list-row .name').allInnerTexts();
        throw new Error(`no activation time for Address In Use within 60 s; rows in the page: ${names.join(', ')}`);
      }
      const box = await editor.boundingBox();
      if (box) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        // Down the list, then back to its top, and again (the list re-sorts as times arrive).
        await page.mouse.wheel(0, wheel % 40 === 39 ? -100_000 : 300);
      }
      await page.waitForTimeout(250);
    }
  });
  return { checks, activation };
}

/**
 * The notifications the page shows: the toasts, and the notification center's list when it is
 * open. Read in one evaluation, so what is seen together was on screen together.
 */
async function readNotifications(page, { waitFor, timeoutMs = 30_000 }) {
  // Runs in the page.
  const snapshot = (needle) => {
    const items = [...globalThis.document.querySelectorAll('.notification-list-item')].filter(
      (item) => item.getClientRects().length > 0,
    );
    const notifications = items.map((item) => ({
      text: (item.querySelector('.notification-list-item-message')?.textContent ?? '').trim(),
      where: item.closest('.notifications-center') ? 'center' : 'toast',
    }));
    return needle === undefined || notifications.some((n) => n.text.includes(needle)) ? notifications : undefined;
  };
  try {
    const handle = await page.waitForFunction(snapshot, waitFor, { timeout: timeoutMs, polling: 50 });
    return { notifications: await handle.jsonValue() };
  } catch (error) {
    return {
      error: `${error instanceof Error ? error.message.split('\n')[0] : error}`,
      notifications: (await page.evaluate(snapshot, undefined).catch(() => undefined)) ?? [],
    };
  }
}

/**
 * Runs the suite; resolves with its counts and exit code (never throws for failing tests, only
 * for a broken set-up).
 */
export async function runIntegration({ build = true, log = console.log, suite = 'integration' } = {}) {
  const { workspace: fixtureWorkspace, testsEntry, workspaceTrust, settings } = SUITES[suite];
  const smoke = suite === 'smoke';
  const web = suite === 'web';
  checkPrerequisites({ needInstall: !isCodeServerInstalled() });
  if (build) {
    if (!smoke) bundle();
    compile();
  }
  if (!fs.existsSync(testsEntry)) throw new Error(`${path.relative(projectRoot, testsEntry)} is missing: run \`tsc -p .\` first`);
  let vsix;
  if (smoke) {
    const { packageVsix } = await import('./package.mjs');
    const packaged = packageVsix({ quiet: true });
    vsix = packaged.file;
    log(`smoke: installing ${path.basename(vsix)} (${(packaged.bytes / 1024 / 1024).toFixed(2)} MB)`);
  } else if (!fs.existsSync(path.join(projectRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
  await ensureCodeServer({ log });

  const timeoutMs = Number(process.env.INTEGRATION_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
  const workspace = copyWorkspace(fixtureWorkspace);
  const extensionPath = smoke ? smokeHarness() : web ? webOnlyCopy() : projectRoot;
  // Also on Ctrl+C, which ends the process from startCodeServer's signal handler.
  const removeWorkspace = () => {
    if (!process.env.KEEP_WORKSPACE) fs.rmSync(workspace, { recursive: true, force: true });
    if (smoke || web) fs.rmSync(extensionPath, { recursive: true, force: true });
  };
  process.on('exit', removeWorkspace);
  // The installed copy lives outside the project, so a file missing from the .vsix cannot be
  // found in the project's node_modules instead.
  const server = await startCodeServer(
    smoke ? { installExtensions: [vsix], profileRoot: os.tmpdir() } : { workspaceTrust, settings },
  );
  let browser;
  const result = { passed: 0, failed: 0, exitCode: 1, vscodeVersion: undefined, reported: false };
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const page = await (await browser.newContext()).newPage();

    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    // The workbench calls this when the suite's run() settles (0: resolved, 1: rejected).
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) }));
    // Handled in arrival order (reading the arguments is asynchronous).
    let consoleQueue = Promise.resolve();
    let suiteStarted = false;
    const onConsole = async (message) => {
      const { text, logged } = await consoleText(message);
      if (!text || NOISE.some((pattern) => pattern.test(text))) return;
      const version = VERSION_LINE.exec(text);
      if (version) {
        result.vscodeVersion = version[1];
        suiteStarted = true;
      }
      if (/Extension host .*terminated unexpectedly/i.test(text)) {
        log(text);
        finish({ error: 'the extension host crashed' });
        return;
      }
      if (text.startsWith(SCREEN_MARKER)) {
        // The suite waits for this file: what the page shows, which the extension API cannot see.
        const answerFile = text.slice(SCREEN_MARKER.length).trim();
        void checkSmokeScreen(page, log).then((screen) => {
          result.activation = screen.activation;
          fs.writeFileSync(answerFile, JSON.stringify(screen));
        });
        return;
      }
      if (text.startsWith(NOTIFICATIONS_MARKER)) {
        const request = JSON.parse(text.slice(NOTIFICATIONS_MARKER.length));
        void readNotifications(page, request).then((answer) => {
          // Renamed into place: the suite reads the file as soon as it exists.
          fs.writeFileSync(`${request.answer}.part`, JSON.stringify(answer));
          fs.renameSync(`${request.answer}.part`, request.answer);
        });
        return;
      }
      if (text.startsWith(RESULT_MARKER)) {
        const counts = JSON.parse(text.slice(RESULT_MARKER.length));
        result.passed = counts.passed;
        result.failed = counts.failed;
        result.failures = counts.failures ?? [];
        result.reported = true;
        return;
      }
      // Before the suite starts, the workbench's own start-up log is noise; its warnings and
      // errors (e.g. the extension failing to activate) are not.
      if (!suiteStarted && logged && message.type() !== 'error' && message.type() !== 'warning') return;
      log(text);
    };
    page.on('console', (message) => {
      consoleQueue = consoleQueue.then(() => onConsole(message)).catch(() => {});
    });
    page.on('pageerror', (error) => log(`[workbench error] ${error.message}`));
    page.on('crash', () => finish({ error: 'the workbench page crashed' }));

    const testsPath = web ? path.join(extensionPath, 'out', 'test', 'web', 'index.js') : testsEntry;
    const url = workbenchUrl(server.url, { folder: workspace, extensionPath, testsPath });
    log(`Opening ${server.url} (code-server, workspace ${workspace})`);
    const timer = setTimeout(
      () =>
        finish({
          error: `the integration suite did not finish within ${timeoutMs / 1000} s (INTEGRATION_TIMEOUT_MS raises the limit)`,
        }),
      timeoutMs,
    );
    await page.goto(url);
    const outcome = await finished;
    clearTimeout(timer);
    await consoleQueue; // the suite's last lines
    if (outcome.error) {
      log(`integration: ${outcome.error}`);
      result.exitCode = 1;
    } else {
      result.exitCode = outcome.code;
    }
    if (!result.reported && result.exitCode === 0) {
      // run() resolved without the suite's closing line: the entry point is not ours.
      log('integration: the suite ended without reporting its results');
      result.exitCode = 1;
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    process.off('exit', removeWorkspace);
    removeWorkspace();
  }
  if (result.exitCode !== 0 && result.failed === 0) result.failed = 1; // the run itself failed
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const legacy = process.argv.includes('--smoke') ? 'smoke' : process.argv.includes('--web') ? 'web' : undefined;
    const suiteArg = process.argv.find((a) => a.startsWith('--suite='))?.slice('--suite='.length) ?? legacy ?? 'integration';
    if (!(suiteArg in SUITES)) throw new Error(`unknown suite ${suiteArg}: one of ${Object.keys(SUITES).join(', ')}`);
    const result = await runIntegration({ build: !process.argv.includes('--no-build'), suite: suiteArg });
    if (result.activation) console.log(`integration: the host measured the activation at ${result.activation}`);
    console.log(`integration: ran in VS Code ${result.vscodeVersion ?? '(unknown: the suite never started)'}`);
    console.log(`integration: ${result.passed} passed, ${result.failed} failed`);
    process.exitCode = result.exitCode;
  } catch (error) {
    console.error(`integration: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
