/* prxs SDK: ProFTPD 1.3.8 module ABI -- logging: syslog, the system log, per-module log files and wtmp. */

#ifndef PR_LOG_H
#define PR_LOG_H

#include <lastlog.h>
#include <paths.h>

/* Debug levels for pr_log_debug() */
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

/* pr_log_openfile() results and the mode of files it creates */
#define PR_LOG_WRITABLE_DIR -2
#define PR_LOG_SYMLINK -3
#define PR_LOG_SYSTEM_MODE 0640

/* Log kinds and their event names */
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

/* pr_log_set_options() flags */
#define PR_LOG_OPT_USE_TIMESTAMP 0x0001
#define PR_LOG_OPT_USE_HOSTNAME 0x0002
#define PR_LOG_OPT_USE_VHOST 0x0004
#define PR_LOG_OPT_USE_ROLE_BASED_PROCESS_LABELS 0x0008
#define PR_LOG_OPT_DEFAULT (PR_LOG_OPT_USE_TIMESTAMP|PR_LOG_OPT_USE_HOSTNAME|PR_LOG_OPT_USE_VHOST)

/* Data passed with log events */
typedef struct log_event {
  unsigned int log_type;
  int log_fd;
  int log_level;
  const char *log_msg;
  size_t log_msglen;
} pr_log_event_t;

/* Log files of modules */
int pr_log_openfile(const char *, int *, mode_t);
int pr_log_vwritefile(int, const char *, const char *, va_list);
int pr_log_writefile(int, const char *, const char *, ...) __attribute__ ((format (printf, 3, 4)));

/* Syslog and the system log */
void log_closesyslog(void);
void log_discard(void);
int log_getfacility(void);
int log_opensyslog(const char *);
void log_setfacility(int);
void log_stderr(int);
void pr_log_auth(int, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_log_debug(int, const char *, ...) __attribute__ ((format (printf, 2, 3)));
void pr_log_pri(int, const char *, ...) __attribute__ ((format (printf, 2, 3)));
int pr_log_set_options(unsigned long);
int pr_log_setdebuglevel(int);
int pr_log_setdefaultlevel(int);
void pr_log_stacktrace(int, const char *);
int pr_log_str2sysloglevel(const char *);

/* Login records */
int log_lastlog(uid_t, const char *, const char *, const pr_netaddr_t *);
int log_wtmp(const char *, const char *, const char *, const pr_netaddr_t *);

/* Log events and start-up */
void init_log(void);
int pr_log_event_generate(unsigned int, int, int, const char *, size_t);
int pr_log_event_listening(unsigned int);

#endif
