/* prxs SDK: ProFTPD 1.3.8 module ABI -- the configuration database: config_rec lookup and manipulation. */

#ifndef PR_CONFIGDB_H
#define PR_CONFIGDB_H

#include "pool.h"
#include "sets.h"
#include "table.h"

/* config_rec types: the context an entry belongs to */
#define CONF_ROOT (1 << 0)
#define CONF_DIR (1 << 1)
#define CONF_ANON (1 << 2)
#define CONF_LIMIT (1 << 3)
#define CONF_VIRTUAL (1 << 4)
#define CONF_DYNDIR (1 << 5)
#define CONF_GLOBAL (1 << 6)
#define CONF_CLASS (1 << 7)
#define CONF_NAMED (1 << 8)
#define CONF_USERDATA (1 << 14)
#define CONF_PARAM (1 << 15)

/* config_rec flags */
#define CF_MERGEDOWN (1 << 0)
#define CF_MERGEDOWN_MULTI (1 << 1)
#define CF_DYNAMIC (1 << 2)
#define CF_DEFER (1 << 3)
#define CF_SILENT (1 << 4)
#define CF_MULTI (1 << 5)

/* The set being filled while parsing */
#define CURRENT_CONF (session.dir_config ? session.dir_config->subset  : (session.anon_config ? session.anon_config->subset  : main_server ? main_server->conf : NULL))
#define TOPLEVEL_CONF (session.anon_config ? session.anon_config->subset : (main_server ? main_server->conf : NULL))

/* find_config*() and pr_config_add*() flags */
#define PR_CONFIG_FIND_FL_SKIP_ANON 0x001
#define PR_CONFIG_FIND_FL_SKIP_DIR 0x002
#define PR_CONFIG_FIND_FL_SKIP_LIMIT 0x004
#define PR_CONFIG_FIND_FL_SKIP_DYNDIR 0x008
#define PR_CONFIG_FL_INSERT_HEAD 0x001
#define PR_CONFIG_FL_PRESERVE_ENTRY 0x002

typedef struct config_struc config_rec;

struct server_struc;

/* One configuration entry (directive or section) with its parameters */
struct config_struc {
  struct config_struc *next, *prev;
  int config_type;
  unsigned int config_id;
  struct pool_rec *pool;
  xaset_t *set;
  char *name;
  unsigned int argc;
  void **argv;
  long flags;
  struct server_struc *server;
  config_rec *parent;
  xaset_t *subset;
};

/* Adding entries */
config_rec *add_config(struct server_struc *, const char *);
config_rec *add_config_param(const char *, unsigned int, ...);
config_rec *add_config_param_set(xaset_t **, const char *, unsigned int, ...);
config_rec *add_config_param_str(const char *, unsigned int, ...);
config_rec *add_config_set(xaset_t **, const char *);
config_rec *pr_conf_add_server_config_param_str(struct server_struc *, const char *, unsigned int, ...);
config_rec *pr_config_add(struct server_struc *, const char *, int);
config_rec *pr_config_add_config_to_set(xaset_t *, config_rec *, int);
config_rec *pr_config_add_set(xaset_t **, const char *, int);
config_rec *pr_config_alloc(pool *, const char *, int);

/* Finding entries and their parameters */
config_rec *find_config(xaset_t *, int, const char *, int);
config_rec *find_config2(xaset_t *, int, const char *, int, unsigned long);
config_rec *find_config_next(config_rec *, config_rec *, int, const char *, int);
config_rec *find_config_next2(config_rec *, config_rec *, int, const char *, int, unsigned long);
void find_config_set_top(config_rec *);
void *get_param_ptr(xaset_t *, const char *, int);
void *get_param_ptr_next(const char *, int);

/* Removing, numbering and merging */
void pr_config_dump(void (*)(const char *, ...), xaset_t *, char *);
unsigned int pr_config_get_id(const char *);
void pr_config_merge_down(xaset_t *, int);
int pr_config_remove(xaset_t *, const char *, int, int);
unsigned int pr_config_set_id(const char *);
int remove_config(xaset_t *, const char *, int);

/* Start-up */
void init_config(void);

#endif
