/* Listing 3 of the article this project started from ("bind socket error: address already in
 * use"), as it was published but without its two SO_REUSEADDR lines: the bind below fails with
 * EADDRINUSE for up to a minute after a restart. The article's typo is kept on purpose (the
 * socket() statement ends with ':'), so this file does not compile; the analyzer still reads
 * it. seed-server.c is the same server, corrected so that it compiles and runs. */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

int main(void) {
  int sock, ret;
  struct sockaddr_in servaddr;
  /* Create a new stream (TCP) socket */
  sock = socket( AF_INET, SOCK_STREAM, 0 ):
  /* Allow connections to port 8080 from any available interface */
  memset( & servaddr, 0, sizeof(servaddr) );
  servaddr.sin_family = AF_INET;
  servaddr.sin_addr.s_addr = htonl( INADDR_ANY );
  servaddr.sin_port = htons( 45000 );
  /* Bind to the address (interface/port) */
  ret = bind( sock, (struct sockaddr *)& servaddr, sizeof(servaddr) );
  ret = listen( sock, 5 );
  return ret;
}
