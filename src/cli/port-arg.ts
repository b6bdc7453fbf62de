// A port given on the command line: `3000`, `3000/tcp`, `5353/udp`.
import type { PortQuery, Protocol } from '../ports/model';

export function parsePortArg(arg: string): PortQuery | undefined {
  const m = /^(\d{1,5})(?:\/(tcp|udp))?$/i.exec(arg);
  const port = m ? Number(m[1]) : NaN;
  if (!m || port < 1 || port > 65535) return undefined;
  return m[2] ? { port, protocol: m[2].toLowerCase() as Protocol } : port;
}

export function portOf(q: PortQuery): number {
  return typeof q === 'number' ? q : q.port;
}
