/* prxs SDK: ProFTPD 1.3.8 module ABI -- mod_ctrls: registering control actions and checking their ACLs. */

#ifndef MOD_CTRLS_H
#define MOD_CTRLS_H

#include <signal.h>
#include "conf.h"

/* Users an action is granted to */
typedef struct {
  unsigned char allow;
  unsigned int nuids;
  uid_t *uids;
} ctrls_user_acl_t;

/* Groups an action is granted to */
typedef struct {
  unsigned char allow;
  unsigned int ngids;
  gid_t *gids;
} ctrls_group_acl_t;

/* The access list of one controls action */
typedef struct {
  pool *acl_pool;
  ctrls_user_acl_t acl_users;
  ctrls_group_acl_t acl_groups;
} ctrls_acl_t;

/* A module's table of controls actions */
typedef struct {
  const char *act_action;
  const char *act_desc;
  ctrls_acl_t *act_acl;
  int (*act_cb)(pr_ctrls_t *, int, char **);
} ctrls_acttab_t;

/* Access control lists for actions */
int pr_ctrls_check_acl(const pr_ctrls_t *, const ctrls_acttab_t *, const char *);
int pr_ctrls_check_group_acl(gid_t, const ctrls_group_acl_t *);
int pr_ctrls_check_user_acl(uid_t, const ctrls_user_acl_t *);
int pr_ctrls_init_acl(ctrls_acl_t *);
char **pr_ctrls_parse_acl(pool *, const char *);
int pr_ctrls_set_group_acl(pool *, ctrls_group_acl_t *, const char *, char *);
char *pr_ctrls_set_module_acls(ctrls_acttab_t *, pool *, char **, const char *, const char *, char *);
int pr_ctrls_set_module_acls2(ctrls_acttab_t *, pool *, char **, const char *, const char *, char *, const char **);
int pr_ctrls_set_user_acl(pool *, ctrls_user_acl_t *, const char *, char *);

/* Removing a module's actions */
char *pr_ctrls_unregister_module_actions(ctrls_acttab_t *, char **, module *);
int pr_ctrls_unregister_module_actions2(ctrls_acttab_t *, char **, module *, const char **);

/* The controls log */
int pr_ctrls_log(const char *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
int pr_ctrls_set_logfd(int);

#endif
