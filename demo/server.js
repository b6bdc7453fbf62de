// A tiny TCP server on the port .env declares (45000), the same port seed-server.c wants.
// `npm start` runs it so the status bar and the Port Holders panel have a holder to show:
// start seed-server while this runs and its bind fails; the panel tells you who is in the way.
const net = require('node:net');

const port = Number(process.env.PORT) || 45000;
const server = net.createServer((connection) => connection.end('hello from the demo server\n'));
server.on('error', (err) => {
  console.error(err.code === 'EADDRINUSE' ? `port ${port} is already taken by another process` : err.message);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`demo server listening on 127.0.0.1:${port}`));
