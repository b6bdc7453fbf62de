// `npm start`: what a user gets. Builds and packages the extension (.vsix), installs it into a
// real VS Code (code-server on 127.0.0.1) with `--install-extension`, opens the demo/ workspace
// and prints the URL to open in your own browser; runs until Ctrl+C. It also starts
// demo/server.js on the port demo/.env declares, so the port-holder views have something to show.
//
//   PORT=8080 npm start                            serve code-server on a chosen port (default: a free one)
//   node scripts/start.mjs --screenshot shot.png [--open seed-server.c]
//                                                  open the URL in headless Chromium (and a demo file
//                                                  from the explorer), save a picture, exit
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  checkPrerequisites,
  ensureCodeServer,
  isCodeServerInstalled,
  startCodeServer,
} from './code-server.mjs';
import { ensureDependencies } from './ensure-deps.mjs';
import { packageVsix } from './package.mjs';
import { projectRoot } from './paths.mjs';
import { requirePrerequisites } from './prerequisites.mjs';

const demoDir = path.join(projectRoot, 'demo');

/** `KEY=value` lines of a .env file (no expansion: the demo's is one line). */
function readDotEnv(file) {
  const values = {};
  if (!fs.existsSync(file)) return values;
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/**
 * Starts demo/server.js and waits until it listens. A taken port is reported, not fatal: then
 * some other process holds it, which the status bar shows just as well.
 */
function startDemoServer(port) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(demoDir, 'server.js')], {
      cwd: demoDir,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let reported = false;
    const done = (message) => {
      if (reported) return;
      reported = true;
      console.log(`demo: ${message}`);
      resolve(child);
    };
    child.stdout.once('data', (data) => done(data.toString().trim()));
    child.stderr.on('data', (data) => done(data.toString().trim()));
    child.on('error', (error) => done(`server.js did not start: ${error.message}`));
    child.on('exit', (code) => done(`server.js exited (${code})`));
  });
}

async function screenshot(url, file, openFile) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    if (process.env.SCREENSHOT_CONSOLE)
      page.on('console', (message) => console.log(`[page ${message.type()}] ${message.text()}`));
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 60_000 });
    if (openFile) {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: openFile }).first().click();
      await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
    }
    // Let the extension activate and publish its diagnostics and status bar item.
    await page.waitForTimeout(1000);
    await page
      .locator('.statusbar-item', { hasText: 'Activating Extensions' })
      .waitFor({ state: 'detached', timeout: 30_000 })
      .catch(() => console.log('screenshot: extensions were still activating after 30 s'));
    if (openFile) {
      // The first analysis loads tree-sitter and the grammar: wait for its squiggles.
      await page
        .waitForSelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 30_000 })
        .catch(() => console.log(`screenshot: no diagnostics in ${openFile} after 30 s`));
    }
    await page.waitForTimeout(Number(process.env.SCREENSHOT_WAIT_MS) || 2000);
    await page.screenshot({ path: file });
    console.log(`screenshot saved to ${file}`);
  } finally {
    await browser.close();
  }
}

const startedAt = Date.now();
// First, before `npm ci`: a fresh machine gets its Debian packages or one sentence saying how.
requirePrerequisites('start');
/** One sentence, not a stack trace, for whatever fails during the set-up. */
async function step(what, body) {
  try {
    return await body();
  } catch (error) {
    console.error(`npm start: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
await step('installing the npm dependencies', () => ensureDependencies());
await step('checking the system', () =>
  checkPrerequisites({ needInstall: !isCodeServerInstalled(), needBrowser: process.argv.includes('--screenshot') }),
);
const { file: vsix, bytes } = await step('packaging the extension', () => packageVsix({ quiet: true }));
console.log(`packaged ${path.basename(vsix)} (${(bytes / 1024 / 1024).toFixed(2)} MB)`);
await step('installing code-server', () => ensureCodeServer());

const demoPort = Number(readDotEnv(path.join(demoDir, '.env')).PORT) || 45000;
const demoServer = await startDemoServer(demoPort);
/** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
let server;
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  demoServer.kill();
  await server?.stop();
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.log('\nstopping...');
    void stop().then(() => process.exit(0));
  });
}

server = await step('starting code-server', () =>
  startCodeServer({
    port: Number(process.env.PORT) || undefined, // unset or 0: a free port
    exitOnSignal: false,
    installExtensions: [vsix],
    folder: demoDir,
  }),
);
const url = server.url;

const screenshotIndex = process.argv.indexOf('--screenshot');
if (screenshotIndex > 0) {
  try {
    const openIndex = process.argv.indexOf('--open');
    const openFile = openIndex > 0 ? process.argv[openIndex + 1] : undefined;
    await screenshot(url, path.resolve(process.argv[screenshotIndex + 1] ?? 'start.png'), openFile);
  } finally {
    await stop();
  }
} else {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(
    `\nAddress In Use is installed in VS Code (code-server), demo workspace open (ready in ${seconds} s):\n\n  ${url}\n`,
  );
  console.log('After a change, Ctrl+C and `npm start` again (it repackages and reinstalls). Ctrl+C stops.');
}
