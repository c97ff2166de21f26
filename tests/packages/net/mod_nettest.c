/*
 * mod_nettest: shows what ProFTPD's networking API answers, through SITE
 * commands, so that the same session can be compared on the shim and on the
 * real proftpd (tests/e2e/test_api_net.py).
 *
 *   SITE NETADDR name        pr_netaddr_get_addr() and the address's fields
 *   SITE NETCMP a b bits     pr_netaddr_cmp() and pr_netaddr_ncmp()
 *   SITE NETPORT             ports and families set and read back
 *   SITE NETDNS ip           pr_netaddr_get_dnsstr(), _get_dnsstr_list()
 *   SITE NETLOCAL            the session's addresses and the host's name
 *   SITE NETCONN port        an RFC 1413-style exchange with 127.0.0.1:port
 *                            (pr_inet_*, pr_netio_printf/gets): the line
 *                            the peer answers, or why there is none
 *   SITE NETXFORM on|off     a data NetIO turning downloads to upper case
 *                            and uploads to lower case, (un)registered
 *   SITE NETEVENT on|show    a "core.data-write" listener and what it saw
 *   SITE NETBUF              pr_config_get_xfer_bufsz() > 0
 */

#include "conf.h"

module nettest_module;

static pr_netio_t *xform_netio = NULL;

static const char *errname(int e) {
  switch (e) {
    case 0: return "0";
    case EINVAL: return "EINVAL";
    case ENOENT: return "ENOENT";
    case EPERM: return "EPERM";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EBADF: return "EBADF";
    case ENOTCONN: return "ENOTCONN";
    case ETIMEDOUT: return "ETIMEDOUT";
  }
  return "other";
}

static void nettest_addr(cmd_rec *cmd, const char *name) {
  const pr_netaddr_t *na;
  int xerrno, v4m;

  errno = 0;
  na = pr_netaddr_get_addr(cmd->tmp_pool, name, NULL);
  if (na == NULL) {
    xerrno = errno;
    pr_response_add(R_200, "%s: not resolved (%s)", name, errname(xerrno));
    return;
  }
  errno = 0;
  v4m = pr_netaddr_is_v4mappedv6(na);
  xerrno = errno;
  pr_response_add(R_200, "%s: family %s, ip %s, inaddr %u bytes, port %u, "
    "v4-mapped %d (%s), addrno %08x", name,
    pr_netaddr_get_family(na) == AF_INET ? "inet" : "inet6",
    pr_netaddr_get_ipstr(na), (unsigned int) pr_netaddr_get_inaddr_len(na),
    ntohs((uint16_t) pr_netaddr_get_port(na)), v4m, errname(xerrno),
    (unsigned int) ntohl(pr_netaddr_get_addrno(na)));
  if (v4m == TRUE) {
    pr_netaddr_t *v4 = pr_netaddr_v6tov4(cmd->tmp_pool, na);

    pr_response_add(R_200, "%s: as IPv4 %s", name,
      v4 ? pr_netaddr_get_ipstr(v4) : errname(errno));
  }
}

static void nettest_cmp(cmd_rec *cmd) {
  const pr_netaddr_t *a, *b;
  int res, nres;

  a = pr_netaddr_get_addr(cmd->tmp_pool, cmd->argv[2], NULL);
  b = pr_netaddr_get_addr(cmd->tmp_pool, cmd->argv[3], NULL);
  errno = 0;
  res = pr_netaddr_cmp(a, b);
  pr_response_add(R_200, "cmp %s %s: %s (%s)", (char *) cmd->argv[2],
    (char *) cmd->argv[3], res == 0 ? "same" : res < 0 ? "less" : "more",
    errname(errno));
  errno = 0;
  nres = pr_netaddr_ncmp(a, b, (unsigned int) atoi(cmd->argv[4]));
  pr_response_add(R_200, "ncmp /%s: %s (%s)", (char *) cmd->argv[4],
    nres == 0 ? "same network" : "different", errname(errno));
}

static void nettest_port(cmd_rec *cmd) {
  pr_netaddr_t *na = pr_netaddr_alloc(cmd->tmp_pool);
  int res;

  errno = 0;
  res = pr_netaddr_set_port(na, 21);
  pr_response_add(R_200, "no family: set_port %d (%s), family %d", res,
    errname(errno), pr_netaddr_get_family(na));
  pr_netaddr_set_family(na, AF_INET);
  pr_netaddr_set_port2(na, 2121);
  pr_response_add(R_200, "set_port2 2121: get_port %u (network order), "
    "%u (host order)", pr_netaddr_get_port(na) == htons(2121) ? 1 : 0,
    ntohs((uint16_t) pr_netaddr_get_port(na)));
  pr_netaddr_set_port(na, htons(21));
  pr_response_add(R_200, "set_port htons(21): %u",
    ntohs((uint16_t) pr_netaddr_get_port(na)));
  errno = 0;
  res = pr_netaddr_set_family(na, 12345);
  pr_response_add(R_200, "set_family 12345: %d (%s)", res, errname(errno));
  errno = 0;
  res = pr_netaddr_get_family(NULL);
  pr_response_add(R_200, "get_family NULL: %d (%s)", res, errname(errno));
  errno = 0;
  na = pr_netaddr_alloc(NULL);
  res = errno;
  pr_response_add(R_200, "alloc NULL: %s (%s)", na ? "an address" : "NULL",
    errname(res));
}

static void nettest_dns(cmd_rec *cmd) {
  const pr_netaddr_t *na = pr_netaddr_get_addr(cmd->tmp_pool, cmd->argv[2],
    NULL);
  array_header *names;
  int prev;

  if (na == NULL) {
    pr_response_add(R_200, "%s: not an address", (char *) cmd->argv[2]);
    return;
  }
  /* As proftpd: a name found once is remembered (the netaddr cache), even
   * for a later lookup with reverse DNS off. */
  prev = pr_netaddr_set_reverse_dns(TRUE);
  pr_response_add(R_200, "reverse DNS on: %s",
    pr_netaddr_get_dnsstr(pr_netaddr_dup(cmd->tmp_pool, na)));
  names = pr_netaddr_get_dnsstr_list(cmd->tmp_pool, na);
  pr_response_add(R_200, "%d name(s) listed%s%s", names->nelts,
    names->nelts ? ", the first " : "",
    names->nelts ? ((char **) names->elts)[0] : "");
  pr_netaddr_set_reverse_dns(FALSE);
  names = pr_netaddr_get_dnsstr_list(cmd->tmp_pool, na);
  pr_response_add(R_200, "reverse DNS off: %s, %d name(s) listed",
    pr_netaddr_get_dnsstr(pr_netaddr_dup(cmd->tmp_pool, na)), names->nelts);
  pr_netaddr_clear_cache();
  pr_response_add(R_200, "cache cleared, reverse DNS off: %s",
    pr_netaddr_get_dnsstr(pr_netaddr_dup(cmd->tmp_pool, na)));
  pr_netaddr_set_reverse_dns(prev);
}

static void nettest_local(cmd_rec *cmd) {
  const char *host = pr_netaddr_get_localaddr_str(cmd->tmp_pool);
  char buf[256];

  memset(buf, 0, sizeof(buf));
  gethostname(buf, sizeof(buf) - 1);
  pr_response_add(R_200, "local %s, remote %s (%s), IPv6 %s",
    pr_netaddr_get_ipstr(session.c->local_addr),
    pr_netaddr_get_ipstr(session.c->remote_addr), session.c->remote_name,
    pr_netaddr_use_ipv6() ? "on" : "off");
  pr_response_add(R_200, "localaddr_str %s",
    host == NULL ? "NULL" : strncmp(host, buf, strlen(buf)) == 0 ?
    "starts with the host name" : host);
}

/* mod_ident's way: a non-blocking connect from the session's local
 * address, a poll, then a request and a line of answer.
 */
static void nettest_conn(cmd_rec *cmd) {
  pool *p = make_sub_pool(cmd->tmp_pool);
  const pr_netaddr_t *to = session.c->remote_addr;
  conn_t *conn, *io;
  char buf[256];
  int port = atoi(cmd->argv[2]), res;

  conn = pr_inet_create_conn(p, -1, session.c->local_addr, INPORT_ANY, FALSE);
  if (conn == NULL) {
    pr_response_add(R_200, "create_conn: %s", errname(errno));
    destroy_pool(p);
    return;
  }
  res = pr_inet_connect_nowait(p, conn, to, port);
  if (res < 0) {
    pr_response_add(R_200, "connect_nowait: -1 (%s), mode %s",
      errname(errno), conn->mode == CM_ERROR ? "CM_ERROR" : "other");
    pr_inet_close(p, conn);
    destroy_pool(p);
    return;
  }
  if (res == 0) {
    pr_netio_stream_t *nstrm = pr_netio_open(p, PR_NETIO_STRM_OTHR,
      conn->listen_fd, PR_NETIO_IO_RD);

    pr_netio_set_poll_interval(nstrm, 1);
    res = pr_netio_poll(nstrm);
    if (res != 0 || pr_inet_get_conn_info(conn, conn->listen_fd) < 0) {
      pr_response_add(R_200, "connect in progress, then: %s",
        errname(errno));
      pr_netio_close(nstrm);
      conn->listen_fd = -1;
      pr_inet_close(p, conn);
      destroy_pool(p);
      return;
    }
  }
  io = pr_inet_openrw(p, conn, NULL, PR_NETIO_STRM_OTHR, -1, -1, -1, FALSE);
  if (io == NULL) {
    pr_response_add(R_200, "openrw: %s", errname(errno));
    pr_inet_close(p, conn);
    destroy_pool(p);
    return;
  }
  pr_inet_set_nonblock(p, io);
  pr_netio_set_poll_interval(io->instrm, 1);
  pr_netio_set_poll_interval(io->outstrm, 1);
  res = pr_netio_printf(io->outstrm, "%d, %d\r\n", session.c->remote_port,
    session.c->local_port);
  pr_response_add(R_200, "connected to %s (remote port %d), wrote %d bytes",
    pr_netaddr_get_ipstr(io->remote_addr), io->remote_port == port,
    res > 0 ? res : -1);
  if (pr_netio_gets(buf, sizeof(buf), io->instrm) != NULL) {
    size_t len = strlen(buf);
    int crlf = len >= 2 && buf[len - 2] == '\r' && buf[len - 1] == '\n';

    buf[len - (crlf ? 2 : 0)] = '\0';
    pr_response_add(R_200, "read: %s%s", buf, crlf ? " (CRLF)" : "");
  } else {
    pr_response_add(R_200, "read nothing (%s)", errname(errno));
  }
  pr_inet_close(p, io);
  pr_inet_close(p, conn);
  destroy_pool(p);
}

static int xform_write(pr_netio_stream_t *nstrm, char *buf, size_t len) {
  char *up = palloc(nstrm->strm_pool, len);
  size_t i;

  for (i = 0; i < len; i++) {
    up[i] = (char) toupper((unsigned char) buf[i]);
  }
  return (int) write(nstrm->strm_fd, up, len);
}

static int xform_read(pr_netio_stream_t *nstrm, char *buf, size_t len) {
  int n = (int) read(nstrm->strm_fd, buf, len), i;

  for (i = 0; i < n; i++) {
    buf[i] = (char) tolower((unsigned char) buf[i]);
  }
  return n;
}

static void nettest_xform(cmd_rec *cmd) {
  if (strcasecmp(cmd->argv[2], "on") == 0) {
    pr_response_add(R_200, "data NetIO before: %s",
      pr_get_netio(PR_NETIO_STRM_DATA) ? "registered" : "none");
    xform_netio = pr_alloc_netio2(session.pool, &nettest_module, NULL);
    xform_netio->read = xform_read;
    xform_netio->write = xform_write;
    pr_response_add(R_200, "register: %d, owner %s",
      pr_register_netio(xform_netio, PR_NETIO_STRM_DATA),
      xform_netio->owner_name);
    pr_response_add(R_200, "data NetIO now: %s",
      pr_get_netio(PR_NETIO_STRM_DATA) == xform_netio ? "ours" : "another");
  } else {
    pr_response_add(R_200, "unregister: %d",
      pr_unregister_netio(PR_NETIO_STRM_DATA));
    pr_response_add(R_200, "data NetIO now: %s",
      pr_get_netio(PR_NETIO_STRM_DATA) ? "registered" : "none");
  }
  {
    pr_netio_t *none;
    int xerrno;

    errno = 0;
    none = pr_get_netio(0);
    xerrno = errno;
    pr_response_add(R_200, "get_netio(0): %s (%s)", none ? "a NetIO" : "NULL",
      errname(xerrno));
  }
}

static unsigned int postparse_seen = 0;

static void nettest_postparse_ev(const void *event_data, void *user_data) {
  (void) event_data;
  (void) user_data;
  postparse_seen++;
}

static int nettest_init(void) {
  pr_event_register(&nettest_module, "core.postparse", nettest_postparse_ev,
    NULL);
  return 0;
}

static unsigned long data_write_events = 0, data_write_bytes = 0;

static void nettest_data_write_ev(const void *event_data, void *user_data) {
  const pr_buffer_t *pbuf = event_data;

  (void) user_data;
  data_write_events++;
  data_write_bytes += pbuf->buflen;
}

MODRET nettest_site(cmd_rec *cmd) {
  if (cmd->argc < 2) {
    return PR_DECLINED(cmd);
  }
  if (strcasecmp(cmd->argv[1], "NETADDR") == 0 && cmd->argc == 3) {
    nettest_addr(cmd, cmd->argv[2]);
  } else if (strcasecmp(cmd->argv[1], "NETCMP") == 0 && cmd->argc == 5) {
    nettest_cmp(cmd);
  } else if (strcasecmp(cmd->argv[1], "NETPORT") == 0) {
    nettest_port(cmd);
  } else if (strcasecmp(cmd->argv[1], "NETDNS") == 0 && cmd->argc == 3) {
    nettest_dns(cmd);
  } else if (strcasecmp(cmd->argv[1], "NETLOCAL") == 0) {
    nettest_local(cmd);
  } else if (strcasecmp(cmd->argv[1], "NETCONN") == 0 && cmd->argc == 3) {
    nettest_conn(cmd);
  } else if (strcasecmp(cmd->argv[1], "NETXFORM") == 0 && cmd->argc == 3) {
    nettest_xform(cmd);
  } else if (strcasecmp(cmd->argv[1], "NETEVENT") == 0 && cmd->argc == 3) {
    if (strcasecmp(cmd->argv[2], "on") == 0) {
      pr_event_register(&nettest_module, "core.data-write",
        nettest_data_write_ev, NULL);
    }
    pr_response_add(R_200, "core.data-write: %lu event(s), %lu bytes",
      data_write_events, data_write_bytes);
  } else if (strcasecmp(cmd->argv[1], "NETBUF") == 0) {
    int sz = pr_config_get_xfer_bufsz();

    pr_response_add(R_200, "xfer buffer %s", sz > 0 ? "positive" : "zero");
    pr_response_add(R_200, "core.postparse seen %u time(s)", postparse_seen);
  } else {
    return PR_DECLINED(cmd);
  }
  return PR_HANDLED(cmd);
}

static cmdtable nettest_cmdtab[] = {
  { CMD, C_SITE, G_NONE, nettest_site, FALSE, FALSE, CL_MISC },
  { 0, NULL }
};

module nettest_module = {
  NULL, NULL,
  0x20,
  "nettest",
  NULL,
  nettest_cmdtab,
  NULL,
  nettest_init,
  NULL,
  "mod_nettest/0.1"
};
