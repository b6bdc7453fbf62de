// The system packages `npm start` and `npm test` need, checked before anything else (before
// `npm ci`, so this file uses Node's built-ins only). On Debian/Ubuntu the missing ones are
// installed when this process may (root, or password-less sudo); otherwise one sentence names
// the command to run. Never a stack trace: a new user's first contact with the project.
//
//   node scripts/prerequisites.mjs start|test    check (and install) what that command needs
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What installing code-server (VS Code's server build) compiles its native modules with. */
const CODE_SERVER_PACKAGES = [
  'ripgrep', // @vscode/ripgrep would download rg from GitHub; Debian's rg is used instead
  'libkrb5-dev', // the `kerberos` module's gssapi headers
  'g++',
  'make',
  'python3', // node-gyp
];

/** Per command: `start` opens the user's own browser, so only `test` needs Chromium. */
export const PACKAGES = {
  start: CODE_SERVER_PACKAGES,
  test: [
    ...CODE_SERVER_PACKAGES,
    'chromium', // drives the real VS Code workbench headless
    'gcc', // compiles the C/C++ fixtures
    'libboost-dev', // headers of the Asio fixtures
    'libevent-dev', // headers of the libevent fixtures
  ],
};

const MIN_NODE_MAJOR = 20;

/**
 * Packages among `names` that dpkg does not hold as installed. The status is read, not the exit
 * code of `dpkg -s`: a package removed but not purged (`rc`) still answers `dpkg -s` with success.
 * Undefined when there is no dpkg (not Debian/Ubuntu).
 */
export function missingPackages(names) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\\n', ...names], { encoding: 'utf8' });
  if (result.error) return undefined;
  const installed = new Set();
  for (const line of result.stdout.split('\n')) {
    const [name, status] = line.split(' ');
    // `ii`: wanted install, currently installed. Anything else (`rc`, `un`, `iU`, ...) is not usable.
    if (name && status?.startsWith('ii')) installed.add(name.replace(/:.*$/, ''));
  }
  return names.filter((name) => !installed.has(name));
}

function canRunAsRoot() {
  if (process.getuid?.() === 0) return { ok: true, prefix: [] };
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? { ok: true, prefix: ['sudo'] } : { ok: false, prefix: ['sudo'] };
}

function installCommand(packages) {
  return `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

function run(prefix, args) {
  const [command, ...rest] = [...prefix, ...args];
  const result = spawnSync(command, rest, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * Checks (and on Debian installs) what `purpose` needs. Returns undefined when all is there, or
 * the one sentence to show the user.
 */
export function ensurePrerequisites(purpose, { log = console.log } = {}) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR)
    return `Node ${process.versions.node} is too old: this project needs Node ${MIN_NODE_MAJOR} or newer (https://nodejs.org).`;
  const wanted = PACKAGES[purpose];
  if (!wanted) return `unknown purpose "${purpose}" (expected: ${Object.keys(PACKAGES).join(', ')})`;
  const missing = missingPackages(wanted);
  if (missing === undefined) return checkWithoutDpkg(purpose);
  return installPackages(missing, `npm ${purpose}`, log);
}

/** Installs `missing` with apt-get when allowed; undefined when done, else the sentence to show. */
export function installPackages(missing, who, log = console.log) {
  if (missing.length === 0) return undefined;
  const root = canRunAsRoot();
  const sudo = root.prefix.length > 0 ? 'sudo ' : '';
  const command = `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!root.ok)
    return `${who} needs these Debian packages, which are missing: ${missing.join(', ')}; install them with: ${command}`;
  log(`Installing the missing Debian packages: ${missing.join(' ')} (${installCommand(missing)})`);
  const ok =
    run(root.prefix, ['apt-get', 'update', '-qq']) &&
    run(root.prefix, ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  if (!ok) return `Installing ${missing.join(', ')} failed (apt-get's output is above); run it yourself: ${command}`;
  const still = missingPackages(missing) ?? [];
  if (still.length > 0) return `apt-get ran but ${still.join(', ')} is still not installed; run: ${command}`;
  return undefined;
}

/** Not Debian: look for the programs and headers themselves and name them. */
function checkWithoutDpkg(purpose) {
  const onPath = (command) =>
    (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)));
  const missing = [];
  if (!onPath('rg')) missing.push('ripgrep (rg)');
  if (!onPath('g++') || !onPath('make')) missing.push('a C++ toolchain (g++, make)');
  if (!onPath('python3')) missing.push('python3');
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !fs.existsSync('/usr/include/gssapi.h'))
    missing.push('the Kerberos headers (libkrb5-dev or krb5-devel)');
  if (purpose === 'test' && !fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium'))
    missing.push('Chromium (/usr/bin/chromium, or set CHROMIUM_PATH)');
  return missing.length === 0
    ? undefined
    : `npm ${purpose} needs ${missing.join(', ')}, which this system's package manager must provide (on Debian/Ubuntu the check installs them itself).`;
}

/** For the npm scripts: checks, prints the sentence and exits 1 when something is missing. */
export function requirePrerequisites(purpose) {
  const problem = ensurePrerequisites(purpose);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) requirePrerequisites(process.argv[2] ?? 'test');
