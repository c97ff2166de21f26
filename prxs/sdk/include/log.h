/* prxs SDK: logging (subset of log.h and pr-syslog.h). */

#ifndef PR_LOG_H
#define PR_LOG_H

#define DEBUG10		10
#define DEBUG9		9
#define DEBUG8		8
#define DEBUG7		7
#define DEBUG6		6
#define DEBUG5		5
#define DEBUG4		4
#define DEBUG3		3
#define DEBUG2		2
#define DEBUG1		1
#define DEBUG0		0

/* pr_log_openfile() results besides 0 and -1. */
#define PR_LOG_WRITABLE_DIR	-2
#define PR_LOG_SYMLINK		-3

#define PR_LOG_SYSTEM_MODE	0640

#define PR_LOG_EMERG		LOG_EMERG
#define PR_LOG_ALERT		LOG_ALERT
#define PR_LOG_CRIT		LOG_CRIT
#define PR_LOG_ERR		LOG_ERR
#define PR_LOG_WARNING		LOG_WARNING
#define PR_LOG_NOTICE		LOG_NOTICE
#define PR_LOG_INFO		LOG_INFO
#define PR_LOG_DEBUG		LOG_DEBUG

int pr_log_openfile(const char *, int *, mode_t);

int pr_log_writefile(int, const char *, const char *, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 3, 4)));
#else
  ;
#endif

int pr_log_vwritefile(int, const char *, const char *, va_list ap);

void pr_log_pri(int, const char *, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 2, 3)));
#else
  ;
#endif

void pr_log_auth(int, const char *, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 2, 3)));
#else
  ;
#endif

void pr_log_debug(int, const char *, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 2, 3)));
#else
  ;
#endif

int pr_log_setdebuglevel(int);

#endif /* PR_LOG_H */
