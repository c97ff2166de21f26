/* prxs SDK: connections (subset of inet.h). */

#ifndef PR_INET_H
#define PR_INET_H

/* Connection modes */
#define CM_NONE		0
#define CM_LISTEN	1
#define CM_OPEN		2
#define CM_ACCEPT	3
#define CM_CONNECT	4
#define CM_CLOSED	5
#define CM_ERROR	6

/* connection structure */
typedef struct conn_struc {
  struct conn_struc *next;
  struct pool_rec *pool;
  int mode;				/* Current connection mode */

  int xerrno;				/* Set to error if mode == CM_ERROR */
  int rfd, wfd;				/* Read and write fds */

  /* Remote address of the connection. */
  const pr_netaddr_t *remote_addr;

  /* Remote port of the connection. */
  int remote_port;

  /* Remote FQDN of the connection. */
  const char *remote_name;

  /* Local address of the connection. */
  const pr_netaddr_t *local_addr;

  /* Local port of the connection. */
  int local_port;
} conn_t;

#endif /* PR_INET_H */
