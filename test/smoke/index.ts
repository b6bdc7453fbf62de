// Entry point of the smoke suite: it runs against the extension installed from the .vsix
// (`npm run package`), not the development folder, so what ships is what is tested. Started by
// scripts/run-integration.mjs --suite=smoke (a stage of `npm test`) on a copy of demo/.
import { runSuite } from '../integration/index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
