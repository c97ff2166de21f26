/*
 * prxs shim host: ProFTPD's address bindings (pr_ipbind_*), one for each
 * server (the main server and each <VirtualHost>) at its address and port.
 *
 * The shim takes its connections from its caller, not from TCP listeners,
 * so a binding has no listening connection (ib_listener is NULL) and
 * pr_ipbind_get_listening_conn() fails as proftpd does when it cannot
 * listen.  What "down" and "up" change is real all the same: a session
 * that arrives for a server whose binding is closed ends at once, without
 * a banner, as the real server's client finds no listener there.
 */

#include "host.h"
#include "bindings.h"

static pool *ipbind_pool = NULL;
static pr_ipbind_t *ipbind_list = NULL;
static const void *ipbind_for_list = NULL;	/* the server_list built from */

static const char *ipbind_server_ip(server_rec *s) {
  if (s->ServerAddress != NULL && *s->ServerAddress != '\0' &&
      strspn(s->ServerAddress, "0123456789.:abcdefABCDEF") ==
        strlen(s->ServerAddress)) {
    return s->ServerAddress;
  }
  return "127.0.0.1";
}

static pr_ipbind_t *ipbind_new(server_rec *s, const char *ip,
    unsigned int port) {
  pr_ipbind_t *ib = pcalloc(ipbind_pool, sizeof(*ib));
  pr_netaddr_t *na = pcalloc(ipbind_pool, sizeof(*na));

  host_netaddr_set(na, ip, (int) port);
  ib->ib_addr = na;
  ib->ib_port = port;
  ib->ib_server = s;
  ib->ib_isactive = TRUE;
  ib->ib_isdefault = s == main_server;
  if (s->addr == NULL) {
    /* proftpd resolves every server's address at start-up. */
    pr_netaddr_t *sa = pcalloc(s->pool, sizeof(*sa));

    host_netaddr_set(sa, ip, (int) port);
    s->addr = sa;
  }
  return ib;
}

static void ipbind_append(pr_ipbind_t *ib) {
  pr_ipbind_t **pp = &ipbind_list;

  while (*pp != NULL) {
    pp = &(*pp)->ib_next;
  }
  *pp = ib;
}

/* The table follows the configuration: rebuilt after each (re)read. */
static void ipbind_build(void) {
  server_rec *s;

  if (ipbind_list != NULL && ipbind_for_list == (const void *) server_list) {
    return;
  }
  if (ipbind_pool != NULL) {
    destroy_pool(ipbind_pool);
  }
  ipbind_pool = make_sub_pool(permanent_pool);
  pr_pool_tag(ipbind_pool, "ipbind pool");
  ipbind_list = NULL;
  ipbind_for_list = server_list;
  if (server_list == NULL) {
    if (main_server != NULL) {
      ipbind_append(ipbind_new(main_server, ipbind_server_ip(main_server),
        main_server->ServerPort));
    }
    return;
  }
  for (s = (server_rec *) server_list->xas_list; s; s = s->next) {
    if (s->ServerPort == 0) {
      continue;
    }
    ipbind_append(ipbind_new(s, ipbind_server_ip(s), s->ServerPort));
  }
}

static int ipbind_same_addr(const pr_netaddr_t *a, const pr_netaddr_t *b) {
  const char *x = pr_netaddr_get_ipstr(a), *y = pr_netaddr_get_ipstr(b);

  if (x == NULL || y == NULL) {
    return FALSE;
  }
  if (strncmp(x, "::ffff:", 7) == 0) {
    x += 7;
  }
  if (strncmp(y, "::ffff:", 7) == 0) {
    y += 7;
  }
  return strcmp(x, y) == 0;
}

pr_ipbind_t *pr_ipbind_find(const pr_netaddr_t *addr, unsigned int port,
    unsigned char skip_inactive) {
  pr_ipbind_t *ib;

  if (addr == NULL) {
    errno = EINVAL;
    return NULL;
  }
  ipbind_build();
  for (ib = ipbind_list; ib != NULL; ib = ib->ib_next) {
    if (skip_inactive && !ib->ib_isactive) {
      continue;
    }
    if (ib->ib_port == port && ipbind_same_addr(ib->ib_addr, addr)) {
      return ib;
    }
  }
  errno = ENOENT;
  return NULL;
}

pr_ipbind_t *pr_ipbind_get(pr_ipbind_t *prev) {
  ipbind_build();
  if (prev == NULL) {
    return ipbind_list;
  }
  return prev->ib_next;
}

server_rec *pr_ipbind_get_server(const pr_netaddr_t *addr,
    unsigned int port) {
  pr_ipbind_t *ib = pr_ipbind_find(addr, port, TRUE);

  return ib ? ib->ib_server : NULL;
}

int pr_ipbind_close(const pr_netaddr_t *addr, unsigned int port,
    unsigned char close_namebinds) {
  pr_ipbind_t *ib;

  (void) close_namebinds;
  ipbind_build();
  if (addr == NULL) {
    for (ib = ipbind_list; ib != NULL; ib = ib->ib_next) {
      ib->ib_isactive = FALSE;
      ib->ib_listener = NULL;
    }
    return 0;
  }
  ib = pr_ipbind_find(addr, port, FALSE);
  if (ib == NULL) {
    errno = ENOENT;
    return -1;
  }
  if (!ib->ib_isactive) {
    errno = EPERM;
    return -1;
  }
  ib->ib_isactive = FALSE;
  ib->ib_listener = NULL;
  return 0;
}

int pr_ipbind_open(const pr_netaddr_t *addr, unsigned int port,
    conn_t *listen_conn, unsigned char isdefault, unsigned char islocalhost,
    unsigned char open_namebinds) {
  pr_ipbind_t *ib;

  (void) open_namebinds;
  if (addr == NULL) {
    errno = EINVAL;
    return -1;
  }
  ib = pr_ipbind_find(addr, port, FALSE);
  if (ib == NULL) {
    errno = ENOENT;
    return -1;
  }
  if (listen_conn != NULL) {
    listen_conn->next = NULL;
  }
  ib->ib_listener = listen_conn;
  ib->ib_server->listen = listen_conn;
  ib->ib_isdefault = isdefault;
  ib->ib_islocalhost = islocalhost;
  ib->ib_isactive = TRUE;
  return 0;
}

/* The servers' extra addresses (proftpd: namebinds and Bind addresses)
 * answer through the server's binding here.
 */
int pr_ipbind_add_binds(server_rec *s) {
  if (s == NULL) {
    errno = EINVAL;
    return -1;
  }
  ipbind_build();
  return 0;
}

/* No TCP listeners in the shim: as proftpd when it cannot listen. */
conn_t *pr_ipbind_get_listening_conn(server_rec *s, const pr_netaddr_t *addr,
    unsigned int port) {
  (void) addr;
  (void) port;
  if (s == NULL) {
    errno = EINVAL;
    return NULL;
  }
  errno = EADDRNOTAVAIL;
  return NULL;
}

/* The master, after reading the configuration: every server has its
 * binding and address from the start, as in proftpd.
 */
void host_ipbind_init(void) {
  ipbind_for_list = NULL;
  ipbind_list = NULL;
  ipbind_build();
}

/* A session (session.c): FALSE when its server's binding was closed. */
int host_ipbind_server_active(server_rec *s) {
  pr_ipbind_t *ib;

  if (ipbind_list == NULL || ipbind_for_list != (const void *) server_list) {
    return TRUE;		/* never consulted: all up */
  }
  for (ib = ipbind_list; ib != NULL; ib = ib->ib_next) {
    if (ib->ib_server == s) {
      return ib->ib_isactive;
    }
  }
  return TRUE;
}
