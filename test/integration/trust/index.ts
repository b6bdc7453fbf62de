// Entry of the trust suite: a host of its own with Workspace Trust on and
// test/fixtures/workspace-untrusted/ not trusted (scripts/run-integration.mjs SUITES).
import { runSuite } from '../index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
