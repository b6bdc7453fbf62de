// The one-line usage error every command prints, with exit status 2.
import type { CliIo } from './io';
import { TOOL_NAME } from './package-info';

export function usageFailure(io: CliIo, message: string): 2 {
  io.stderr(`${TOOL_NAME}: ${message}\nRun '${TOOL_NAME} --help' for usage.\n`);
  return 2;
}
