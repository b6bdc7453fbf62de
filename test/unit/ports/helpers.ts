// Shared helpers of the port-holder tests: fixtures here, child processes in test/shared.

import * as path from 'path';

export { exited, killAndWait, run, startNode, startProcess } from '../../shared/children';

export function fixturePath(...parts: string[]): string {
  // out/test/unit/ports/x.test.js -> test/fixtures/ports/...
  return path.join(__dirname, '../../../../test/fixtures/ports', ...parts);
}
