/* prxs SDK: ProFTPD 1.3.8 module ABI -- mod_ctrls: registering control actions and checking their ACLs. */

#ifndef MOD_CTRLS_H
#define MOD_CTRLS_H
#include <signal.h>
#include "conf.h"

typedef struct {
  unsigned char allow;
  unsigned int nuids;
  uid_t *uids;
} ctrls_user_acl_t;
typedef struct {
  unsigned char allow;
  unsigned int ngids;
  gid_t *gids;
} ctrls_group_acl_t;
typedef struct {
  pool *acl_pool;
  ctrls_user_acl_t acl_users;
  ctrls_group_acl_t acl_groups;
} ctrls_acl_t;
typedef struct {
  const char *act_action;
  const char *act_desc;
  ctrls_acl_t *act_acl;
  int (*act_cb)(pr_ctrls_t *, int, char **);
} ctrls_acttab_t;
int pr_ctrls_check_group_acl(gid_t, const ctrls_group_acl_t *);
int pr_ctrls_check_user_acl(uid_t, const ctrls_user_acl_t *);
int pr_ctrls_check_acl(const pr_ctrls_t *ctrl, const ctrls_acttab_t *ctrls_acttab, const char *action);
int pr_ctrls_init_acl(ctrls_acl_t *acl);
char **pr_ctrls_parse_acl(pool *acl_pool, const char *acl_text);
int pr_ctrls_set_group_acl(pool *, ctrls_group_acl_t *, const char *, char *);
int pr_ctrls_set_user_acl(pool *, ctrls_user_acl_t *, const char *, char *);
char *pr_ctrls_set_module_acls(ctrls_acttab_t *ctrls_acttab, pool *acl_pool, char **actions, const char *allow, const char *type, char *list);
int pr_ctrls_set_module_acls2(ctrls_acttab_t *ctrls_acttab, pool *acl_pool, char **actions, const char *allow, const char *type, char *list, const char **bad_action);
char *pr_ctrls_unregister_module_actions(ctrls_acttab_t *ctrls_acttab, char **actions, module *mod);
int pr_ctrls_unregister_module_actions2(ctrls_acttab_t *ctrls_acttab, char **actions, module *mod, const char **bad_action);
int pr_ctrls_set_logfd(int fd);
int pr_ctrls_log(const char *module_version, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

#endif
