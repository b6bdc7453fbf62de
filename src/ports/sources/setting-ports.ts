// The `addressInUse.ports` setting. Its ports have no code behind them; when the workspace's
// .vscode/settings.json sets it, the source points there (so Reveal opens it), else file is ''
// (a user-level setting: the UI opens the Settings editor instead).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { findNodeAtLocation } from 'jsonc-parser';
import { type FoundPort, SourceLocator, parseJsonc, isValidPort } from './source';

export const PORTS_SETTING = 'addressInUse.ports';

/** Where each port of the setting is written in a settings.json text, by port. */
export function settingPortsInSettingsJson(file: string, text: string): FoundPort[] {
  const root = parseJsonc(text);
  const array = root && root.type === 'object' ? findNodeAtLocation(root, [PORTS_SETTING]) : undefined;
  if (array?.type !== 'array') return [];
  const locate = new SourceLocator(file, text, 'setting');
  return (array.children ?? []).flatMap((n) => {
    const value: unknown = n.value;
    return typeof value === 'number' && isValidPort(value) ? [locate.found(value, n.offset)] : [];
  });
}

export async function settingPorts(root: string, ports: readonly number[]): Promise<FoundPort[]> {
  const valid = [...new Set(ports.filter(isValidPort))];
  if (valid.length === 0) return [];
  const file = path.join(root, '.vscode', 'settings.json');
  let inFile: FoundPort[] = [];
  try {
    inFile = settingPortsInSettingsJson(file, await fs.readFile(file, 'utf8'));
  } catch {
    // no workspace settings file: the value comes from user settings
  }
  return valid.map(
    (port) =>
      inFile.find((f) => f.port === port) ?? {
        port,
        source: { file: '', line: 0, column: 0, kind: 'setting', text: `"${PORTS_SETTING}": [${valid.join(', ')}]` },
      },
  );
}
