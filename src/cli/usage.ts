// The text of `address-in-use --help`.
import { TOOL_NAME } from './package-info';

export const USAGE = `Usage:
  ${TOOL_NAME} check [--format text|json|sarif] [--fix] [paths...]
  ${TOOL_NAME} ports [--format text|json] [port...]
  ${TOOL_NAME} --help | --version

check   Analyze C, C++, JavaScript and TypeScript files for binds that fail with
        "Address already in use". Folders are walked, skipping node_modules, .git and
        build outputs. Default path: the current folder.
  --format text|json|sarif   Output format (default text). Paths in text and json
                             output are relative to the current folder when inside it.
  --fix                      Apply each finding's preferred fix, then report what remains.
ports   Show who holds the workspace's ports (or the ports given).

check exit status: 0 no warning or error remains (notes and hints do not count),
1 some do or a file could not be analyzed, 2 bad usage, 3 internal error.
Notices about skipped or unreadable files go to stderr.
`;
