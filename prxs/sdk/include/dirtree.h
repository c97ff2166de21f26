/* prxs SDK: servers, commands and configuration helpers (subset of
 * dirtree.h).
 */

#ifndef PR_DIRTREE_H
#define PR_DIRTREE_H

#include "pool.h"
#include "sets.h"
#include "table.h"
#include "configdb.h"
#include "netaddr.h"

typedef struct server_struc {
  struct server_struc *next, *prev;

  struct pool_rec *pool;	/* Memory pool for this server */
  xaset_t *set;			/* Set holding all servers */

  /* The label/name for this server configuration. */
  const char *ServerName;

  /* The address for this server configuration. */
  const char *ServerAddress;

  /* The fully qualified domain name for this server configuration. */
  const char *ServerFQDN;

  /* Port number to which to listen. */
  unsigned int ServerPort;

  /* Administrator name */
  const char *ServerAdmin;

  /* Internal address of this server */
  const pr_netaddr_t *addr;

  /* Configuration details */
  xaset_t *conf;
  int config_type;

  /* Internal server ID, automatically assigned */
  unsigned int sid;

  /* Private data for passing among modules for this vhost. */
  pr_table_t *notes;
} server_rec;

typedef struct cmd_struc {
  struct pool_rec *pool;
  server_rec *server;
  config_rec *config;
  struct pool_rec *tmp_pool;	/* Temporary pool, only while the cmd's
				 * handler is running
				 */
  unsigned int argc;

  char *arg;			/* entire argument (excluding command) */
  void **argv;
  char *group;			/* Command grouping */

  int cmd_class;		/* The command class */

  pr_table_t *notes;		/* Private data passed between handlers */

  int cmd_id;			/* Index into commands list */

  int is_ftp;
  const char *protocol;
} cmd_rec;

extern server_rec		*main_server;

/* These macros are used to help handle configuration in modules */
#define CONF_ERROR(x, s)	return PR_ERROR_MSG((x),NULL,pstrcat((x)->tmp_pool, \
				(x)->argv[0],": ",(s),NULL));

#define CHECK_ARGS(x, n)	if ((n) > 0 && (x)->argc > 0 && (x)->argc-1 < (n)) \
				CONF_ERROR(x,"missing parameters")

#define CHECK_VARARGS(x, n, m)	if ((x)->argc - 1 < n || (x)->argc - 1 > m) \
				CONF_ERROR(x,"missing parameters")

#define CHECK_HASARGS(x, n)	((x)->argc - 1) == (n)

#define CHECK_CONF(x,p)		if (!check_context((x),(p))) \
				CONF_ERROR((x), \
				pstrcat((x)->tmp_pool,"directive not allowed in ", \
				get_context_name((x)), \
				" context",NULL))

#define CHECK_CMD_ARGS(x, n)	\
  if ((x)->argc != (n)) { \
    pr_response_add_err(R_501, _("Invalid number of parameters")); \
    return PR_ERROR((x)); \
  }

#define CHECK_CMD_MIN_ARGS(x, n)	\
  if ((x)->argc < (n)) { \
    pr_response_add_err(R_501, _("Invalid number of parameters")); \
    return PR_ERROR((x)); \
  }

unsigned char check_context(cmd_rec *, int);
char *get_context_name(cmd_rec *);
int get_boolean(cmd_rec *, int);
const char *get_full_cmd(cmd_rec *);

/* The closest <Directory> section for an absolute path (NULL if none). */
config_rec *dir_match_path(pool *, char *);

#endif /* PR_DIRTREE_H */
