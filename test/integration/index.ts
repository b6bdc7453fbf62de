// Entry point of the integration suite inside a real VS Code extension host. VS Code loads this
// module (the `extensionTestsPath`) and awaits `run()`: the contract is the same under
// code-server (scripts/run-integration.mjs, part of `npm test`) and desktop VS Code
// (scripts/test-electron.mjs), so one suite serves both hosts.
import { runMochaSuite } from '../shared/mocha-suite';

export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'Integration');
}
