// .vscode/launch.json (JSONC: comments and trailing commas): each configuration's `env`
// (`PORT`, `*_PORT`) and its `args`/`runtimeArgs` (`--port 3000`, `--port=3000`); Python's
// `"module": "http.server"` and Django's `manage.py` `"args": ["runserver", "0.0.0.0:8000"]`.
// The debug `port` attribute is the debugger's attach port, not a server's, and is ignored.
import type { Node } from 'jsonc-parser';
import { HTTP_SERVER_FLAGS, RUNSERVER_FLAGS, commandLinePorts, isPortFlag, pythonServerPort } from './command-line-ports';
import { isPortKey } from './env-ports';
import { type FoundPort, SourceLocator, parseJsonc, isValidPort, parsePort } from './source';

function property(object: Node, key: string): Node | undefined {
  if (object.type !== 'object') return undefined;
  const prop = object.children?.find((p) => p.children?.[0]?.value === key);
  return prop?.children?.[1];
}

function portValue(node: Node): number | undefined {
  const value: unknown = node.value;
  if (typeof value === 'number') return isValidPort(value) ? value : undefined;
  if (typeof value === 'string') return parsePort(value.trim());
  return undefined;
}

export function launchJsonPorts(file: string, text: string): FoundPort[] {
  const root = parseJsonc(text);
  if (!root || root.type !== 'object') return [];
  const configurations = property(root, 'configurations');
  if (configurations?.type !== 'array') return [];
  const locate = new SourceLocator(file, text, 'launch-json');
  const found: FoundPort[] = [];
  for (const config of configurations.children ?? []) {
    if (config.type !== 'object') continue;
    const env = property(config, 'env');
    for (const prop of env?.type === 'object' ? (env.children ?? []) : []) {
      const [key, value] = prop.children ?? [];
      if (!key || !value || !isPortKey(String(key.value))) continue;
      const port = portValue(value);
      if (port !== undefined) found.push(locate.found(port, key.offset));
    }
    const pythonServer = pythonLaunchPort(config);
    if (pythonServer) found.push(locate.found(pythonServer.port, pythonServer.offset));
    for (const name of ['args', 'runtimeArgs']) {
      const args = property(config, name);
      const items = args?.type === 'array' ? (args.children ?? []) : [];
      items.forEach((item, i) => {
        if (typeof item.value !== 'string') return;
        const next = items[i + 1];
        if (isPortFlag(item.value) && next) {
          const port = portValue(next);
          if (port !== undefined) found.push(locate.found(port, item.offset));
          return;
        }
        const raw = text.slice(item.offset, item.offset + item.length);
        for (const { port, index } of commandLinePorts(raw, isPortKey)) {
          // `-p 3000` within one item; a lone "-p" item was handled above.
          if (isValidPort(port)) found.push(locate.found(port, item.offset + index));
        }
      });
    }
  }
  return found;
}

/** `python -m http.server [port]` or `manage.py runserver [addr:]port` as a debug configuration (8000 by default). */
function pythonLaunchPort(config: Node): { port: number; offset: number } | undefined {
  const args = property(config, 'args');
  const items = (args?.type === 'array' ? (args.children ?? []) : []).map((i) => (typeof i.value === 'string' ? i.value : ''));
  const module = property(config, 'module');
  if (module?.value === 'http.server')
    return { port: pythonServerPort(items.join(' '), HTTP_SERVER_FLAGS) ?? 8000, offset: module.offset };
  const program = property(config, 'program');
  const at = items.indexOf('runserver');
  if (typeof program?.value === 'string' && /manage\.py$/.test(program.value) && at >= 0) {
    const port = pythonServerPort(items.slice(at + 1).join(' '), RUNSERVER_FLAGS) ?? 8000;
    return { port, offset: args!.children![at].offset };
  }
  return undefined;
}
