/* prxs SDK: ProFTPD 1.3.8 module ABI -- address bindings: which server_rec answers on which address and port. */

#ifndef PR_BINDINGS_H
#define PR_BINDINGS_H

#include "conf.h"
#include "pool.h"

/* Table size and the actions pr_ipbind_* accepts */
#define PR_BINDINGS_TABLE_SIZE 256
#define PR_ADD_IPBINDS(s) if ((res = pr_ipbind_add_binds((s))) < 0)  pr_log_pri(PR_LOG_NOTICE,  "%s:%d: notice: unable to add binds to ipbind '%s': %s",  __FILE__, __LINE__, (s)->ServerAddress, strerror(errno))
#define PR_CLOSE_IPBIND(a,p,c) if ((res = pr_ipbind_close((a), (p), (c))) < 0)  pr_log_pri(PR_LOG_NOTICE,  "%s:%d: notice: unable to close ipbind: %s",  __FILE__, __LINE__, strerror(errno))
#define PR_CREATE_IPBIND(s,a,p) if ((res = pr_ipbind_create((s), (a), (p))) < 0)  pr_log_pri(PR_LOG_NOTICE,  "%s:%d: notice: unable to create ipbind '%s#%u': %s",  __FILE__, __LINE__, (s)->ServerAddress, (p), strerror(errno))
#define PR_OPEN_IPBIND(a,p,c,d,l,o) if ((res = pr_ipbind_open((a), (p), (c), (d), (l), (o))) < 0)  pr_log_pri(PR_LOG_NOTICE,  "%s:%d: notice: unable to open ipbind '%s': %s",  __FILE__, __LINE__, pr_netaddr_get_ipstr((a)), strerror(errno))

/* An address and port the daemon listens on, and the servers bound to it */
typedef struct ipbind_rec {
  struct ipbind_rec *ib_next;
  const pr_netaddr_t *ib_addr;
  unsigned int ib_port;
  server_rec *ib_server;
  conn_t *ib_listener;
  array_header *ib_namebinds;
  unsigned char ib_isdefault;
  unsigned char ib_islocalhost;
  unsigned char ib_isactive;
} pr_ipbind_t;

/* A name-based virtual host attached to an address binding */
typedef struct namebind_rec {
  const char *nb_name;
  unsigned char nb_iswildcard;
  unsigned char nb_isactive;
  server_rec *nb_server;
  unsigned int nb_server_port;
} pr_namebind_t;

/* Address bindings (IP and port) */
conn_t *pr_ipbind_accept_conn(fd_set *, int *);
int pr_ipbind_add_binds(server_rec *);
int pr_ipbind_close(const pr_netaddr_t *, unsigned int, unsigned char);
int pr_ipbind_close_listeners(void);
int pr_ipbind_create(server_rec *, const pr_netaddr_t *, unsigned int);
pr_ipbind_t *pr_ipbind_find(const pr_netaddr_t *, unsigned int, unsigned char);
pr_ipbind_t *pr_ipbind_get(pr_ipbind_t *);
conn_t *pr_ipbind_get_listening_conn(server_rec *, const pr_netaddr_t *, unsigned int);
server_rec *pr_ipbind_get_server(const pr_netaddr_t *, unsigned int);
int pr_ipbind_listen(fd_set *);
int pr_ipbind_open(const pr_netaddr_t *, unsigned int, conn_t *, unsigned char, unsigned char, unsigned char);

/* Name-based virtual hosts on a binding */
int pr_namebind_close(const char *, const pr_netaddr_t *);
unsigned int pr_namebind_count(server_rec *);
int pr_namebind_create(server_rec *, const char *, pr_ipbind_t *, const pr_netaddr_t *, unsigned int);
pr_namebind_t *pr_namebind_find(const char *, const pr_netaddr_t *, unsigned int, unsigned char);
server_rec *pr_namebind_get_server(const char *, const pr_netaddr_t *, unsigned int);
int pr_namebind_open(const char *, const pr_netaddr_t *, unsigned int);

/* Start-up and tear-down */
void free_bindings(void);
void init_bindings(void);

#endif
