/* prxs SDK: ProFTPD 1.3.8 module ABI -- the server tree, session_t-free globals and directory/section helpers. */

#ifndef PR_DIRTREE_H
#define PR_DIRTREE_H

#include "pool.h"
#include "sets.h"
#include "table.h"
#include "configdb.h"
#include "netaddr.h"

/* Directory ACL operations and Order settings */
#define OP_HIDE 1
#define OP_COMMAND 2
#define ORDER_ALLOWDENY 0
#define ORDER_DENYALLOW 1

/* Checks for configuration directive handlers */
#define CONF_ERROR(x,s) return PR_ERROR_MSG((x),NULL,pstrcat((x)->tmp_pool,  (x)->argv[0],": ",(s),NULL));
#define CHECK_ARGS(x,n) if ((n) > 0 && (x)->argc > 0 && (x)->argc-1 < (n))  CONF_ERROR(x,"missing parameters")
#define CHECK_VARARGS(x,n,m) if ((x)->argc - 1 < n || (x)->argc - 1 > m)  CONF_ERROR(x,"missing parameters")
#define CHECK_HASARGS(x,n) ((x)->argc - 1) == (n)
#define CHECK_CONF(x,p) if (!check_context((x),(p)))  CONF_ERROR((x),  pstrcat((x)->tmp_pool,"directive not allowed in ",  get_context_name((x)),  " context",NULL))
#define CHECK_CMD_ARGS(x,n) if ((x)->argc != (n)) {  pr_response_add_err(R_501, _("Invalid number of parameters"));  return PR_ERROR((x));  }
#define CHECK_CMD_MIN_ARGS(x,n) if ((x)->argc < (n)) {  pr_response_add_err(R_501, _("Invalid number of parameters"));  return PR_ERROR((x));  }

struct conn_struc;

/* TCP keepalive settings of a server */
struct tcp_keepalive {
  int keepalive_enabled;
  int keepalive_idle;
  int keepalive_count;
  int keepalive_intvl;
};

/* A server: the main server or one <VirtualHost> */
typedef struct server_struc {
  struct server_struc *next, *prev;
  struct pool_rec *pool;
  xaset_t *set;
  /* Names and port */
  const char *ServerName;
  const char *ServerAddress;
  const char *ServerFQDN;
  unsigned int ServerPort;
  /* TCP settings */
  struct tcp_keepalive *tcp_keepalive;
  int tcp_mss_len, tcp_reuse_port;
  int tcp_rcvbuf_len;
  unsigned char tcp_rcvbuf_override;
  int tcp_sndbuf_len;
  unsigned char tcp_sndbuf_override;
  /* Address, listener and configuration */
  const char *ServerAdmin;
  const pr_netaddr_t *addr;
  struct conn_struc *listen;
  xaset_t *conf;
  int config_type;
  unsigned int sid;
  pr_table_t *notes;
} server_rec;

/* A command (or configuration directive) and its arguments */
typedef struct cmd_struc {
  struct pool_rec *pool;
  server_rec *server;
  config_rec *config;
  struct pool_rec *tmp_pool;
  /* Arguments: argv[0] is the command name */
  unsigned int argc;
  char *arg;
  void **argv;
  char *group;
  int cmd_class;
  /* Lookup state, notes and protocol */
  int stash_index;
  unsigned int stash_hash;
  pr_table_t *notes;
  int cmd_id;
  int is_ftp;
  const char *protocol;
} cmd_rec;

/* Server-wide settings */
extern server_rec *main_server;
extern unsigned long ServerMaxInstances;
extern char ServerType;
extern int ServerUseReverseDNS;
extern int SocketBindTight;
extern int tcpBackLog;

/* Access checks on paths and commands */
int dir_check(pool *, cmd_rec *, const char *, const char *, int *);
int dir_check_canon(pool *, cmd_rec *, const char *, const char *, int *);
int dir_check_full(pool *, cmd_rec *, const char *, const char *, int *);
int dir_check_limits(cmd_rec *, config_rec *, const char *, int);
unsigned char dir_hide_file(const char *);
config_rec *dir_match_path(pool *, char *);
int is_dotdir(const char *);
int login_check_limits(xaset_t *, int, int, int *);

/* Configuration contexts and values */
void build_dyn_config(pool *, const char *, struct stat *, unsigned char);
unsigned char check_context(cmd_rec *, int);
void fixup_dirs(server_rec *, int);
int fixup_servers(xaset_t *);
int get_boolean(cmd_rec *, int);
char *get_context_name(cmd_rec *);
xaset_t *get_dir_ctxt(pool *, char *);
const char *get_full_cmd(cmd_rec *);
int pr_config_get_server_xfer_bufsz(int);
int pr_config_get_xfer_bufsz(void);
int pr_config_get_xfer_bufsz2(int);
void resolve_anonymous_dirs(xaset_t *);
void resolve_deferred_dirs(server_rec *);

/* Defines (-D) given on the command line */
int pr_define_add(const char *, int);
unsigned char pr_define_exists(const char *);

/* Umask handling and start-up */
void init_dirtree(void);
void kludge_disable_umask(void);
void kludge_enable_umask(void);

#endif
