/* prxs SDK: ProFTPD 1.3.8 module ABI -- connections (conn_t) and socket helpers. */

#ifndef PR_INET_H
#define PR_INET_H
#include "conf.h"
#ifndef INPORT_ANY
#define INPORT_ANY 0
#endif
#ifndef U32BITS
#define U32BITS 0xffffffff
#endif
#define CM_NONE 0
#define CM_LISTEN 1
#define CM_OPEN 2
#define CM_ACCEPT 3
#define CM_CONNECT 4
#define CM_CLOSED 5
#define CM_ERROR 6

typedef struct conn_struc {
  struct conn_struc *next;
  struct pool_rec *pool;
  int mode;
  int listen_fd;
  int rcvbuf, sndbuf;
  int xerrno;
  int rfd,wfd;
  pr_netio_stream_t *instrm, *outstrm;
  const pr_netaddr_t *remote_addr;
  int remote_port;
  const char *remote_name;
  const pr_netaddr_t *local_addr;
  int local_port;
} conn_t;
struct socket_ctx {
  server_rec *server;
  const pr_netaddr_t *addr;
  int sockfd;
};
void pr_inet_clear(void);
int pr_inet_reverse_dns(pool *, int);
int pr_inet_getservport(pool *, const char *, const char *);
pr_netaddr_t *pr_inet_getaddr(pool *, const char *, array_header **);
conn_t *pr_inet_copy_conn(pool *, conn_t *);
conn_t *pr_inet_create_conn(pool *, int, const pr_netaddr_t *, int, int);
conn_t *pr_inet_create_conn_portrange(pool *, const pr_netaddr_t *, int, int);
void pr_inet_close(pool *, conn_t *);
void pr_inet_lingering_abort(pool *, conn_t *, long);
void pr_inet_lingering_close(pool *, conn_t *, long);
int pr_inet_set_default_family(pool *, int);
int pr_inet_set_async(pool *, conn_t *);
int pr_inet_set_block(pool *, conn_t *);
int pr_inet_set_nonblock(pool *, conn_t *);
int pr_inet_set_proto_cork(int, int);
int pr_inet_set_proto_keepalive(pool *p, conn_t *, struct tcp_keepalive *);
int pr_inet_set_proto_nodelay(pool *, conn_t *, int);
int pr_inet_set_proto_opts(pool *, conn_t *, int, int, int, int);
int pr_inet_set_reuse_port(pool *p, conn_t *conn, int reuse_port);
int pr_inet_set_socket_opts(pool *, conn_t *, int, int, struct tcp_keepalive *);
int pr_inet_set_socket_opts2(pool *, conn_t *, int, int, struct tcp_keepalive *, int);
int pr_inet_listen(pool *p, conn_t *conn, int backlog, int flags);

#define PR_INET_LISTEN_FL_FATAL_ON_ERROR 0x0001

int pr_inet_resetlisten(pool *, conn_t *);
int pr_inet_accept_nowait(pool *, conn_t *);
int pr_inet_connect(pool *, conn_t *, const pr_netaddr_t *, int);
int pr_inet_connect_nowait(pool *, conn_t *, const pr_netaddr_t *, int);
int pr_inet_get_conn_info(conn_t *, int);
conn_t *pr_inet_accept(pool *, conn_t *, conn_t *, int, int, unsigned char);
conn_t *pr_inet_openrw(pool *, conn_t *, const pr_netaddr_t *, int, int, int, int, int);
int pr_inet_generate_socket_event(const char *, server_rec *, const pr_netaddr_t *, int);
void init_inet(void);

#endif
