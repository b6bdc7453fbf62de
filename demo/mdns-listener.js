// Listens to mDNS announcements. Every mDNS responder on the machine (avahi, Bonjour, another
// copy of this script) binds UDP 5353 too, so without `reuseAddr: true` the bind fails with
// EADDRINUSE. The analyzer flags the createSocket call and offers the fix.
const dgram = require('node:dgram');

const MDNS_GROUP = '224.0.0.251';
const MDNS_PORT = 5353;

const socket = dgram.createSocket('udp4');
socket.on('message', (message, remote) => {
  console.log(`${remote.address}: ${message.length} bytes`);
});
socket.bind(MDNS_PORT, () => {
  socket.addMembership(MDNS_GROUP);
  console.log(`listening for mDNS on ${MDNS_GROUP}:${MDNS_PORT}`);
});
