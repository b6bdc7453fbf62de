// dgram-reuseaddr-unicast (information): `reuseAddr: true` on a datagram socket that is bound
// but never joins a multicast group. For unicast, sharing the port means another process can
// bind it too and receive part of this socket's datagrams. A broadcast socket is not unicast:
// every socket sharing the port receives each broadcast (LAN discovery run by several processes).
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../../types';
import { type DatagramSocket, type JsModel, callRange } from '../model';
import { readOption } from '../options';
import { lookup } from '../file-facts';
import { parameterNameAt } from '../parameters';
import { FUNCTION_TYPES, argumentsOf, calleeNameNode, enclosingFunction, methodCall, nodeRange, unwrap } from '../syntax';

export function dgramReuseAddrUnicast(model: JsModel): Finding[] {
  // A group join the file cannot attribute might be this socket's.
  if (model.unresolvedJoin) return [];
  const findings: Finding[] = [];
  for (const socket of model.datagrams) {
    if (socket.joins.length > 0 || socket.broadcasts.length > 0) continue;
    const deno = socket.creation.kind === 'deno-datagram';
    const reading = readOption(model.facts, socket.creation.node, deno ? 'reuseAddress' : 'reuseAddr');
    if (reading.state !== 'on' || !reading.property) continue;
    if (!deno && !socket.binds.some(bindsFixedPort)) continue;
    if (escapes(model, socket)) continue;
    const nameNode = calleeNameNode(socket.creation.node);
    if (!nameNode) continue;
    findings.push({
      rule: 'dgram-reuseaddr-unicast',
      severity: 'information',
      message: 'reuseAddr is on but this socket joins no multicast group: another process can take its datagrams.',
      range: callRange(model, nameNode, socket.creation.node),
      related: [{ range: nodeRange(reading.property), message: 'address reuse is enabled here' }],
      fixes: [],
    });
  }
  return findings;
}

/** `bind(41234)`, `bind({ port: 41234 })`: a receiver on a known port (not 0, not the OS's choice). */
function bindsFixedPort(bind: Node): boolean {
  const first = argumentsOf(bind)[0];
  if (!first) return false;
  const node = unwrap(first);
  if (node.type === 'number') return Number(node.text) !== 0;
  if (node.type === 'arrow_function' || node.type === 'function_expression') return false;
  if (node.type === 'object') return !/\bport\s*:\s*0\b/.test(node.text) && /\bport\b/.test(node.text);
  return true;
}

/**
 * Whether the socket leaves the code the file shows (passed to a call, returned, exported,
 * stored elsewhere): another module might make it join a group. Handing it to a helper of the
 * file that keeps it to itself, or storing it in a local object that does, is not leaving.
 */
function escapes(model: JsModel, socket: DatagramSocket): boolean {
  let holder = socket.creation.node;
  // Chained setup calls (`createSocket(...).on(...).bind(...)`) still hold the same socket.
  for (;;) {
    const member = holder.parent;
    const call = member?.type === 'member_expression' ? member.parent : null;
    if (call?.type === 'call_expression' && methodCall(call)?.receiver.id === holder.id) holder = call;
    else break;
  }
  const parent = holder.parent;
  if (!parent || parent.type === 'expression_statement') return false;
  let name: string | undefined;
  let scope: Node = model.facts.root;
  if (parent.type === 'variable_declarator' && parent.childForFieldName('name')?.type === 'identifier') {
    name = parent.childForFieldName('name')?.text;
    scope = enclosingFunction(parent) ?? model.facts.root;
    if (parent.parent?.parent?.type === 'export_statement') return true;
  } else if (parent.type === 'assignment_expression') {
    const left = parent.childForFieldName('left');
    if (!left || !/^(this\.)?[\w$]+$/.test(left.text)) return true;
    name = left.text;
    // `uc = dgram.createSocket(...)` for a `var uc` of the function around.
    const decl = left.type === 'identifier' ? lookup(model.facts, left) : undefined;
    if (decl?.kind === 'variable') scope = decl.scope;
  } else if (parent.type === 'public_field_definition' || parent.type === 'field_definition') {
    name = `this.${(parent.childForFieldName('property') ?? parent.childForFieldName('name'))?.text}`;
  } else {
    return true;
  }
  return !name || nameEscapes(model, scope, name, MAX_HELPER_DEPTH);
}

/** Helpers and holding objects followed this deep before a hand-over counts as leaving. */
const MAX_HELPER_DEPTH = 2;

/** Whether the value named `name` in `scope` is handed to code the file does not follow. */
function nameEscapes(model: JsModel, scope: Node, name: string, depth: number): boolean {
  for (const use of scope.descendantsOfType(
    name.startsWith('this.') ? 'member_expression' : ['identifier', 'shorthand_property_identifier'],
  )) {
    if (!use || use.text !== name) continue;
    const p = use.parent;
    if (!p) continue;
    if (p.type === 'arguments') {
      if (!keptByHelper(model, p, use, depth)) return true;
    } else if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === use.id) {
      if (!keptByLocalObject(model, p.childForFieldName('left'), depth)) return true;
    } else if (
      p.type === 'return_statement' ||
      p.type === 'array' ||
      p.type === 'pair' ||
      p.type === 'object' ||
      use.type === 'shorthand_property_identifier' ||
      (p.type === 'variable_declarator' && p.childForFieldName('value')?.id === use.id) ||
      (p.type === 'arrow_function' && p.childForFieldName('body')?.id === use.id)
    )
      return true;
  }
  return false;
}

/** `onBind(uc, ...)`: a function of the file whose parameter for the socket does not leave it. */
function keptByHelper(model: JsModel, args: Node, use: Node, depth: number): boolean {
  const call = args.parent;
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (depth <= 0 || callee?.type !== 'identifier') return false;
  const decl = lookup(model.facts, callee);
  const fn =
    decl?.kind === 'function'
      ? decl.node
      : decl?.kind === 'variable' && decl.value && !decl.path
        ? unwrap(decl.value)
        : undefined;
  if (!fn || !FUNCTION_TYPES.has(fn.type)) return false;
  const index = argumentsOf(call!).findIndex((a) => a.id === use.id);
  const param = index >= 0 ? parameterNameAt(fn, index) : undefined;
  return !!param && !nameEscapes(model, fn, param, depth - 1);
}

/**
 * `socketMap[adr].unicast = uc`: a store into a local variable's object, which itself stays in
 * the file (what is read back from it is used in place, not handed on).
 */
function keptByLocalObject(model: JsModel, left: Node | null, depth: number): boolean {
  let base = left;
  while (base && (base.type === 'member_expression' || base.type === 'subscript_expression'))
    base = base.childForFieldName('object');
  if (depth <= 0 || !base || base.id === left?.id || base.type !== 'identifier') return false;
  const decl = lookup(model.facts, base);
  if (decl?.kind !== 'variable' || decl.scope.id === model.facts.root.id) return false;
  if (nameEscapes(model, decl.scope, base.text, depth - 1)) return false;
  for (const use of decl.scope.descendantsOfType('identifier')) {
    if (!use || use.text !== base.text) continue;
    let chain: Node = use;
    while (
      chain.parent &&
      (chain.parent.type === 'member_expression' || chain.parent.type === 'subscript_expression') &&
      chain.parent.childForFieldName('object')?.id === chain.id
    )
      chain = chain.parent;
    if (chain.id === use.id) continue;
    const p = chain.parent;
    if (!p) continue;
    // Read back and handed on, but to a method of that very value (`m.send.apply(m, args)`).
    if (p.type === 'arguments') {
      const callee = p.parent?.childForFieldName('function');
      if (!callee?.text.startsWith(`${chain.text}.`)) return false;
    } else if (p.type === 'return_statement' || p.type === 'array' || p.type === 'pair') return false;
    else if (p.type === 'variable_declarator' && p.childForFieldName('value')?.id === chain.id) return false;
    else if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === chain.id) return false;
  }
  return true;
}
