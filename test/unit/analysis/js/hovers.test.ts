// Hovers on listen / createSocket / bind say whether reuse is on for that socket, and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HoverInfo } from '../../../../src/analysis/types';
import { analyze } from './harness';

async function hoversOf(file: string, text: string): Promise<HoverInfo[]> {
  return (await analyze(file, text, '')).hovers;
}

/** The hover whose range starts at the first occurrence of `word` in `text`. */
function at(hovers: HoverInfo[], text: string, word: string): HoverInfo | undefined {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(word));
  const character = lines[line].indexOf(word);
  return hovers.find((h) => h.range.start.line === line && h.range.start.character === character);
}

test('TCP listens: on, because Node sets SO_REUSEADDR (express, http, a port on an unknown server)', async () => {
  const text =
    "import express from 'express';\nimport http from 'node:http';\nconst app = express();\napp.listen(3000);\nhttp.createServer(app).listen(8080);\nfunction f(srv) { srv.listen(9000); }\n";
  const hovers = await hoversOf('/w/a.mjs', text);
  assert.equal(hovers.length, 3);
  for (const h of hovers) {
    assert.match(
      h.markdown,
      /^Address reuse: \*\*on\*\* — Node sets SO_REUSEADDR on TCP listeners on Linux and macOS \(not on Windows/,
    );
    assert.equal(h.range.end.character - h.range.start.character, 'listen'.length);
  }
});

test('dgram: off without reuseAddr, on with it, on createSocket and bind alike; nothing on Function#bind', async () => {
  const text = [
    "const dgram = require('dgram');",
    "const a = dgram.createSocket('udp4');",
    'a.bind(5000);',
    "const b = dgram.createSocket({ type: 'udp4', reuseAddr: true, reusePort: true });",
    'b.bind(5001);',
    'const c = dgram.createSocket({ type: "udp4", reuseAddr: flag });',
    'const handler = onMessage.bind(null);',
  ].join('\n');
  const hovers = await hoversOf('/w/a.js', text);
  const lines = text.split('\n');
  const on = (line: number, word: string) =>
    hovers.find((h) => h.range.start.line === line && h.range.start.character === lines[line].indexOf(word));
  assert.match(on(1, 'createSocket')!.markdown, /^Address reuse: \*\*off\*\*/);
  assert.match(on(2, 'bind')!.markdown, /^Address reuse: \*\*off\*\*/);
  assert.match(on(3, 'createSocket')!.markdown, /^Address reuse: \*\*on\*\* — `reuseAddr: true`/);
  assert.match(on(3, 'createSocket')!.markdown, /\n\n`reusePort: true` also sets SO_REUSEPORT/);
  assert.match(on(4, 'bind')!.markdown, /^Address reuse: \*\*on\*\*/);
  assert.match(on(5, 'createSocket')!.markdown, /as configured\*\* — `reuseAddr` is set by `flag`/);
  assert.equal(on(6, 'bind'), undefined);
  assert.equal(hovers.length, 5);
});

test('Unix socket paths and Windows pipes: reuse does not apply', async () => {
  const text =
    "const net = require('net');\nconst s = net.createServer();\ns.listen('/tmp/a.sock');\ns.listen('\\\\\\\\.\\\\pipe\\\\x');\n";
  const hovers = await hoversOf('/w/a.js', text);
  assert.match(at(hovers, text, "listen('/tmp")!.markdown, /does not apply\*\* — this listens on a Unix socket file/);
  assert.match(hovers.find((h) => h.range.start.line === 3)!.markdown, /Windows named pipe/);
});

test('Deno listeners', async () => {
  const text = "const l = Deno.listen({ port: 8000 });\nconst d = Deno.listenDatagram({ port: 5353, transport: 'udp' });\n";
  const hovers = await hoversOf('/w/a.ts', text);
  assert.equal(hovers.length, 2);
  assert.match(at(hovers, text, 'listen(')!.markdown, /Deno sets SO_REUSEADDR/);
  assert.match(
    at(hovers, text, 'listenDatagram')!.markdown,
    /\*\*off\*\* — `Deno.listenDatagram` shares a port only with `reuseAddress: true`/,
  );
});

test('Bun.serve alone (no listen in the file) still gets its hover: the pre-filter lets it through', async () => {
  const text = 'Bun.serve({ port: 3000, fetch() { return new Response("hi"); } });\n';
  const hover = at(await hoversOf('/w/server.ts', text), text, 'serve');
  assert.ok(hover, 'no hover on Bun.serve');
  assert.match(hover.markdown, /Bun sets SO_REUSEADDR/);
});
