import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParserService } from '../../../../src/analysis/parser';
import { codePorts } from '../../../../src/ports/sources/code-ports';
import { commandLinePorts } from '../../../../src/ports/sources/command-line-ports';
import { isPortKey } from '../../../../src/ports/sources/env-ports';
import { launchJsonPorts } from '../../../../src/ports/sources/launch-json-ports';
import { rows } from './fixture';

const APP = `import os
import socket
import socketserver
import uvicorn
from aiohttp import web
from flask import Flask
from http.server import HTTPServer, SimpleHTTPRequestHandler

PORT = int(os.environ.get("PORT", 9000))
app = Flask(__name__)

HTTPServer(('', 8000), SimpleHTTPRequestHandler)
socketserver.TCPServer(("", PORT), socketserver.BaseRequestHandler)
app.run(port=5000)
uvicorn.run("main:app", host="0.0.0.0", port=8001)
web.run_app(web.Application(), port=8080)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("", 5353))
c = socket.socket()
c.bind(("", 40000))
c.connect(("localhost", 80))
socketserver.TCPServer(("", 0), socketserver.BaseRequestHandler)
`;

describe('ports in Python code (the analyzer model)', () => {
  let parser: ParserService;
  before(async () => {
    parser = await ParserService.create();
  });
  after(() => parser.dispose());

  test('servers, sockets and framework run calls; not clients or port 0', async () => {
    const found = await codePorts(parser, 'python', '/w/app.py', APP);
    assert.deepEqual(
      rows(found).sort(),
      ['5000@13:0/tcp', '5353@17:0/udp', '8000@11:0/tcp', '8001@14:0/tcp', '8080@15:0/tcp', '9000@12:0/tcp'].sort(),
    );
  });

  test('a file without a bind, run or server call is not parsed', async () => {
    assert.deepEqual(await codePorts(parser, 'python', '/w/util.py', 'import os\nprint(os.getcwd())\n'), []);
  });
});

describe('Python command lines', () => {
  test('python -m http.server [port], manage.py runserver [addr:]port, defaults 8000', () => {
    const ports = (s: string) => commandLinePorts(s, isPortKey).map((p) => p.port);
    assert.deepEqual(ports('python3 -m http.server 8080'), [8080]);
    assert.deepEqual(ports('python -m http.server --bind 127.0.0.1 9001 && echo'), [9001]);
    assert.deepEqual(ports('python -m http.server'), [8000]);
    assert.deepEqual(ports('python manage.py runserver 0.0.0.0:8002'), [8002]);
    assert.deepEqual(ports('python manage.py runserver'), [8000]);
    assert.deepEqual(ports('python manage.py migrate'), []);
  });

  test('launch.json: module http.server and manage.py runserver', () => {
    const text = JSON.stringify({
      configurations: [
        { type: 'debugpy', module: 'http.server', args: ['8123'] },
        { type: 'debugpy', program: '${workspaceFolder}/manage.py', args: ['runserver', '0.0.0.0:8124'] },
      ],
    });
    assert.deepEqual(
      launchJsonPorts('/w/.vscode/launch.json', text).map((f) => f.port),
      [8123, 8124],
    );
  });
});
