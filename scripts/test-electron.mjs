// The integration suite in desktop VS Code, through @vscode/test-electron, for machines that can
// download VS Code (`npm run test:electron`; not part of `npm test`, which uses code-server).
// The suite and its workspace are the same as scripts/run-integration.mjs uses.
//
//   VSCODE_VERSION=1.90.0 npm run test:electron    the oldest VS Code engines.vscode accepts
//   VSCODE_EXECUTABLE=/path/to/code npm run test:electron   a VS Code already installed
// On Linux without a display, run it under xvfb-run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundle, compile } from './build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';
import { projectRoot } from './paths.mjs';
import { copyWorkspace } from './run-integration.mjs';

ensureDependencies();
bundle();
compile();

const workspace = copyWorkspace();
const launchArgs = [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'];
// Electron refuses to start as root with its sandbox.
if (process.getuid?.() === 0) launchArgs.push('--no-sandbox');

try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath: path.join(projectRoot, 'out', 'test', 'integration', 'index.js'),
    launchArgs,
  });
  console.log('integration (desktop VS Code): passed');
} catch (error) {
  console.error(`integration (desktop VS Code): ${error instanceof Error ? error.message : error}`);
  console.error('No way to download VS Code here? `npm test` runs the same suite in code-server.');
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
