// listen-no-error-handler (information): a server listens with no 'error' listener. When the
// port is taken, listen reports EADDRINUSE as an 'error' event; unhandled, it crashes the
// process with a stack trace instead of saying which port is busy.
import type { Finding } from '../../types';
import { errorHandlerEdit } from '../fixes/error-handler';
import { type JsModel, type ListenCall, callRange, errorListenedFor } from '../model';
import { listenTarget } from '../socket-path';
import { argumentsOf, methodCall, unwrap } from '../syntax';

export function listenNoErrorHandler(model: JsModel): Finding[] {
  const findings: Finding[] = [];
  for (const listen of model.listens) {
    const origin = listen.origin;
    if (!origin) continue;
    const receiver = methodCall(listen.call)?.receiver;
    if (!receiver) continue;
    if (origin.kind === 'node-server') {
      if (errorListenedFor(model, origin.node.id, listen.call)) continue;
    } else if (origin.kind === 'app') {
      // An app's listen creates the http.Server and returns it: the listener belongs on that.
      if (errorListenedFor(model, listen.call.id, listen.call)) continue;
      if (origin.module === 'express' && callbackTakesError(listen)) continue;
    } else {
      // fastify and hapi report listen errors through their promise or callback; Deno and Bun throw.
      continue;
    }
    const target = listenTarget(model.facts, model.modules, listen.call);
    if (target.kind === 'port' && (!target.expr || unwrap(target.expr).text === '0')) continue; // an ephemeral port is never in use
    findings.push({
      rule: 'listen-no-error-handler',
      severity: 'information',
      message: "No 'error' listener on this server: a taken port crashes the process with EADDRINUSE.",
      range: callRange(model, listen.nameNode, listen.call),
      fixes: [
        {
          title: 'Add an error handler that reports a port already in use',
          edits: [errorHandlerEdit(model, listen.call, receiver, origin.kind === 'node-server', target)],
          isPreferred: true,
        },
      ],
    });
  }
  return findings;
}

/** Express 5 passes a listen error to the callback: `app.listen(port, (err) => ...)` handles it. */
function callbackTakesError(listen: ListenCall): boolean {
  const args = argumentsOf(listen.call);
  const last = args[args.length - 1];
  if (!last) return false;
  const fn = unwrap(last);
  if (fn.type !== 'arrow_function' && fn.type !== 'function_expression') return false;
  if (fn.childForFieldName('parameter')) return true;
  const params = fn.childForFieldName('parameters');
  return params !== null && params.namedChildCount > 0;
}
