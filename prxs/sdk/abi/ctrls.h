/* prxs SDK: ProFTPD 1.3.8 module ABI -- the controls (ftpdctl) channel: requests, responses and actions. */

#ifndef PR_CTRLS_H
#define PR_CTRLS_H
#include <sys/un.h>
#include "conf.h"
#define PR_CTRLS_MODE 0777
#define PR_CTRLS_CL_MODE S_IRWXU

typedef struct cl_obj {
  struct cl_obj *cl_next, *cl_prev;
  pool *cl_pool;
  int cl_fd;
  uid_t cl_uid;
  const char *cl_user;
  gid_t cl_gid;
  const char *cl_group;
  pid_t cl_pid;
  volatile unsigned long cl_flags;
  array_header *cl_ctrls;
} pr_ctrls_cl_t;

#define PR_CTRLS_CL_HAVEREQ 0x001
#define PR_CTRLS_CL_HAVERESP 0x002
#define PR_CTRLS_CL_NOACCESS 0x004
#define PR_CTRLS_CL_NOACTION 0x010
#define PR_CTRLS_CL_BLOCKED 0x020

typedef struct ctrls_obj {
  struct ctrls_obj *ctrls_next, *ctrls_prev;
  unsigned int ctrls_id;
  const module *ctrls_module;
  pr_ctrls_cl_t *ctrls_cl;
  const char *ctrls_action;
  time_t ctrls_when;
  const char *ctrls_desc;
  pool *ctrls_tmp_pool;
  int (*ctrls_cb)(struct ctrls_obj *, int, char **);
  array_header *ctrls_cb_args;
  int ctrls_cb_retval;
  array_header *ctrls_cb_resps;
  void *ctrls_data;
  volatile unsigned long ctrls_flags;
} pr_ctrls_t;

#define PR_CTRLS_REQUESTED 0x00001
#define PR_CTRLS_HANDLED 0x00002
#define PR_CTRLS_PENDING 0x00004
#define PR_CTRLS_ACT_SOLITARY 0x00010
#define PR_CTRLS_ACT_DISABLED 0x00020
#define CTRLS_GET_ACTION_ALL 7
#define CTRLS_GET_ACTION_ENABLED 8
#define CTRLS_GET_DESC 9

int pr_ctrls_register(const module *mod, const char *action, const char *desc, int (*ctrls_cb)(pr_ctrls_t *, int, char **));
int pr_ctrls_unregister(module *mod, const char *action);
int pr_ctrls_add_arg(pr_ctrls_t *ctrl, char *ctrls_arg, size_t ctrls_arglen);
int pr_ctrls_add_response(pr_ctrls_t *ctrl, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
int pr_ctrls_connect(const char *socket_file);
int pr_ctrls_copy_args(pr_ctrls_t *src_ctrl, pr_ctrls_t *dest_ctrl);
int pr_ctrls_copy_resps(pr_ctrls_t *src_ctrl, pr_ctrls_t *dest_ctrl);
int pr_ctrls_flush_response(pr_ctrls_t *ctrl);
int pr_ctrls_parse_msg(pool *msg_pool, char *msg, unsigned int *msgargc, char ***msgargv);
int pr_ctrls_recv_request(pr_ctrls_cl_t *cl);
int pr_ctrls_recv_response(pool *resp_pool, int ctrls_sockfd, int *status, char ***respargv);
int pr_ctrls_send_msg(int sockfd, int msgstatus, unsigned int msgargc, char **msgargv);
int pr_ctrls_issock_unix(mode_t sock_mode);
int pr_ctrls_accept(int sockfd, uid_t *uid, gid_t *gid, pid_t *pid, unsigned int max_age);
int pr_get_registered_actions(pr_ctrls_t *ctrl, int flags);
int pr_set_registered_actions(module *mod, const char *action, unsigned char skip_disabled, unsigned int flags);
void pr_block_ctrls(void);
void pr_unblock_ctrls(void);
int pr_ctrls_check_actions(void);
int pr_run_ctrls(module *mod, const char *action);
int pr_ctrls_reset(void);
pr_ctrls_t *pr_ctrls_alloc(void);
int pr_ctrls_free(pr_ctrls_t *ctrl);
void init_ctrls(void);
int init_ctrls2(const char *socket_path);

#endif
