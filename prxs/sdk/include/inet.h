/* prxs SDK: ProFTPD 1.3.8 module ABI -- connections (conn_t) and socket helpers. */

#ifndef PR_INET_H
#define PR_INET_H

#include "conf.h"

/* Fallbacks some platforms lack */
#ifndef INPORT_ANY
#define INPORT_ANY 0
#endif
#ifndef U32BITS
#define U32BITS 0xffffffff
#endif

/* Connection modes (conn_t.mode) */
#define CM_NONE 0
#define CM_LISTEN 1
#define CM_OPEN 2
#define CM_ACCEPT 3
#define CM_CONNECT 4
#define CM_CLOSED 5
#define CM_ERROR 6

/* pr_inet_listen() flags */
#define PR_INET_LISTEN_FL_FATAL_ON_ERROR 0x0001

/* A connection: socket, streams and both endpoints */
typedef struct conn_struc {
  struct conn_struc *next;
  struct pool_rec *pool;
  int mode;
  int listen_fd;
  int rcvbuf, sndbuf;
  int xerrno;
  /* Descriptors and streams */
  int rfd,wfd;
  pr_netio_stream_t *instrm, *outstrm;
  /* Both endpoints */
  const pr_netaddr_t *remote_addr;
  int remote_port;
  const char *remote_name;
  const pr_netaddr_t *local_addr;
  int local_port;
} conn_t;

/* Options applied when a socket is created */
struct socket_ctx {
  server_rec *server;
  const pr_netaddr_t *addr;
  int sockfd;
};

/* Creating and closing connections */
void pr_inet_clear(void);
void pr_inet_close(pool *, conn_t *);
conn_t *pr_inet_copy_conn(pool *, conn_t *);
conn_t *pr_inet_create_conn(pool *, int, const pr_netaddr_t *, int, int);
conn_t *pr_inet_create_conn_portrange(pool *, const pr_netaddr_t *, int, int);
void pr_inet_lingering_abort(pool *, conn_t *, long);
void pr_inet_lingering_close(pool *, conn_t *, long);

/* Socket options */
int pr_inet_set_async(pool *, conn_t *);
int pr_inet_set_block(pool *, conn_t *);
int pr_inet_set_default_family(pool *, int);
int pr_inet_set_nonblock(pool *, conn_t *);
int pr_inet_set_proto_cork(int, int);
int pr_inet_set_proto_keepalive(pool *, conn_t *, struct tcp_keepalive *);
int pr_inet_set_proto_nodelay(pool *, conn_t *, int);
int pr_inet_set_proto_opts(pool *, conn_t *, int, int, int, int);
int pr_inet_set_reuse_port(pool *, conn_t *, int);
int pr_inet_set_socket_opts(pool *, conn_t *, int, int, struct tcp_keepalive *);
int pr_inet_set_socket_opts2(pool *, conn_t *, int, int, struct tcp_keepalive *, int);

/* Listening, accepting and connecting */
conn_t *pr_inet_accept(pool *, conn_t *, conn_t *, int, int, unsigned char);
int pr_inet_accept_nowait(pool *, conn_t *);
int pr_inet_connect(pool *, conn_t *, const pr_netaddr_t *, int);
int pr_inet_connect_nowait(pool *, conn_t *, const pr_netaddr_t *, int);
int pr_inet_listen(pool *, conn_t *, int, int);
conn_t *pr_inet_openrw(pool *, conn_t *, const pr_netaddr_t *, int, int, int, int, int);
int pr_inet_resetlisten(pool *, conn_t *);

/* Addresses and names */
int pr_inet_get_conn_info(conn_t *, int);
pr_netaddr_t *pr_inet_getaddr(pool *, const char *, array_header **);
int pr_inet_getservport(pool *, const char *, const char *);
int pr_inet_reverse_dns(pool *, int);

/* Events and start-up */
void init_inet(void);
int pr_inet_generate_socket_event(const char *, server_rec *, const pr_netaddr_t *, int);

#endif
