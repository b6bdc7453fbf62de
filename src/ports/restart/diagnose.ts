// From a recognised failure to the port's state now: which port (and how sure), who holds it or
// when its TIME_WAIT expires. Shared by the CLI's `run` and the editor's notification.
import type { PortQuery, PortReader, PortReport } from '../model';
import type { BindFailure } from './bind-failure';
import { type FailedPort, type InferOptions, inferFailedPort } from './failed-port';

export interface FailureDiagnosis {
  failure: BindFailure;
  /** The port that failed, when known. */
  port?: FailedPort;
  /** When the port is unknown: the ports it may be (none held, or several). */
  candidates: FailedPort[];
  /** When the port is unknown: what was looked at. */
  why?: string;
  /** The port as it is now; undefined when the port is unknown or the sockets could not be read. */
  report?: PortReport;
  /** Set when the socket table could not be read. */
  lookupError?: string;
}

export function queryOf(p: FailedPort): PortQuery {
  return p.protocol ? { port: p.port, protocol: p.protocol } : p.port;
}

export async function diagnoseBindFailure(
  failure: BindFailure,
  reader: PortReader,
  opts: InferOptions & { port?: FailedPort } = {},
): Promise<FailureDiagnosis> {
  const inferred = opts.port ? { port: opts.port, candidates: [opts.port] } : await inferFailedPort(failure, opts);
  const diagnosis: FailureDiagnosis = { failure, candidates: inferred.candidates };
  if (inferred.why) diagnosis.why = inferred.why;
  try {
    if (inferred.port) {
      diagnosis.port = inferred.port;
      [diagnosis.report] = await reader.lookup([queryOf(inferred.port)]);
    } else if (inferred.candidates.length > 1) {
      // Several ports: the one that is taken now is the one that failed, when only one is.
      const reports = await reader.lookup(inferred.candidates.map(queryOf));
      const held = reports.map((r, i) => ({ r, c: inferred.candidates[i] })).filter(({ r }) => r.status !== 'free');
      if (held.length === 1) {
        const all = inferred.candidates.map((c) => c.port).join(', ');
        diagnosis.port = { ...held[0].c, detail: `${held[0].c.detail} (of ${all}, the only one taken now)` };
        diagnosis.report = held[0].r;
      } else {
        diagnosis.why = `The message names no port; ${inferred.candidates.map((c) => `${c.port} (${c.detail})`).join(', ')} could be it, and ${held.length === 0 ? 'none' : 'more than one'} of them is taken now.`;
      }
    }
  } catch (e) {
    diagnosis.lookupError = (e as Error).message;
  }
  return diagnosis;
}
