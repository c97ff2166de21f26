/*
 * prxs shim host: connections and sockets (inet.h).
 *
 * Real sockets, as in ProFTPD: pr_inet_create_conn() makes a bound TCP
 * socket, pr_inet_connect*() connects it (mod_ident's RFC 1413 lookup),
 * pr_inet_openrw() opens NetIO streams on it.  A connection's descriptors
 * and streams are closed when its pool is destroyed (pr_inet_close()).
 */

#include "host.h"
#include "host_net.h"

#include <netinet/tcp.h>
#include <netdb.h>

static int inet_family = 0;

int pr_inet_set_default_family(pool *p, int family) {
  int prev = inet_family;

  (void) p;
  inet_family = family;
  return prev;
}

/* The port of a service from the services database (host byte order), -1
 * when it is unknown.
 */
int pr_inet_getservport(pool *p, const char *serv, const char *proto) {
  struct servent *se;

  (void) p;
  if (serv == NULL) {
    errno = EINVAL;
    return -1;
  }
  se = getservbyname(serv, proto);
  if (se == NULL) {
    return -1;
  }
  return ntohs((uint16_t) se->s_port);
}

static void inet_conn_cleanup(void *data) {
  conn_t *c = data;

  if (c->instrm != NULL) {
    (void) pr_netio_close(c->instrm);
  }
  if (c->outstrm != NULL && c->outstrm != c->instrm) {
    (void) pr_netio_close(c->outstrm);
  }
  c->instrm = c->outstrm = NULL;
  if (c->listen_fd != -1) {
    (void) close(c->listen_fd);
    c->listen_fd = -1;
  }
  if (c->rfd != -1) {
    (void) close(c->rfd);
    c->rfd = -1;
  }
  if (c->wfd != -1) {
    (void) close(c->wfd);
    c->wfd = -1;
  }
}

/* A connection on fd, or on a new TCP socket bound to bind_addr (the
 * wildcard address when NULL) and port.
 */
conn_t *pr_inet_create_conn(pool *p, int fd, const pr_netaddr_t *bind_addr,
    int port, int retry_bind) {
  pr_netaddr_t na;
  conn_t *c;
  pool *sub;
  int family, on = 1, tries;

  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (bind_addr != NULL) {
    family = pr_netaddr_get_family(bind_addr);
  } else if (inet_family != 0) {
    family = inet_family;
  } else {
    family = pr_netaddr_use_ipv6() ? AF_INET6 : AF_INET;
  }

  sub = make_sub_pool(p);
  pr_pool_tag(sub, "init_conn pool");
  c = pcalloc(sub, sizeof(conn_t));
  c->pool = sub;
  c->local_port = port;
  c->rfd = c->wfd = c->listen_fd = -1;

  if (fd == -1) {
    socklen_t salen;
    int res = -1, xerrno = 0;

    fd = socket(family, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) {
      xerrno = errno;
      pr_log_pri(PR_LOG_WARNING, "socket() failed in connection "
        "initialization: %s", strerror(xerrno));
      destroy_pool(sub);
      errno = xerrno;
      return NULL;
    }
    (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    (void) setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));

    memset(&na, 0, sizeof(na));
    pr_netaddr_set_family(&na, family);
    if (bind_addr != NULL) {
      pr_netaddr_set_sockaddr(&na, pr_netaddr_get_sockaddr(bind_addr));
    } else {
      pr_netaddr_set_sockaddr_any(&na);
    }
    if (family == AF_INET6) {
      int off = 0;

      (void) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    }
    pr_netaddr_set_port(&na, htons((uint16_t) port));

    /* As proftpd: an ephemeral port in use is retried (ten times, a second
     * apart); a given one only with retry_bind. */
    for (tries = 10; tries > 0; tries--) {
      res = bind(fd, pr_netaddr_get_sockaddr(&na),
        (socklen_t) pr_netaddr_get_sockaddr_len(&na));
      xerrno = errno;
      if (res == 0 || xerrno != EADDRINUSE ||
          (port != INPORT_ANY && !retry_bind)) {
        break;
      }
      sleep(1);
    }
    if (res < 0) {
      pr_log_pri(PR_LOG_ERR, "Failed binding to %s, port %d: %s",
        pr_netaddr_get_ipstr(&na), port, strerror(xerrno));
      destroy_pool(sub);
      (void) close(fd);
      errno = xerrno;
      return NULL;
    }

    salen = (socklen_t) pr_netaddr_get_sockaddr_len(&na);
    if (getsockname(fd, pr_netaddr_get_sockaddr(&na), &salen) == 0) {
      pr_netaddr_t *local = pr_netaddr_alloc(sub);

      pr_netaddr_set_family(local, pr_netaddr_get_family(&na));
      pr_netaddr_set_sockaddr(local, pr_netaddr_get_sockaddr(&na));
      c->local_addr = local;
      c->local_port = ntohs((uint16_t) pr_netaddr_get_port(&na));
    }
  }

  c->listen_fd = fd;
  register_cleanup(sub, c, inet_conn_cleanup, inet_conn_cleanup);
  return c;
}

void pr_inet_close(pool *p, conn_t *c) {
  (void) p;
  if (c != NULL && c->pool != NULL) {
    destroy_pool(c->pool);
  }
}

void pr_inet_lingering_close(pool *p, conn_t *c, long linger) {
  if (c == NULL) {
    return;
  }
  (void) pr_inet_set_block(p, c);
  if (c->outstrm != NULL) {
    (void) pr_netio_lingering_close(c->outstrm, linger);
  }
  if (c->instrm != c->outstrm && c->instrm != NULL) {
    (void) pr_netio_close(c->instrm);
  }
  c->instrm = c->outstrm = NULL;
  destroy_pool(c->pool);
}

void pr_inet_lingering_abort(pool *p, conn_t *c, long linger) {
  if (c == NULL) {
    return;
  }
  (void) pr_inet_set_block(p, c);
  if (c->instrm != NULL) {
    (void) pr_netio_lingering_abort(c->instrm, linger);
  }
  if (c->outstrm != c->instrm && c->outstrm != NULL) {
    (void) pr_netio_close(c->outstrm);
  }
  c->instrm = c->outstrm = NULL;
  destroy_pool(c->pool);
}

static int inet_set_flag(int fd, int on, int flag) {
  int flags = fcntl(fd, F_GETFL);

  if (flags < 0) {
    return -1;
  }
  return fcntl(fd, F_SETFL, on ? (flags|flag) : (flags & ~flag));
}

/* The connection's socket (listening or connecting) or its two
 * descriptors, with O_NONBLOCK set (or cleared).
 */
static int inet_set_nonblocking(conn_t *c, int on) {
  int res = -1;

  if (c == NULL) {
    errno = EINVAL;
    return -1;
  }
  errno = EBADF;
  if (c->mode == CM_LISTEN || c->mode == CM_CONNECT) {
    return inet_set_flag(c->listen_fd, on, O_NONBLOCK);
  }
  if (c->rfd != -1) {
    res = inet_set_flag(c->rfd, on, O_NONBLOCK);
  }
  if (c->wfd != -1) {
    res = inet_set_flag(c->wfd, on, O_NONBLOCK);
  }
  return res;
}

int pr_inet_set_nonblock(pool *p, conn_t *c) {
  (void) p;
  return inet_set_nonblocking(c, TRUE);
}

int pr_inet_set_block(pool *p, conn_t *c) {
  (void) p;
  return inet_set_nonblocking(c, FALSE);
}

/* Fills in the connection's local and remote addresses from fd. */
int pr_inet_get_conn_info(conn_t *c, int fd) {
  struct sockaddr_storage ss;
  socklen_t len;
  pr_netaddr_t na;

  if (c == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (fd < 0) {
    errno = EBADF;
    return -1;
  }

  len = sizeof(ss);
  memset(&ss, 0, sizeof(ss));
  if (getsockname(fd, (struct sockaddr *) &ss, &len) < 0) {
    return -1;
  }
  {
    pr_netaddr_t *local = c->local_addr ? (pr_netaddr_t *) c->local_addr :
      pr_netaddr_alloc(c->pool);

    pr_netaddr_clear(local);
    pr_netaddr_set_family(local, ss.ss_family);
    pr_netaddr_set_sockaddr(local, (struct sockaddr *) &ss);
    c->local_port = ntohs((uint16_t) pr_netaddr_get_port(local));
    c->local_addr = local;
  }

  len = sizeof(ss);
  memset(&ss, 0, sizeof(ss));
  if (getpeername(fd, (struct sockaddr *) &ss, &len) < 0) {
    return -1;
  }
  memset(&na, 0, sizeof(na));
  pr_netaddr_set_family(&na, ss.ss_family);
  pr_netaddr_set_sockaddr(&na, (struct sockaddr *) &ss);
  if (na.na_family == AF_INET6 && pr_netaddr_is_v4mappedv6(&na) == TRUE) {
    c->remote_addr = pr_netaddr_v6tov4(c->pool, &na);
  } else {
    c->remote_addr = pr_netaddr_dup(c->pool, &na);
  }
  c->remote_port = ntohs((uint16_t) pr_netaddr_get_port(&na));
  return 0;
}

/* Connect without waiting: 1 connected, 0 in progress (poll the socket),
 * -1 refused or failed (errno; the connection is in CM_ERROR).
 */
int pr_inet_connect_nowait(pool *p, conn_t *c, const pr_netaddr_t *addr,
    int port) {
  pr_netaddr_t remote;

  if (c == NULL || addr == NULL) {
    errno = EINVAL;
    return -1;
  }
  c->mode = CM_CONNECT;
  if (pr_inet_set_nonblock(p, c) < 0) {
    c->mode = CM_ERROR;
    c->xerrno = errno;
    return -1;
  }
  memcpy(&remote, addr, sizeof(remote));
  pr_netaddr_set_port(&remote, htons((uint16_t) port));
  if (connect(c->listen_fd, pr_netaddr_get_sockaddr(&remote),
      (socklen_t) pr_netaddr_get_sockaddr_len(&remote)) < 0) {
    if (errno != EINPROGRESS && errno != EALREADY) {
      c->mode = CM_ERROR;
      c->xerrno = errno;
      (void) pr_inet_set_block(c->pool, c);
      errno = c->xerrno;
      return -1;
    }
    return 0;
  }
  c->mode = CM_OPEN;
  if (pr_inet_get_conn_info(c, c->listen_fd) < 0) {
    c->xerrno = errno;
    (void) pr_inet_set_block(c->pool, c);
    errno = c->xerrno;
    return -1;
  }
  if (pr_inet_set_block(c->pool, c) < 0) {
    c->xerrno = errno;
    return -1;
  }
  return 1;
}

/* Connect, waiting (signals handled meanwhile): 1 connected, -1 failed. */
int pr_inet_connect(pool *p, conn_t *c, const pr_netaddr_t *addr, int port) {
  pr_netaddr_t remote;
  int res;

  if (c == NULL || addr == NULL) {
    errno = EINVAL;
    return -1;
  }
  c->mode = CM_CONNECT;
  if (pr_inet_set_block(p, c) < 0) {
    c->mode = CM_ERROR;
    c->xerrno = errno;
    return -1;
  }
  memcpy(&remote, addr, sizeof(remote));
  pr_netaddr_set_port(&remote, htons((uint16_t) port));
  while ((res = connect(c->listen_fd, pr_netaddr_get_sockaddr(&remote),
      (socklen_t) pr_netaddr_get_sockaddr_len(&remote))) < 0 &&
      errno == EINTR) {
    pr_signals_handle();
  }
  if (res < 0) {
    c->mode = CM_ERROR;
    c->xerrno = errno;
    return -1;
  }
  c->mode = CM_OPEN;
  if (pr_inet_get_conn_info(c, c->listen_fd) < 0) {
    c->xerrno = errno;
    return -1;
  }
  return 1;
}

conn_t *pr_inet_copy_conn(pool *p, conn_t *c) {
  conn_t *res;
  pool *sub;

  if (p == NULL || c == NULL) {
    errno = EINVAL;
    return NULL;
  }
  sub = make_sub_pool(p);
  pr_pool_tag(sub, "inet_copy_conn pool");
  res = pcalloc(sub, sizeof(conn_t));
  memcpy(res, c, sizeof(conn_t));
  res->pool = sub;
  res->instrm = res->outstrm = NULL;
  if (c->local_addr != NULL) {
    res->local_addr = pr_netaddr_dup(sub, c->local_addr);
  }
  if (c->remote_addr != NULL) {
    res->remote_addr = pr_netaddr_dup(sub, c->remote_addr);
  }
  if (c->remote_name != NULL) {
    res->remote_name = pstrdup(sub, c->remote_name);
  }
  register_cleanup(sub, res, inet_conn_cleanup, inet_conn_cleanup);
  return res;
}

/* A copy of c with its own read and write descriptors (dups of fd, or of
 * c's socket when fd is -1; rfd/wfd != -1: dup2'ed there) and NetIO
 * streams of strm_type on them.
 */
conn_t *pr_inet_openrw(pool *p, conn_t *c, const pr_netaddr_t *addr,
    int strm_type, int fd, int rfd, int wfd, int resolve) {
  conn_t *res;
  int close_fd = TRUE;

  res = pr_inet_copy_conn(p, c);
  if (res == NULL) {
    return NULL;
  }
  res->listen_fd = -1;
  if (pr_inet_get_conn_info(res, fd) < 0 && errno != EBADF) {
    return NULL;
  }
  if (addr != NULL && res->remote_addr == NULL) {
    res->remote_addr = pr_netaddr_dup(res->pool, addr);
  }
  if (resolve && res->remote_addr != NULL) {
    res->remote_name = pr_netaddr_get_dnsstr(res->remote_addr);
  }
  if (res->remote_name == NULL) {
    res->remote_name = pr_netaddr_get_ipstr(res->remote_addr);
    if (res->remote_name == NULL) {
      return NULL;
    }
  }
  if (fd == -1 && c->listen_fd != -1) {
    fd = c->listen_fd;
  }
  if (rfd > -1) {
    if (fd != rfd) {
      (void) dup2(fd, rfd);
    } else {
      close_fd = FALSE;
    }
  } else if (fd >= 0) {
    rfd = dup(fd);
  }
  if (wfd > -1) {
    if (fd != wfd) {
      (void) dup2(fd, wfd);
    } else {
      close_fd = FALSE;
    }
  } else if (fd >= 0) {
    wfd = dup(fd);
  }
  if (rfd > -1 && wfd > -1 && close_fd) {
    /* The connection's socket is now held by the two copies. */
    if (fd == c->listen_fd) {
      c->listen_fd = -1;
    }
    (void) close(fd);
  }
  res->rfd = rfd;
  res->wfd = wfd;
  res->instrm = pr_netio_open(res->pool, strm_type, res->rfd, PR_NETIO_IO_RD);
  res->outstrm = pr_netio_open(res->pool, strm_type, res->wfd, PR_NETIO_IO_WR);
  (void) pr_inet_set_block(res->pool, res);
  res->mode = CM_OPEN;
  return res;
}

int pr_inet_listen(pool *p, conn_t *c, int backlog, int flags) {
  (void) p;
  if (c == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (c->mode == CM_LISTEN) {
    errno = EPERM;
    return -1;
  }
  while (listen(c->listen_fd, backlog) < 0) {
    int xerrno = errno;

    if (xerrno == EINTR) {
      pr_signals_handle();
      continue;
    }
    pr_log_pri(PR_LOG_ERR, "unable to listen on %s#%u: %s",
      pr_netaddr_get_ipstr(c->local_addr), (unsigned int) c->local_port,
      strerror(xerrno));
    if (flags & PR_INET_LISTEN_FL_FATAL_ON_ERROR) {
      pr_session_disconnect(NULL, PR_SESS_DISCONNECT_BY_APPLICATION, NULL);
    }
    errno = xerrno;
    return -1;
  }
  c->mode = CM_LISTEN;
  return 0;
}

/* A socket event ("core.ctrl-listen", "core.data-listen", ...) for its
 * listeners (mod_qos sets IP_TOS there), with a struct socket_ctx. */
int pr_inet_generate_socket_event(const char *event, server_rec *s,
    const pr_netaddr_t *addr, int fd) {
  struct socket_ctx sc;

  if (event == NULL || s == NULL || addr == NULL) {
    errno = EINVAL;
    return -1;
  }
  sc.server = s;
  sc.addr = addr;
  sc.sockfd = fd;
  pr_event_generate(event, &sc);
  return 0;
}
