// docker-compose*.yml / compose*.yaml `ports:`: the HOST side of each published port, the one
// that collides with a local server. Short syntax ("8080:80", "127.0.0.1:5432:5432",
// "[::1]:6001:6001", "9090-9091:8080-8081", "53:53/udp", "${WEB_PORT:-8080}:80") and long
// syntax (`published:`). A container-only entry ("3000") publishes on a random host port:
// nothing to look up. A line scanner, not a YAML library: compose files keep `ports:` in
// block or one-line flow form, and we need line numbers more than a document model.
import type { Protocol } from '../model';
import { type FoundPort, SourceLocator, parsePort } from './source';

/** Ranges are expanded, but a typo like 1-65535 must not flood the UI. */
const MAX_RANGE = 64;

interface Line {
  offset: number;
  indent: number;
  /** The line without indentation and without a trailing comment. */
  body: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  for (const raw of text.split(/\r?\n|\r/)) {
    const indent = raw.length - raw.trimStart().length;
    lines.push({ offset, indent, body: stripComment(raw.slice(indent)).trimEnd() });
    offset += raw.length + (text[offset + raw.length] === '\r' && text[offset + raw.length + 1] === '\n' ? 2 : 1);
  }
  return lines;
}

/** A `#` starts a comment at the line start or after a space, outside quotes. */
function stripComment(s: string): string {
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return s.slice(0, i);
  }
  return s;
}

function unquote(s: string): string {
  const t = s.trim();
  return (t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) ? t.slice(1, -1) : t;
}

/** `${VAR:-8080}` and `${VAR-8080}` become their default; a variable without a default is unknowable. */
function interpolate(s: string): string | undefined {
  let unknown = false;
  const out = s.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_m, def: string | undefined) => {
    if (def === undefined) unknown = true;
    return def ?? '';
  });
  return unknown ? undefined : out;
}

function expandRange(spec: string): number[] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(spec.trim());
  if (!m) return [];
  const first = parsePort(m[1]);
  const last = m[2] === undefined ? first : parsePort(m[2]);
  if (first === undefined || last === undefined || last < first) return [];
  const ports: number[] = [];
  for (let p = first; p <= Math.min(last, first + MAX_RANGE - 1); p++) ports.push(p);
  return ports;
}

interface PortSpec {
  ports: number[];
  protocol: Protocol;
  /** A host side that is written but is no port or range of ports (`70000:80`, `3000;x:80`). */
  invalidHost?: string;
}

function hostSpec(host: string, protocol: Protocol): PortSpec {
  const ports = expandRange(host);
  return ports.length === 0 && host.trim() !== '' ? { ports, protocol, invalidHost: host.trim() } : { ports, protocol };
}

/** Host ports and protocol of one short-syntax entry. */
export function parseShortPortSpec(entry: string): PortSpec | undefined {
  const spec = interpolate(unquote(entry));
  if (spec === undefined) return undefined;
  const slash = spec.indexOf('/');
  const mapping = slash < 0 ? spec : spec.slice(0, slash);
  const proto =
    slash < 0
      ? 'tcp'
      : spec
          .slice(slash + 1)
          .trim()
          .toLowerCase();
  const protocol: Protocol = proto === 'udp' ? 'udp' : 'tcp';
  // Compose knows tcp, udp and sctp: anything else after the slash is no port entry.
  if (!['tcp', 'udp', 'sctp'].includes(proto)) return { ports: [], protocol, invalidHost: spec.trim() };
  let rest = mapping.trim();
  if (rest.startsWith('[')) {
    // "[::1]:6001:6001": drop the bracketed IPv6 host address.
    const close = rest.indexOf(']:');
    if (close < 0) return undefined;
    rest = rest.slice(close + 2);
    const [host] = rest.split(':');
    return hostSpec(host, protocol);
  }
  const parts = rest.split(':');
  // One part: container only (random host port). Two: host:container. Three or more: ip:host:container.
  if (parts.length < 2) return { ports: [], protocol };
  // `127.0.0.1::80`: an address with a random host port (the host side left empty).
  return hostSpec(parts[parts.length - 2], protocol);
}

/** Items of a one-line flow sequence `[ "80:80", '443:443' ]`, with their offsets in `s`. */
function flowItems(s: string): { value: string; index: number }[] {
  const open = s.indexOf('[');
  const close = s.lastIndexOf(']');
  if (open < 0 || close < open) return [];
  const items: { value: string; index: number }[] = [];
  let start = open + 1;
  for (let i = open + 1; i <= close; i++) {
    if (s[i] === ',' || i === close) {
      const raw = s.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      if (raw.trim()) items.push({ value: raw.trim(), index: start + lead });
      start = i + 1;
    }
  }
  return items;
}

/** `problems`, when given, receives a line for each entry whose host side is no port. */
export function composePorts(file: string, text: string, problems?: string[]): FoundPort[] {
  const locate = new SourceLocator(file, text, 'docker-compose');
  const found: FoundPort[] = [];
  const add = (spec: PortSpec | undefined, offset: number) => {
    for (const port of spec?.ports ?? []) found.push(locate.found(port, offset, spec!.protocol));
    if (spec?.invalidHost !== undefined && problems) {
      const line = text.slice(0, offset).split(/\r?\n|\r/).length;
      const shown = spec.invalidHost.length > 40 ? `${spec.invalidHost.slice(0, 39)}…` : spec.invalidHost;
      problems.push(`line ${line}: published port ${JSON.stringify(shown)} is not a port number (1-65535): ignored`);
    }
  };
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const key = /^(-\s+)?ports:\s*(.*)$/.exec(lines[i].body);
    if (!key) continue;
    const keyIndent = lines[i].indent + (key[1]?.length ?? 0);
    const inline = key[2];
    if (inline.startsWith('[')) {
      const bodyOffset = lines[i].offset + lines[i].indent + lines[i].body.indexOf(inline);
      for (const item of flowItems(inline)) add(parseShortPortSpec(item.value), bodyOffset + item.index);
      continue;
    }
    if (inline) continue;
    // Block sequence: deeper lines, or `- ` items at the key's own indent (compact YAML).
    let longItem: { published?: { value: string; offset: number }; protocol: Protocol } | undefined;
    const flushLong = () => {
      if (longItem?.published) {
        const value = interpolate(unquote(longItem.published.value));
        if (value !== undefined) add(hostSpec(value, longItem.protocol), longItem.published.offset);
      }
      longItem = undefined;
    };
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j];
      if (!line.body) continue;
      const deeper = line.indent > keyIndent || (line.indent === keyIndent && line.body.startsWith('-'));
      if (!deeper) break;
      const bodyOffset = line.offset + line.indent;
      let body = line.body;
      let bodyStart = bodyOffset;
      if (body.startsWith('-')) {
        flushLong();
        const after = body.slice(1);
        const lead = after.length - after.trimStart().length;
        body = after.trim();
        bodyStart = bodyOffset + 1 + lead;
        if (!/^[A-Za-z_]+\s*:(\s|$)/.test(body)) {
          add(parseShortPortSpec(body), bodyStart);
          continue;
        }
        longItem = { protocol: 'tcp' };
      }
      const field = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(body);
      if (!field || !longItem) continue;
      if (field[1] === 'published') longItem.published = { value: field[2], offset: bodyStart };
      else if (field[1] === 'protocol') longItem.protocol = unquote(field[2]).toLowerCase() === 'udp' ? 'udp' : 'tcp';
    }
    flushLong();
    i = j - 1;
  }
  return found;
}
