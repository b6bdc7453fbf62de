// What the standard library's server classes do with address reuse, read from CPython's sources
// (Lib/socketserver.py 3.6-3.13, Lib/http/server.py, Lib/wsgiref/simple_server.py,
// Lib/xmlrpc/server.py): TCPServer.__init__ creates the socket and, unless
// bind_and_activate=False, calls server_bind(), which sets SO_REUSEADDR / SO_REUSEPORT from
// allow_reuse_address / allow_reuse_port (3.11+) just before socket.bind(). TCPServer and
// UDPServer (and their Threading/Forking/Unix variants) leave both False; HTTPServer sets
// allow_reuse_address = 1, and WSGIServer and SimpleXMLRPCServer inherit or set it true.
export type ServerKind = 'tcp' | 'udp' | 'unix-stream' | 'unix-dgram';

export interface LibraryServer {
  kind: ServerKind;
  /** allow_reuse_address's value on the class. */
  reuse: boolean;
}

const ss = (kind: ServerKind): LibraryServer => ({ kind, reuse: false });
const on: LibraryServer = { kind: 'tcp', reuse: true };

export const LIBRARY_SERVERS: ReadonlyMap<string, LibraryServer> = new Map([
  ['socketserver.TCPServer', ss('tcp')],
  ['socketserver.ThreadingTCPServer', ss('tcp')],
  ['socketserver.ForkingTCPServer', ss('tcp')],
  ['socketserver.UDPServer', ss('udp')],
  ['socketserver.ThreadingUDPServer', ss('udp')],
  ['socketserver.ForkingUDPServer', ss('udp')],
  ['socketserver.UnixStreamServer', ss('unix-stream')],
  ['socketserver.ThreadingUnixStreamServer', ss('unix-stream')],
  ['socketserver.ForkingUnixStreamServer', ss('unix-stream')],
  ['socketserver.UnixDatagramServer', ss('unix-dgram')],
  ['socketserver.ThreadingUnixDatagramServer', ss('unix-dgram')],
  ['socketserver.ForkingUnixDatagramServer', ss('unix-dgram')],
  ['http.server.HTTPServer', on],
  ['http.server.ThreadingHTTPServer', on],
  ['wsgiref.simple_server.WSGIServer', on],
  ['xmlrpc.server.SimpleXMLRPCServer', on],
  ['xmlrpc.server.MultiPathXMLRPCServer', on],
  ['xmlrpc.server.DocXMLRPCServer', on],
  ['SimpleXMLRPCServer.SimpleXMLRPCServer', on],
]);

/** Bases that add no address-reuse attribute. */
export const NEUTRAL_BASES: ReadonlySet<string> = new Set([
  'socketserver.ThreadingMixIn',
  'socketserver.ForkingMixIn',
  'socketserver.BaseServer',
  'object',
]);

/** The attributes server_bind() reads. */
export const REUSE_ATTRIBUTES: ReadonlySet<string> = new Set(['allow_reuse_address', 'allow_reuse_port']);
