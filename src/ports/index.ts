// Public API of the port-holder core. Pure Node (fs, child_process), never 'vscode':
// the VS Code adapters and the CLI (src/cli/ports.ts) both build on this.

export * from './model';
export { createPortReader, ReaderDeps } from './readers/create-reader';
export { planStop, stopProcess, StopOptions, taskkillArgs } from './stop';
export { planGroupStop, stopGroup } from './stop-group';
export { inspectUnixSocket, UnixSocketReport, UnixSocketStatus, InspectOptions } from './unix-socket';
