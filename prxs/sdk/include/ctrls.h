/* prxs SDK: ProFTPD 1.3.8 module ABI -- the controls (ftpdctl) channel: requests, responses and actions. */

#ifndef PR_CTRLS_H
#define PR_CTRLS_H

#include <sys/un.h>
#include "conf.h"

/* Socket permissions */
#define PR_CTRLS_MODE 0777
#define PR_CTRLS_CL_MODE S_IRWXU

/* Client state flags */
#define PR_CTRLS_CL_HAVEREQ 0x001
#define PR_CTRLS_CL_HAVERESP 0x002
#define PR_CTRLS_CL_NOACCESS 0x004
#define PR_CTRLS_CL_NOACTION 0x010
#define PR_CTRLS_CL_BLOCKED 0x020

/* Request and action state flags */
#define PR_CTRLS_REQUESTED 0x00001
#define PR_CTRLS_HANDLED 0x00002
#define PR_CTRLS_PENDING 0x00004
#define PR_CTRLS_ACT_SOLITARY 0x00010
#define PR_CTRLS_ACT_DISABLED 0x00020

/* What pr_get_registered_actions() lists */
#define CTRLS_GET_ACTION_ALL 7
#define CTRLS_GET_ACTION_ENABLED 8
#define CTRLS_GET_DESC 9

/* A client connected to the controls socket */
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

/* One controls request or registered action */
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

/* Registering actions */
void pr_block_ctrls(void);
int pr_ctrls_check_actions(void);
int pr_ctrls_register(const module *, const char *, const char *, int (*)(pr_ctrls_t *, int, char **));
int pr_ctrls_unregister(module *, const char *);
int pr_get_registered_actions(pr_ctrls_t *, int);
int pr_set_registered_actions(module *, const char *, unsigned char, unsigned int);
void pr_unblock_ctrls(void);

/* Building and sending messages */
int pr_ctrls_add_arg(pr_ctrls_t *, char *, size_t);
int pr_ctrls_add_response(pr_ctrls_t *, const char *, ...) __attribute__ ((format (printf, 2, 3)));
int pr_ctrls_copy_args(pr_ctrls_t *, pr_ctrls_t *);
int pr_ctrls_copy_resps(pr_ctrls_t *, pr_ctrls_t *);
int pr_ctrls_flush_response(pr_ctrls_t *);
int pr_ctrls_parse_msg(pool *, char *, unsigned int *, char ***);
int pr_ctrls_recv_request(pr_ctrls_cl_t *);
int pr_ctrls_recv_response(pool *, int, int *, char ***);
int pr_ctrls_send_msg(int, int, unsigned int, char **);

/* The control socket */
int pr_ctrls_accept(int, uid_t *, gid_t *, pid_t *, unsigned int);
int pr_ctrls_connect(const char *);
int pr_ctrls_issock_unix(mode_t);

/* Running requests and managing records */
void init_ctrls(void);
int init_ctrls2(const char *);
pr_ctrls_t *pr_ctrls_alloc(void);
int pr_ctrls_free(pr_ctrls_t *);
int pr_ctrls_reset(void);
int pr_run_ctrls(module *, const char *);

#endif
