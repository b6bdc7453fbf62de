// code-server is VS Code's own server build (workbench, Node extension host, real extension
// API). These machines cannot download desktop VS Code, but npm serves code-server, so it is
// the real host for `npm test`'s integration stage and for `npm start`. See
// ../shared/notes/real-vscode-host.md for why each step below is needed.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './paths.mjs';

const execFileAsync = promisify(execFile);

/** The last code-server line that runs on Node 20 (4.101+ wants Node 22/24). */
export const CODE_SERVER_VERSION = '4.100.3';
/** The VS Code release inside that code-server. */
export const VSCODE_VERSION = '1.100.3';

/** `@vscode/ripgrep` 1.15.11 (a code-server dependency) looks here before downloading from GitHub. */
const RIPGREP_CACHE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';

export const testCacheDir = path.join(projectRoot, '.vscode-test');
export const codeServerDir = path.join(testCacheDir, `code-server-${CODE_SERVER_VERSION}`);
/** Written last, so a half-finished install is never mistaken for a good one. */
const installedMarker = path.join(codeServerDir, '.installed');

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (e.g. a browser from `npx playwright install chromium`). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Chromium flags for a quiet, offline, root-friendly headless browser. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', // Chromium refuses to run as root with its sandbox
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const APT_HINT = 'apt-get install ripgrep chromium libkrb5-dev g++ make';

/**
 * What the install and the browser need from the system. Throws one message listing every
 * missing piece and the command that provides them, so a run fails instead of skipping.
 */
export function checkPrerequisites({ needInstall = true, needBrowser = true } = {}) {
  const missing = [];
  if (needBrowser && !fs.existsSync(CHROMIUM_PATH)) missing.push(`Chromium (${CHROMIUM_PATH})`);
  if (needInstall) {
    if (!fs.existsSync('/usr/bin/rg')) missing.push('ripgrep (/usr/bin/rg)');
    // code-server's postinstall compiles the `kerberos` module against the gssapi headers.
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !fs.existsSync('/usr/include/gssapi.h')) {
      missing.push('the Kerberos headers (libkrb5-dev)');
    }
    if (!onPath('g++') || !onPath('make')) missing.push('a C++ toolchain (g++, make)');
  }
  if (missing.length > 0) {
    throw new Error(
      `The real VS Code host (code-server ${CODE_SERVER_VERSION} + Chromium) needs: ${missing.join(', ')}.\n` +
        `Install them with: ${APT_HINT}   (\`node scripts/prerequisites.mjs test\` installs them when it runs as root or with sudo)`,
    );
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

export function isCodeServerInstalled() {
  return fs.existsSync(installedMarker);
}

/** Path of code-server's entry script (run with this Node, not whatever `node` is on PATH). */
function codeServerEntry() {
  const pkgDir = path.join(codeServerDir, 'node_modules', 'code-server');
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['code-server'];
  return path.join(pkgDir, bin);
}

/**
 * Installs code-server into its own folder under .vscode-test/ (cached across runs; ignored by
 * git). It is large and builds native modules, so it never joins the project's dependencies.
 * Returns the time the install took in ms (0 when it was already there).
 */
export async function ensureCodeServer({ log = console.log } = {}) {
  if (isCodeServerInstalled()) return 0;
  checkPrerequisites({ needBrowser: false });
  const release = await lockInstall(log);
  try {
    // Another run may have installed it while this one waited for the lock.
    return isCodeServerInstalled() ? 0 : await installCodeServer(log);
  } finally {
    release();
  }
}

/** Two runs installing into one folder at once would corrupt it: one waits for the other. */
async function lockInstall(log) {
  const lockDir = `${codeServerDir}.lock`;
  const staleAfterMs = 15 * 60_000;
  fs.mkdirSync(testCacheDir, { recursive: true });
  for (let announced = false; ;) {
    try {
      fs.mkdirSync(lockDir);
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - fs.statSync(lockDir).mtimeMs > staleAfterMs) {
        fs.rmSync(lockDir, { recursive: true, force: true }); // left by a run that died
        continue;
      }
      if (!announced) log(`Waiting for another run to finish installing code-server (${path.relative(projectRoot, lockDir)})...`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function installCodeServer(log) {
  const started = Date.now();
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(projectRoot, codeServerDir)}/ (once; 1-3 minutes)...`);
  fs.rmSync(codeServerDir, { recursive: true, force: true });
  fs.mkdirSync(codeServerDir, { recursive: true });
  // Its own package.json, so npm installs here and not into the project.
  fs.writeFileSync(
    path.join(codeServerDir, 'package.json'),
    JSON.stringify(
      {
        name: 'address-in-use-code-server',
        private: true,
        description: 'Test host, installed by scripts/code-server.mjs',
        // Reviewed install scripts (npm 11 lists unreviewed ones after every install): code-server's
        // postinstall builds VS Code's native modules, argon2 its password hashing.
        allowScripts: { 'code-server': true, argon2: true },
      },
      null,
      2,
    ) + '\n',
  );
  await seedRipgrepCache();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const env = {
    ...process.env,
    // node-pty's postinstall runs `npx node-gyp`: let npx proceed without asking.
    npm_config_yes: 'true',
    // code-server's postinstall.sh refuses to run as root unless this is set (npm 7+ no longer
    // has the option, so npm warns that it is unknown: that line is filtered out below).
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  await runInherited(npm, ['install', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    env,
    hide: INSTALL_NOISE,
  });
  const { stdout } = await execFileAsync(process.execPath, [codeServerEntry(), '--version'], { timeout: 60_000 });
  if (!stdout.includes(CODE_SERVER_VERSION) || !stdout.includes(VSCODE_VERSION)) {
    throw new Error(`code-server installed but reports an unexpected version:\n${stdout}`);
  }
  fs.writeFileSync(installedMarker, stdout);
  const ms = Date.now() - started;
  log(`Installed code-server ${versionLine(stdout)} in ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

/**
 * `@vscode/ripgrep`'s postinstall downloads rg from GitHub unless a release tarball is already
 * in its cache folder. A tarball holding Debian's rg under the expected name satisfies it.
 */
async function seedRipgrepCache() {
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (process.platform !== 'linux' || !target) return; // Elsewhere the download may well work.
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_CACHE_VERSION}`);
  const tarball = path.join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`);
  if (fs.existsSync(tarball)) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-'));
  try {
    fs.copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    // Built aside and renamed: a run elsewhere on this machine may read the cache meanwhile.
    const partial = path.join(staging, 'rg.tar.gz');
    await execFileAsync('tar', ['-czf', partial, '-C', staging, 'rg']);
    fs.renameSync(partial, tarball);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * npm lines of the code-server install that say nothing to whoever runs it: the option
 * code-server's scripts still pass, and npm 11's list of the install scripts of VS Code's own
 * dependencies (a test host built from a pinned release, not this project's dependencies).
 */
const INSTALL_NOISE = [/Unknown (env|cli) config "?-*unsafe-perm/i, /^npm warn install-scripts\b/];

function runInherited(command, args, { hide = [], ...options }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let pending = '';
      from.on('data', (chunk) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (!hide.some((pattern) => pattern.test(line))) to.write(`${line}\n`);
      });
      from.on('end', () => {
        if (pending && !hide.some((pattern) => pattern.test(pending))) to.write(pending);
      });
    }
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Quiet, deterministic user settings for a throw-away profile. */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  // The project's own git repository sits above demo/ and the test workspace: don't ask.
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Starts code-server on 127.0.0.1 with a fresh profile under .vscode-test/ and waits until it
 * answers. `stop()` ends it (and the processes it started) and removes the profile.
 *
 * `installExtensions` (.vsix files) are installed into the fresh profile first, as a user would
 * (`--install-extension`); `folder` is opened by default, so the plain server URL shows it.
 * `profileRoot` holds the profile (default .vscode-test/): outside the project, an installed
 * extension cannot find the project's node_modules by walking up.
 *
 * @param {{ port?: number, settings?: Record<string, unknown>, env?: NodeJS.ProcessEnv,
 *           log?: (line: string) => void, startTimeoutMs?: number, exitOnSignal?: boolean,
 *           installExtensions?: string[], folder?: string, profileRoot?: string,
 *           workspaceTrust?: boolean }} [options]
 *
 * `workspaceTrust`: Workspace Trust stays on (no `--disable-workspace-trust`), so a folder opened
 * without being trusted runs in Restricted Mode.
 */
export async function startCodeServer(options = {}) {
  if (!isCodeServerInstalled()) throw new Error('code-server is not installed: call ensureCodeServer() first');
  const log = options.log ?? ((line) => process.stderr.write(`[code-server] ${line}\n`));
  const port = options.port ?? (await freePort());
  const profileRoot = options.profileRoot ?? testCacheDir;
  fs.mkdirSync(profileRoot, { recursive: true });
  const profileDir = fs.mkdtempSync(path.join(profileRoot, 'address-in-use-profile-'));
  const userDataDir = path.join(profileDir, 'user-data');
  const extensionsDir = path.join(profileDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2),
  );

  for (const vsix of options.installExtensions ?? []) {
    try {
      await execFileAsync(
        process.execPath,
        [codeServerEntry(), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
        { timeout: 120_000 },
      );
    } catch (error) {
      fs.rmSync(profileDir, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${vsix} failed: ${error.stderr || error.stdout || error.message}`, {
        cause: error,
      });
    }
  }

  const args = [
    codeServerEntry(),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(options.folder ? [options.folder] : []),
  ];
  // Own process group: code-server forks the VS Code server and extension hosts, and stop()
  // must end all of them.
  const child = spawn(process.execPath, args, {
    cwd: profileDir,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const keep = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      if (process.env.CODE_SERVER_VERBOSE) log(line);
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let stopped = false;
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  // A runner that exits or is interrupted must not leave a server behind (on a signal Node
  // exits without 'exit' handlers unless someone listens; callers with their own handling opt out).
  const onExit = () => {
    killGroup('SIGKILL');
    fs.rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const onSignal = () => process.exit(130); // runs onExit
  const signals = options.exitOnSignal === false ? [] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', onExit);
  for (const signal of signals) process.on(signal, onSignal);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    for (const signal of signals) process.off(signal, onSignal);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      killGroup('SIGKILL'); // stragglers of the group
    }
    fs.rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilAnswering(url, child, output, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, userDataDir, extensionsDir, stop, output };
}

async function waitUntilAnswering(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `code-server exited (${child.signalCode ?? `code ${child.exitCode}`}) before answering:\n${output.join('\n')}`,
      );
    }
    if (await answers(new URL('healthz', url))) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s:\n${output.join('\n')}`);
}

function answers(url) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode !== undefined && response.statusCode < 500);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * The URL that opens `folder` with the extension at `extensionPath` loaded in development mode,
 * and, if given, runs the test module `testsPath` (all paths absolute, on this machine).
 */
export function workbenchUrl(serverUrl, { folder, extensionPath, testsPath }) {
  const base = new URL(serverUrl);
  const remote = (p) => `vscode-remote://${base.host}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const url = new URL(base);
  url.searchParams.set('folder', folder);
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** `4.100.3 <commit> with Code 1.100.3` out of `code-server --version` (which may log first). */
function versionLine(output) {
  return output.split('\n').find((line) => line.includes(' with Code ')) ?? output.trim();
}
