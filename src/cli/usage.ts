// The text of `address-in-use --help`.
import { TOOL_NAME } from './package-info';

export const USAGE = `Usage:
  ${TOOL_NAME} check [--format text|json|sarif] [--fix] [paths...]
  ${TOOL_NAME} ports [--format text|json] [port[/tcp|/udp]...]
  ${TOOL_NAME} run [--wait] [--timeout SECONDS] [--port N] -- <command...>
  ${TOOL_NAME} stop <port[/tcp|/udp]> [--yes]
  ${TOOL_NAME} --help | --version

check   Analyze C, C++, JavaScript, TypeScript and Python files for binds that fail
        with "Address already in use". Folders are walked, skipping node_modules, .git and
        build outputs. Default path: the current folder.
  --format text|json|sarif   Output format (default text). Paths in text and json
                             output are relative to the current folder when inside it.
  --fix                      Apply each finding's preferred fix, then report what remains.
ports   Show who holds each port given, or each port the current folder's code and
        configuration use: the processes, or the TIME_WAIT sockets left and when they
        expire. \`${TOOL_NAME} ports --help\` describes the JSON output.
run     Run a command; when it fails with "Address already in use", say who holds the
        port (or when its TIME_WAIT expires); --wait waits until the port is free
        (at most --timeout, default 120 s; Ctrl+C ends the wait) and runs it again.
stop    Stop the processes holding a port, safely (asks first; --yes for scripts).

Run '${TOOL_NAME} check --help' or '${TOOL_NAME} ports --help' for one command's details.

check exit status: 0 no warning or error remains (notes and hints do not count),
1 some do or a file could not be analyzed, 2 bad usage, 3 internal error. Notices
about skipped or unreadable files go to stderr.
ports exit status: 0 every port free, 1 some port held (or only in TIME_WAIT),
2 bad usage or no ports known, 3 the system's sockets could not be read.
run exit status: the command's own; 2 bad usage, 126/127 the command cannot run / is
not found. stop exit status: 0 stopped or nothing held the port, 1 still running,
2 bad usage or no terminal to ask on without --yes, 3 refused, 4 could not read or signal.
`;

/** `address-in-use check --help`: about check only. */
export const CHECK_USAGE = `Usage: ${TOOL_NAME} check [--format text|json|sarif] [--fix] [paths...]

Analyzes C, C++, JavaScript, TypeScript and Python files for binds that fail with
"Address already in use". Folders are walked, skipping node_modules, .git and build outputs.
Default path: the current folder.

  --format text|json|sarif   Output format (default text). Paths in text and json
                             output are relative to the current folder when inside it.
  --fix                      Apply each finding's preferred fix, then report what remains.

A comment silences a finding: // address-in-use-ignore-next-line <rule-id> on the line above.

Exit status: 0 no warning or error remains (notes and hints do not count), 1 some do
or a file could not be analyzed, 2 bad usage, 3 internal error. Notices about skipped
or unreadable files go to stderr.
`;
