// An Express app. Node enables SO_REUSEADDR on every TCP listener on Linux and macOS, so
// `app.listen(3000)` restarts cleanly and the analyzer rightly says nothing here.
// (For reading: Express is not installed in this folder.)
const express = require('express');

const app = express();
app.get('/', (req, res) => res.send('hello\n'));

const server = app.listen(Number(process.env.WEB_PORT) || 3000, () => {
  console.log(`web app on http://localhost:${server.address().port}/`);
});
server.on('error', (err) => {
  console.error(err.code === 'EADDRINUSE' ? `port ${err.port} is taken: see the Port Holders panel` : err.message);
  process.exit(1);
});
