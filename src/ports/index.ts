// Public API of the port-holder core. Pure Node (fs, child_process), never 'vscode':
// the VS Code adapters and the CLI both build on this.

export * from './model';
export { createPortReader, ReaderDeps } from './reader';
export { planStop, stopProcess, StopOptions, taskkillArgs } from './stop';
export { runPortsCommand, CommandIo, PortsCommandOptions, PORTS_USAGE } from './command';
export { inspectUnixSocket, UnixSocketReport, UnixSocketStatus, InspectOptions } from './unixSocket';
