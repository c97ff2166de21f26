/* prxs SDK: ProFTPD 1.3.8 module ABI -- logging: syslog, the system log, per-module log files and wtmp. */

#ifndef PR_LOG_H
#define PR_LOG_H
#define DEBUG10 10
#define DEBUG9 9
#define DEBUG8 8
#define DEBUG7 7
#define DEBUG6 6
#define DEBUG5 5
#define DEBUG4 4
#define DEBUG3 3
#define DEBUG2 2
#define DEBUG1 1
#define DEBUG0 0
#define PR_LOG_WRITABLE_DIR -2
#define PR_LOG_SYMLINK -3
#define PR_LOG_SYSTEM_MODE 0640
#include <lastlog.h>
#include <paths.h>

int log_lastlog(uid_t uid, const char *user_name, const char *tty, const pr_netaddr_t *remote_addr);
int log_wtmp(const char *, const char *, const char *, const pr_netaddr_t *);
int pr_log_openfile(const char *, int *, mode_t);
int pr_log_writefile(int, const char *, const char *, ...) __attribute__ ((format (printf, 3, 4)));
int pr_log_vwritefile(int, const char *, const char *, va_list ap);
void log_closesyslog(void);
int log_opensyslog(const char *);
int log_getfacility(void);
void log_setfacility(int);
void pr_log_pri(int, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_log_auth(int, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_log_debug(int, const char *, ...) __attribute__ ((format (printf, 2, 3)));
int pr_log_setdebuglevel(int);
int pr_log_setdefaultlevel(int);
void log_stderr(int);
void log_discard(void);
void init_log(void);
int pr_log_str2sysloglevel(const char *);
typedef struct log_event {
  unsigned int log_type;
  int log_fd;
  int log_level;
  const char *log_msg;
  size_t log_msglen;
} pr_log_event_t;

#define PR_LOG_TYPE_UNSPEC 0
#define PR_LOG_NAME_UNSPEC "core.log.unspec"
#define PR_LOG_TYPE_XFERLOG 1
#define PR_LOG_NAME_XFERLOG "core.log.xferlog"
#define PR_LOG_TYPE_SYSLOG 2
#define PR_LOG_NAME_SYSLOG "core.log.syslog"
#define PR_LOG_TYPE_SYSTEMLOG 3
#define PR_LOG_NAME_SYSTEMLOG "core.log.systemlog"
#define PR_LOG_TYPE_EXTLOG 4
#define PR_LOG_NAME_EXTLOG "core.log.extendedlog"
#define PR_LOG_TYPE_TRACELOG 5
#define PR_LOG_NAME_TRACELOG "core.log.tracelog"

int pr_log_event_generate(unsigned int log_type, int log_fd, int log_level, const char *log_msg, size_t log_msglen);
int pr_log_event_listening(unsigned int log_type);
void pr_log_stacktrace(int fd, const char *name);
int pr_log_set_options(unsigned long log_opts);

#define PR_LOG_OPT_USE_TIMESTAMP 0x0001
#define PR_LOG_OPT_USE_HOSTNAME 0x0002
#define PR_LOG_OPT_USE_VHOST 0x0004
#define PR_LOG_OPT_USE_ROLE_BASED_PROCESS_LABELS 0x0008
#define PR_LOG_OPT_DEFAULT (PR_LOG_OPT_USE_TIMESTAMP|PR_LOG_OPT_USE_HOSTNAME|PR_LOG_OPT_USE_VHOST)
#endif
