// Entry of the activation suite: a host of its own on test/fixtures/workspace-inactive/, where
// nothing has activated the extension before its test runs (scripts/run-integration.mjs SUITES).
import { runSuite } from '../index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
