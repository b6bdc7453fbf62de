/* The article's server, corrected so it compiles and serves: it answers each connection with a
 * line and closes first, so every connection leaves a TIME_WAIT socket on port 45000. Stop it
 * with Ctrl+C, start it again, and bind() fails with "Address already in use" for up to 60 s:
 * it never sets SO_REUSEADDR. Try the quick fix on the underlined bind.
 *
 *   gcc -o seed-server seed-server.c && ./seed-server
 *   nc 127.0.0.1 45000           (in another terminal)
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  int sock, ret;
  struct sockaddr_in servaddr;
  /* Create a new stream (TCP) socket */
  sock = socket( AF_INET, SOCK_STREAM, 0 );
  if (sock < 0) {
    perror("socket");
    return 1;
  }
  /* Allow connections to port 45000 from any available interface */
  memset( & servaddr, 0, sizeof(servaddr) );
  servaddr.sin_family = AF_INET;
  servaddr.sin_addr.s_addr = htonl( INADDR_ANY );
  servaddr.sin_port = htons( 45000 );
  /* Bind to the address (interface/port) */
  ret = bind( sock, (struct sockaddr *)& servaddr, sizeof(servaddr) );
  if (ret < 0) {
    perror("bind");
    return 1;
  }
  if (listen( sock, 5 ) < 0) {
    perror("listen");
    return 1;
  }
  printf("listening on port 45000\n");
  for (;;) {
    int client = accept( sock, NULL, NULL );
    if (client < 0) continue;
    static const char greeting[] = "hello from seed-server\n";
    write( client, greeting, sizeof(greeting) - 1 );
    close( client );
  }
}
