// `npm run screenshots`: regenerates the README's pictures (media/screenshot-*.png) from the real
// host, as a user sees it: the .vsix installed into code-server, a copy of demo/ open in headless
// Chromium. demo/server.js holds port 45000 (the demo's .env) for the status bar tooltip and the
// stop confirmation; then three connections it closes first and its exit leave a real TIME_WAIT
// on 127.0.0.1:45000 for the panel's countdown. Not part of `npm test`: pictures are looked at,
// not asserted.
//
//   npm run screenshots          SCREENSHOT_CONSOLE=1 mirrors the page's console
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  checkPrerequisites,
  ensureCodeServer,
  isCodeServerInstalled,
  startCodeServer,
} from './code-server.mjs';
import { packageVsix } from './package.mjs';
import { projectRoot } from './paths.mjs';

const DEMO_PORT = 45000;
const mediaDir = path.join(projectRoot, 'media');
/** Pictures stay small: cropped to what they show, at most this many bytes each. */
const MAX_BYTES = 200 * 1024;

/** Starts demo/server.js from the workspace copy; resolves once it listens. */
function startDemoServer(workspace) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['server.js'], {
      cwd: workspace,
      env: { ...process.env, PORT: String(DEMO_PORT) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.once('data', () => resolve(child));
    child.stderr.on('data', (data) => reject(new Error(`demo/server.js: ${data.toString().trim()}`)));
    child.on('exit', (code) => reject(new Error(`demo/server.js exited (${code}) before listening`)));
  });
}

/** One connection the demo server answers and closes first: a TIME_WAIT socket stays on its port. */
function connectOnce() {
  return new Promise((resolve, reject) => {
    const socket = net.connect(DEMO_PORT, '127.0.0.1');
    socket.on('error', reject);
    socket.on('close', resolve);
    socket.resume();
  });
}

async function portIsFree() {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port: DEMO_PORT, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The smallest box holding every box given, padded and kept inside the page. */
function union(boxes, viewport, pad = 8) {
  const present = boxes.filter(Boolean);
  if (present.length === 0) throw new Error('nothing to crop to');
  const x = Math.max(0, Math.min(...present.map((b) => b.x)) - pad);
  const y = Math.max(0, Math.min(...present.map((b) => b.y)) - pad);
  const right = Math.min(viewport.width, Math.max(...present.map((b) => b.x + b.width)) + pad);
  const bottom = Math.min(viewport.height, Math.max(...present.map((b) => b.y + b.height)) + pad);
  return { x, y, width: right - x, height: bottom - y };
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
}

async function save(page, name, clip) {
  const file = path.join(mediaDir, name);
  await page.screenshot({ path: file, clip });
  const bytes = fs.statSync(file).size;
  console.log(`screenshots: ${path.relative(projectRoot, file)} ${clip.width}x${clip.height} ${(bytes / 1024).toFixed(0)} KB`);
  if (bytes > MAX_BYTES)
    throw new Error(`${name} is ${(bytes / 1024).toFixed(0)} KB, over ${MAX_BYTES / 1024} KB: crop it tighter`);
}

async function main() {
  checkPrerequisites({ needInstall: !isCodeServerInstalled() });
  if (!(await portIsFree())) throw new Error(`port ${DEMO_PORT} is taken on 127.0.0.1: the pictures need it for demo/server.js`);
  const { file: vsix } = packageVsix({ quiet: true });
  await ensureCodeServer();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'address-in-use-screenshots-'));
  fs.cpSync(path.join(projectRoot, 'demo'), workspace, { recursive: true });
  let demo = await startDemoServer(workspace);
  const server = await startCodeServer({
    installExtensions: [vsix],
    profileRoot: os.tmpdir(),
    folder: workspace,
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'window.commandCenter': false,
      'chat.commandCenter.enabled': false,
    },
  });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const viewport = { width: 1280, height: 800 };
    const page = await browser.newPage({ viewport });
    if (process.env.SCREENSHOT_CONSOLE) page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 90_000 });
    const statusItem = page.locator('#workbench\\.parts\\.statusbar [aria-label^="Port holders:"]').first();
    await statusItem.waitFor({ state: 'visible', timeout: 60_000 });
    await page
      .locator('.monaco-workbench')
      .click({ position: { x: 640, y: 400 } })
      .catch(() => {});

    // 1. The quick fix menu on the demo C file's bind.
    await openFile(page, 'seed-server.c');
    await page.waitForSelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 60_000 });
    await page.locator('.monaco-editor .view-lines').first().click();
    await runCommand(page, 'Go to Next Problem in Files (Error, Warning, Info)');
    await page.waitForTimeout(500);
    await page.keyboard.press('Escape'); // the peek view; the cursor stays on the finding
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget').first();
    await menu.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(500);
    const menuBox = await menu.boundingBox();
    const cursorLine = await page.locator('.monaco-editor .current-line').first().boundingBox();
    const editor = await page.locator('.monaco-editor').first().boundingBox();
    await save(
      page,
      'screenshot-quick-fix.png',
      union(
        [menuBox, cursorLine && { x: editor.x, y: cursorLine.y - 120, width: Math.min(760, editor.width), height: 120 }],
        viewport,
        16,
      ),
    );
    await page.keyboard.press('Escape');

    // 2. The status bar tooltip: who holds the demo's port, with its links.
    await statusItem.hover();
    const hover = page
      .locator('.workbench-hover, .monaco-hover')
      .filter({ hasText: String(DEMO_PORT) })
      .last();
    await hover.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(500);
    await save(page, 'screenshot-status-bar.png', union([await hover.boundingBox(), await statusItem.boundingBox()], viewport));
    await page.mouse.move(640, 300);

    // 3. The stop confirmation: pid, user and command line before any signal.
    await runCommand(page, 'Address In Use: Stop Process on Port');
    const pickRow = page.locator('.quick-input-list .monaco-list-row', { hasText: String(DEMO_PORT) }).first();
    await pickRow.waitFor({ timeout: 20_000 });
    await pickRow.click();
    const dialog = page.locator('.monaco-dialog-box').first();
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(300);
    await save(page, 'screenshot-stop.png', union([await dialog.boundingBox()], viewport));
    await page.keyboard.press('Escape'); // cancel: nothing is signalled

    // 4. The panel with a TIME_WAIT countdown: three connections the server closes first, then it exits.
    for (let i = 0; i < 3; i++) await connectOnce();
    const exited = new Promise((resolve) => demo.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
    demo = undefined;
    await runCommand(page, 'Address In Use: Refresh Port Holders');
    await runCommand(page, 'Focus on Port Holders View');
    const panel = page.locator('#workbench\\.parts\\.panel');
    await panel.locator('.monaco-list-row', { hasText: 'TIME_WAIT' }).first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    const panelBox = await panel.boundingBox();
    await save(page, 'screenshot-port-holders.png', { ...panelBox, width: Math.min(panelBox.width, 900) });
  } finally {
    await browser.close();
    demo?.kill();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`screenshots: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
