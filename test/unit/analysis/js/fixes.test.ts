// The exact code each quick fix writes, for the shapes the fix builders distinguish.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../../src/analysis/text';
import { analyze, parsesCleanly } from './harness';

/** Applies the preferred fix of the only `rule` finding in `text` (analyzed as `file`). */
async function fixed(file: string, text: string, rule: string): Promise<string> {
  const result = await analyze(file, text, '');
  const findings = result.findings.filter((f) => f.rule === rule);
  assert.equal(findings.length, 1, `one ${rule} finding in:\n${text}`);
  const fix = findings[0].fixes.find((f) => f.isPreferred);
  assert.ok(fix, 'a preferred fix');
  const out = applyEdits(text, fix.edits);
  assert.ok(await parsesCleanly(file, out), `fixed code parses:\n${out}`);
  return out;
}

const JOIN = "s.bind(5353, () => s.addMembership('224.0.0.251'));\n";

describe('dgram-missing-reuseaddr fix', () => {
  test('a type string becomes an options object; the listener stays', async () => {
    const text = "const dgram = require('dgram');\nconst s = dgram.createSocket('udp4', (msg) => console.log(msg));\n" + JOIN;
    assert.equal(
      await fixed('/w/a.js', text, 'dgram-missing-reuseaddr'),
      "const dgram = require('dgram');\nconst s = dgram.createSocket({ type: 'udp4', reuseAddr: true }, (msg) => console.log(msg));\n" +
        JOIN,
    );
  });

  test('a one-line options object gains the property', async () => {
    const text = "import dgram from 'node:dgram';\nconst s = dgram.createSocket({ type: 'udp6' });\n" + JOIN;
    assert.match(await fixed('/w/a.mjs', text, 'dgram-missing-reuseaddr'), /createSocket\(\{ type: 'udp6', reuseAddr: true \}\)/);
  });

  test('a multi-line options object gains a line, trailing comma kept', async () => {
    const text = "import * as dgram from 'dgram';\nconst s = dgram.createSocket({\n    type: 'udp4',\n});\n" + JOIN;
    assert.match(
      await fixed('/w/a.ts', text, 'dgram-missing-reuseaddr'),
      /createSocket\(\{\n {4}type: 'udp4',\n {4}reuseAddr: true,\n\}\)/,
    );
  });

  test('reuseAddr: false turns true', async () => {
    const text =
      "const { createSocket } = require('node:dgram');\nconst s = createSocket({ type: 'udp4', reuseAddr: false });\n" + JOIN;
    assert.match(await fixed('/w/a.cjs', text, 'dgram-missing-reuseaddr'), /createSocket\(\{ type: 'udp4', reuseAddr: true \}\)/);
  });

  test('Deno options gain reuseAddress: true', async () => {
    const text =
      "const s = Deno.listenDatagram({ port: 5353, transport: 'udp' });\nawait s.joinMulticastV4('224.0.0.251', '0.0.0.0');\n";
    assert.match(
      await fixed('/w/a.ts', text, 'dgram-missing-reuseaddr'),
      /listenDatagram\(\{ port: 5353, transport: 'udp', reuseAddress: true \}\)/,
    );
  });

  test('CRLF files get CRLF lines', async () => {
    const text =
      "const dgram = require('dgram');\r\nconst s = dgram.createSocket({\r\n  type: 'udp4'\r\n});\r\n" +
      JOIN.replace('\n', '\r\n');
    assert.match(await fixed('/w/a.js', text, 'dgram-missing-reuseaddr'), /type: 'udp4',\r\n {2}reuseAddr: true\r\n\}/);
  });
});

const LISTEN = "const server = net.createServer();\nserver.on('error', console.error);\nserver.listen('/tmp/x.sock');\n";
const RM = "fs.rmSync('/tmp/x.sock', { force: true });\nserver.listen('/tmp/x.sock');";

describe('unix-socket-stale fix: fs access in the module style of the file', () => {
  test('CommonJS without fs: a require after the last require', async () => {
    const out = await fixed('/w/a.js', "const net = require('node:net');\n" + LISTEN, 'unix-socket-stale');
    assert.equal(
      out,
      "const net = require('node:net');\nconst fs = require('node:fs');\n" + LISTEN.replace("server.listen('/tmp/x.sock');", RM),
    );
  });

  test('ESM default imports: import fs from', async () => {
    const out = await fixed('/w/a.mjs', "import net from 'net';\n" + LISTEN, 'unix-socket-stale');
    assert.match(out, /^import net from 'net';\nimport fs from 'fs';\n/);
    assert.ok(out.includes(RM));
  });

  test('TypeScript namespace imports: import * as fs', async () => {
    const out = await fixed('/w/a.ts', "import * as net from 'node:net';\n" + LISTEN, 'unix-socket-stale');
    assert.match(out, /^import \* as net from 'node:net';\nimport \* as fs from 'node:fs';\n/);
  });

  test('TypeScript import = require', async () => {
    const out = await fixed('/w/a.cts', "import net = require('node:net');\n" + LISTEN, 'unix-socket-stale');
    assert.match(out, /^import net = require\('node:net'\);\nimport fs = require\('node:fs'\);\n/);
  });

  test('an existing fs import is reused under its own name', async () => {
    const out = await fixed(
      '/w/a.ts',
      "import * as net from 'node:net';\nimport * as fsys from 'node:fs';\n" + LISTEN,
      'unix-socket-stale',
    );
    assert.ok(out.includes("fsys.rmSync('/tmp/x.sock', { force: true });\nserver.listen"), out);
    assert.equal(out.match(/from 'node:fs'/g)?.length, 1);
  });

  test('a named rmSync import is called directly', async () => {
    const out = await fixed(
      '/w/a.mjs',
      "import net from 'node:net';\nimport { rmSync as remove } from 'node:fs';\n" + LISTEN,
      'unix-socket-stale',
    );
    assert.ok(out.includes("remove('/tmp/x.sock', { force: true });"), out);
  });

  test('a destructured unlinkSync require gains rmSync', async () => {
    const out = await fixed(
      '/w/a.js',
      "const net = require('net');\nconst { unlinkSync } = require('fs');\n" + LISTEN,
      'unix-socket-stale',
    );
    assert.ok(out.includes("const { unlinkSync, rmSync } = require('fs');"), out);
    assert.ok(out.includes("rmSync('/tmp/x.sock', { force: true });"), out);
  });

  test('a local `fs` that is not the module is not clobbered', async () => {
    const out = await fixed('/w/a.js', "const net = require('net');\nconst fs = makeFakeFs();\n" + LISTEN, 'unix-socket-stale');
    assert.ok(out.includes("const nodeFs = require('fs');") && out.includes("nodeFs.rmSync('/tmp/x.sock'"), out);
  });

  test('the inserted line is indented like the listen', async () => {
    const text =
      "const net = require('net');\nconst fs = require('fs');\nfunction main() {\n\tconst server = net.createServer();\n\tserver.on('error', console.error);\n\tserver.listen({ path: '/tmp/y.sock' });\n}\n";
    const out = await fixed('/w/a.js', text, 'unix-socket-stale');
    assert.ok(out.includes("\tfs.rmSync('/tmp/y.sock', { force: true });\n\tserver.listen({ path: '/tmp/y.sock' });"), out);
  });

  test('after a hashbang and use strict when there is no import or require declaration', async () => {
    const text =
      "#!/usr/bin/env node\n'use strict';\nlet server;\nserver = require('net').createServer();\nserver.on('error', console.error);\nserver.listen('/tmp/z.sock');\n";
    const out = await fixed('/w/a.js', text, 'unix-socket-stale');
    assert.ok(out.startsWith("#!/usr/bin/env node\n'use strict';\nconst fs = require('fs');\nlet server;\n"), out);
  });
});

describe('listen-no-error-handler fix', () => {
  test('a server variable gets server.on before the listen, typed in TypeScript', async () => {
    const text =
      "import * as http from 'node:http';\nconst port = 8080;\nconst server = http.createServer();\nserver.listen(port);\n";
    assert.equal(
      await fixed('/w/a.ts', text, 'listen-no-error-handler'),
      "import * as http from 'node:http';\nconst port = 8080;\nconst server = http.createServer();\n" +
        "server.on('error', (err: NodeJS.ErrnoException) => {\n  if (err.code === 'EADDRINUSE') console.error(`Port ${port} is already in use`);\n  else throw err;\n});\n" +
        'server.listen(port);\n',
    );
  });

  test("an express app's listen gets .on('error') on the server it returns", async () => {
    const text = "const express = require('express');\nconst app = express();\napp.listen(3000);\n";
    assert.equal(
      await fixed('/w/a.js', text, 'listen-no-error-handler'),
      "const express = require('express');\nconst app = express();\napp.listen(3000).on('error', (err) => {\n  if (err.code === 'EADDRINUSE') console.error('Port 3000 is already in use');\n  else throw err;\n});\n",
    );
  });

  test('a port from { port } options is named in the message', async () => {
    const text = "const net = require('net');\nconst s = net.createServer();\ns.listen({ port: cfg.port, host: '::' });\n";
    assert.match(
      await fixed('/w/a.js', text, 'listen-no-error-handler'),
      /console\.error\(`Port \$\{cfg\.port\} is already in use`\)/,
    );
  });

  test('an expression with a call is not evaluated again', async () => {
    const text = "const net = require('net');\nconst s = net.createServer();\ns.listen(nextPort());\n";
    assert.match(await fixed('/w/a.js', text, 'listen-no-error-handler'), /console\.error\('Address already in use'\)/);
  });
});
