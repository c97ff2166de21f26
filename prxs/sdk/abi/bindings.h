/* prxs SDK: ProFTPD 1.3.8 module ABI -- address bindings: which server_rec answers on which address and port. */

#ifndef PR_BINDINGS_H
#define PR_BINDINGS_H
#include "conf.h"
#include "pool.h"

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
typedef struct namebind_rec {
  const char *nb_name;
  unsigned char nb_iswildcard;
  unsigned char nb_isactive;
  server_rec *nb_server;
  unsigned int nb_server_port;
} pr_namebind_t;

#define PR_BINDINGS_TABLE_SIZE 256

conn_t *pr_ipbind_accept_conn(fd_set *readfds, int *listenfd);
int pr_ipbind_create(server_rec *server, const pr_netaddr_t *addr, unsigned int port);
int pr_ipbind_close(const pr_netaddr_t *addr, unsigned int port, unsigned char close_namebinds);
int pr_ipbind_close_listeners(void);
int pr_ipbind_add_binds(server_rec *server);
pr_ipbind_t *pr_ipbind_find(const pr_netaddr_t *addr, unsigned int port, unsigned char skip_inactive);
pr_ipbind_t *pr_ipbind_get(pr_ipbind_t *prev);
server_rec *pr_ipbind_get_server(const pr_netaddr_t *addr, unsigned int port);
int pr_ipbind_listen(fd_set *readfds);
int pr_ipbind_open(const pr_netaddr_t *addr, unsigned int port, conn_t *listen_conn, unsigned char isdefault, unsigned char islocalhost, unsigned char open_namebinds);
conn_t *pr_ipbind_get_listening_conn(server_rec *server, const pr_netaddr_t *addr, unsigned int port);
int pr_namebind_close(const char *name, const pr_netaddr_t *addr);
int pr_namebind_create(server_rec *server, const char *name, pr_ipbind_t *ipbind, const pr_netaddr_t *addr, unsigned int port);
pr_namebind_t *pr_namebind_find(const char *name, const pr_netaddr_t *addr, unsigned int port, unsigned char skip_inactive);
server_rec *pr_namebind_get_server(const char *name, const pr_netaddr_t *addr, unsigned int port);
int pr_namebind_open(const char *name, const pr_netaddr_t *addr, unsigned int port);
unsigned int pr_namebind_count(server_rec *);
void init_bindings(void);
void free_bindings(void);

#define PR_ADD_IPBINDS(s) if ((res = pr_ipbind_add_binds((s))) < 0)  pr_log_pri(PR_LOG_NOTICE,  "%s:%d: notice: unable to add binds to ipbind '%s': %s",  __FILE__, __LINE__, (s)->ServerAddress, strerror(errno))
#define PR_CLOSE_IPBIND(a,p,c) if ((res = pr_ipbind_close((a), (p), (c))) < 0)  pr_log_pri(PR_LOG_NOTICE,  "%s:%d: notice: unable to close ipbind: %s",  __FILE__, __LINE__, strerror(errno))
#define PR_CREATE_IPBIND(s,a,p) if ((res = pr_ipbind_create((s), (a), (p))) < 0)  pr_log_pri(PR_LOG_NOTICE,  "%s:%d: notice: unable to create ipbind '%s#%u': %s",  __FILE__, __LINE__, (s)->ServerAddress, (p), strerror(errno))
#define PR_OPEN_IPBIND(a,p,c,d,l,o) if ((res = pr_ipbind_open((a), (p), (c), (d), (l), (o))) < 0)  pr_log_pri(PR_LOG_NOTICE,  "%s:%d: notice: unable to open ipbind '%s': %s",  __FILE__, __LINE__, pr_netaddr_get_ipstr((a)), strerror(errno))
#endif
