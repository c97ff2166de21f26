/*
 * prxs shim host: the Controls API shared by ctrls.c (the socket),
 * ctrls_acl.c (access lists), mod_ctrls.c (directives) and dso_ctrls.c
 * (mod_dso's insmod, lsmod and rmmod actions).
 */

#ifndef PRXS_CTRLS_H
#define PRXS_CTRLS_H

#include "host.h"

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#define MOD_CTRLS_VERSION	"mod_ctrls/0.9.5"

/* Limits of proftpd's wire protocol (src/ctrls.c): a request carries at
 * most 32 words, the action under 128 bytes, each argument at most 256,
 * all printable.
 */
#define CTRLS_MAX_NREQARGS	32
#define CTRLS_MAX_ACTIONLEN	127
#define CTRLS_MAX_REQARGLEN	256

/* A client must send its whole request (and read the reply) in this time. */
#define CTRLS_CLIENT_TIMEOUT_MS	2000
#define CTRLS_DEFAULT_MAX_CLIENTS 32

/* The actions mod_dso implements, as bits of host_ctrls_acl.actions. */
#define CTRLS_ACT_INSMOD	0x01
#define CTRLS_ACT_LSMOD		0x02
#define CTRLS_ACT_RMMOD		0x04

struct host_ctrls_acl {
  unsigned int actions;		/* the actions it governs (bits) */
  int allow;			/* allow: listed ids pass; deny: they fail */
  int is_group;			/* ids are gids, else uids */
  int everyone;			/* the list was "*" */
  unsigned int nids;
  unsigned int *ids;
};

struct host_ctrls_caller {
  uid_t uid;
  gid_t gid;
  pid_t pid;
};

struct host_ctrls_reply {
  pool *pool;
  array_header *lines;
  int status;			/* 0, or -1 when any line reports an error */
};

/* ctrls.c */
void host_ctrls_reply_add(struct host_ctrls_reply *reply, const char *fmt,
  ...) __attribute__ ((format (printf, 2, 3)));

/* ctrls_socket.c */
int host_ctrls_listen_fd(void);
const char *host_ctrls_socket_file(void);
void host_ctrls_close_listener(int unlink_socket);

/* ctrls_acl.c */
char *host_ctrls_acl_parse(pool *p, const char *actions,
  const char *const *names, const char *allow, const char *kind,
  const char *list, struct host_ctrls_acl **acl);
int host_ctrls_acl_allows(xaset_t *conf, const char *param,
  unsigned int action, const struct host_ctrls_caller *caller);
int host_ctrls_acl_configured(xaset_t *conf, const char *param);

/* mod_ctrls.c: the configuration in force */
int host_ctrls_max_clients(void);
const char *host_ctrls_socket_path(void);
int host_ctrls_socket_owner(uid_t *uid, gid_t *gid, mode_t *mode);

/* ctrls_registry.c: ProFTPD's registry of control actions */
#include "ctrls.h"
#include "mod_ctrls.h"
#include <poll.h>
int host_ctrls_registry_run(int fd, int argc, char **argv,
  const struct host_ctrls_caller *caller, struct host_ctrls_reply *reply,
  int *sent);
int host_ctrls_write_msg(int fd, int status, unsigned int n, char **lines);
void host_ctrls_registry_init(void);
void host_ctrls_registry_restart(void);
void host_ctrls_registry_drop_module(const module *m);
modret_t *host_ctrls_set_acls(cmd_rec *cmd);
modret_t *host_ctrls_set_log(cmd_rec *cmd);
extern module ctrls_module;

/* dso_ctrls.c: returns -1 when it has no such action. */
int host_dso_ctrls_handle(int argc, char **argv,
  const struct host_ctrls_caller *caller, struct host_ctrls_reply *reply);

#endif /* PRXS_CTRLS_H */
