// Real sockets on the loopback addresses for the port tests: listeners, free ports, and a
// TIME_WAIT socket left the way a restarted server meets it. Traffic stays on 127.0.0.1 / ::1.
import * as net from 'node:net';

/** Listens `server` on host:port (0: an ephemeral port); resolves with the port bound. */
export function listen(server: net.Server, port = 0, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => resolve((server.address() as net.AddressInfo).port));
  });
}

/** Stops listening; resolves once every connection has ended too. */
export function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface Listener {
  server: net.Server;
  port: number;
  close(): Promise<void>;
}

/** A TCP listener of this process on host (default 127.0.0.1), an ephemeral port unless `port` is given. */
export async function listenOnLoopback(port = 0, host = '127.0.0.1'): Promise<Listener> {
  const server = net.createServer();
  const bound = await listen(server, port, host);
  return { server, port: bound, close: () => close(server) };
}

/** A port the kernel just handed out on 127.0.0.1 and that nothing listens on now. */
export async function freeLoopbackPort(): Promise<number> {
  const listener = await listenOnLoopback();
  await listener.close();
  return listener.port;
}

/**
 * A port on 127.0.0.1 with one TIME_WAIT socket and no listener: a server that closes its end of
 * a connection first keeps the TIME_WAIT on its own port (the restart scenario), then stops.
 */
export async function portInTimeWait(): Promise<number> {
  const server = net.createServer((conn) => conn.end()); // the server sends FIN first
  const port = await listen(server);
  await new Promise<void>((resolve, reject) => {
    const client = net.connect(port, '127.0.0.1');
    client.on('error', reject);
    client.on('end', () => client.end());
    client.on('close', () => resolve());
    client.resume();
  });
  await close(server);
  return port;
}
