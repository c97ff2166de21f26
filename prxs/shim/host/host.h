/*
 * prxs shim host: internal declarations shared by the host's sources.
 *
 * The host is a stand-in for the ProFTPD core.  It exports the SDK's
 * functions (see prxs/sdk/exports.txt) to modules it loads with dlopen(3).
 * Names declared here are internal to the host and are not exported.
 */

#ifndef PRXS_HOST_H
#define PRXS_HOST_H

#ifndef _GNU_SOURCE
# define _GNU_SOURCE
#endif

#include "conf.h"
#include "privs.h"

#include <ctype.h>

#define PRXS_HOST_NAME		"prxs-shim"
#define MOD_DSO_VERSION		"mod_dso/0.5"

/* Exit codes, as proftpd -t. */
#define HOST_EXIT_OK		0
#define HOST_EXIT_FATAL		1
#define HOST_EXIT_USAGE		2

/* log.c */
void host_log_init(int fd, const char *host_label);
void host_log_set_fd(int fd);
int host_log_get_fd(void);
void host_log_msg(const char *fmt, ...)
  __attribute__ ((format (printf, 1, 2)));
void host_log_raw(const char *buf, size_t len);
int host_progress_open(const char *path);
/* Structured lines for the caller (--reports FILE): "fatal MESSAGE",
 * "ended PID signal N TEXT", "ended PID status N", "sessinit PID MESSAGE". */
int host_report_open(const char *path);
void host_report_crash(const char *line, size_t len);
void host_report(const char *fmt, ...)
#ifdef __GNUC__
  __attribute__((format(printf, 1, 2)))
#endif
  ;
void host_progress_write(void);
void host_progress_push(const char *fmt, ...)
  __attribute__ ((format (printf, 1, 2)));
void host_progress_pop(void);
extern int host_debug_level;

/* pool.c */
void host_pools_init(void);

/* Not in ProFTPD's API (so not in the SDK): host-internal only. */
char *psprintf(pool *, const char *, ...)
  __attribute__ ((format (printf, 2, 3)));

/* config.c */
void host_config_set_ctx(server_rec *s, config_rec *c);
config_rec *host_config_get_ctx(void);
server_rec *host_config_get_server(void);
config_rec *host_config_new(pool *p, xaset_t **set, const char *name,
  int config_type, config_rec *parent, server_rec *s);
server_rec *host_server_new(const char *name, int config_type);
void host_servers_reset(void);
extern xaset_t *server_list;	/* exported, as proftpd's */
extern pid_t mpid;		/* core/globals.c */
extern pr_response_t *resp_list, *resp_err_list;
extern xaset_t *host_global_set;
void host_config_merge_global(void);

/* parser.c */
int host_parse_config(const char *path);
int host_parse_file(const char *path, unsigned int depth);
const char *host_parser_file(void);
unsigned int host_parser_line(void);
void host_parser_set_position(const char *file, unsigned int line);
pool *host_parser_pool(void);
void host_parser_fatal(const char *fmt, ...)
  __attribute__ ((format (printf, 1, 2)));

/* section.c */
int host_section_open(FILE *fh, char **words, int nwords);
int host_section_close(const char *tag);
void host_sections_reset(void);
int host_sections_check_closed(void);
extern const char *host_config_path;

/* modules.c */
extern module *loaded_modules;
extern module *host_static_modules[];
int host_modules_init(void);
int host_modules_sess_init(const char **failed);
int host_module_load(module *m);
int host_module_unload(module *m);
conftable *host_find_conftable(const char *directive, conftable *prev);
int host_modules_reorder(module **order, unsigned int n);
void host_modules_list(int fd, int with_static);
int host_module_is_static(module *m);
extern module *host_curr_module;

/* dso.c */
extern module dso_module;
int host_dso_load(pool *p, const char *name, char **errmsg);
int host_dso_unload(const char *name, char **errmsg);
void host_dso_unload_all(void);

/* main.c, control.c */
void host_master_reap(void);
void host_master_restart(void);
void host_master_shutdown(int code);
unsigned int host_master_sessions(void);
void host_module_init_begin(module *m);
void host_module_init_end(module *m);
void host_control_command(char *line, FILE *ctl_out);

/* ctrls.c, mod_ctrls.c, dso_ctrls.c: the Controls socket (ControlsSocket),
 * served from the master's poll loop; see ctrls.h.
 */
#define HOST_CTRLS_MAX_FDS	257
struct pollfd;
extern module ctrls_module;
int host_ctrls_listen(void);
int host_ctrls_pollfds(struct pollfd *fds, int max, int *timeout_ms);
void host_ctrls_handle(const struct pollfd *fds, int n);
void host_ctrls_close(int unlink_socket);
modret_t *host_dso_set_ctrls_acls(cmd_rec *cmd);
void host_dso_restore_static(void);
void host_events_remove_object(const void *addr);

/* api/netaddr.c */
void host_netaddr_set(pr_netaddr_t *na, const char *ip, int port);

/* la.c */
const char *host_la_resolve(pool *p, const char *la_path, char **err);

/* stamp.c */
#define HOST_STAMP_OK		0
#define HOST_STAMP_NONE		1
#define HOST_STAMP_MISMATCH	2
#define HOST_STAMP_UNREADABLE	3
int host_stamp_check(pool *p, const char *path, const char *name,
  char **msg);
int host_stamp_read(const char *path, char *buf, size_t bufsz, char **why);

/* events */
void host_events_remove_module(module *m);
void host_events_reset(void);

/* response.c */
void host_response_reset(void);
int host_response_flush(int is_error);
void host_response_set_fd(int fd);
int host_response_write(const char *buf, size_t len);
int host_response_release(void);
int host_response_end(const char *marker, size_t len);
int host_response_send_data(const char *buf, size_t len);

/* dispatch.c */
int host_cmd_dispatch(cmd_rec *cmd);
cmd_rec *host_cmd_parse(pool *p, const char *line);
int host_auth_check(cmd_rec *cmd);
extern const char *host_crash_module;
extern const char *host_crash_phase;
extern const char *host_crash_role;
void host_install_crash_handlers(void);
void host_crash_set_context(const char *what);

/* session.c */
void host_session_run(int fd, server_rec *s);
extern const char *host_upload_data;
extern size_t host_upload_len;
int host_session_login(const char *user, struct passwd *pw,
  const char *root);
void host_session_reset_conn(const char *ip, int port, const char *name);
int host_limit_denied(cmd_rec *cmd, const char *path);
const char *host_cmd_dir(cmd_rec *cmd);

/* dirconf.c: session.dir_config for the command about to be dispatched */
void host_dir_config_set(cmd_rec *cmd);

/* timers.c: TimeoutIdle, TimeoutLogin, TimeoutNoTransfer, TimeoutStalled,
 * TimeoutSession in a session process.
 */
extern volatile sig_atomic_t host_timers_safe;
void host_timers_init(void);
void host_timers_check(void);
int host_timers_pending(void);
void host_timers_command(void);
void host_timers_login(void);
void host_timers_transfer(int starting);
modret_t *host_set_timeout(cmd_rec *cmd);

/* section.c: Define */
int host_define_add(const char *name);

/* directives.c: the built-in modules' directives, table-driven */
modret_t *host_set_directive(cmd_rec *cmd);
void host_directives_count(const char *module, unsigned int *stored,
  unsigned int *accepted);

/* mod_standins.c: built-in proftpd modules the shim only parses for */
extern module rlimit_module, auth_unix_module, log_module, delay_module,
  facts_module, auth_pam_module, cap_module, lang_module;

/* sessinfo.c */
void host_session_query(const char *line);

/* auth (mod_auth.c) */
extern module auth_module, auth_file_module;

/* core (mod_core.c, mod_xfer.c) */
extern module core_module, site_module;

/* connlimit.c: MaxInstances, MaxConnectionRate (core directives) */
modret_t *set_maxconnectionrate(cmd_rec *cmd);
modret_t *set_maxinstances(cmd_rec *cmd);
int host_connection_refused(unsigned int nsessions);
extern module xfer_module, ls_module;
extern int host_session_quit;
const char *host_abs_path(pool *p, const char *path);
char *host_session_path(pool *p, const char *path);

#endif /* PRXS_HOST_H */
