// Placeholder until the port holders UI lands (owned by the ports UI work; overwrite freely).
import type * as vscode from 'vscode';

export function activatePortHolders(_context: vscode.ExtensionContext): void {}
