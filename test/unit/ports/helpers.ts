// Shared helpers of the port-holder tests: fixtures here, child processes in test/shared.

import { fixturePath } from '../../shared/repo-paths';

export { exited, killAndWait, run, startNode, startProcess } from '../../shared/children';

/** A path under test/fixtures/ports/. */
export function portFixture(...parts: string[]): string {
  return fixturePath('ports', ...parts);
}
