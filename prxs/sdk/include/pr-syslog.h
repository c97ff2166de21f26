/* prxs SDK: ProFTPD 1.3.8 module ABI -- the internal syslog client. */

#include "conf.h"
#ifndef PR_SYSLOG_H
#define PR_SYSLOG_H 1

/* Syslog priorities and the default socket path */
#define PR_LOG_EMERG 0
#define PR_LOG_ALERT 1
#define PR_LOG_CRIT 2
#define PR_LOG_ERR 3
#define PR_LOG_WARNING 4
#define PR_LOG_NOTICE 5
#define PR_LOG_INFO 6
#define PR_LOG_DEBUG 7
#define PR_LOG_PRIMASK 7
#define PR_PATH_LOG _PATH_LOG

/* A syslog client that survives chroot */
void pr_closelog(int);
int pr_openlog(const char *, int, int);
int pr_setlogfacility(int);
int pr_setlogmask(int);
void pr_syslog(int, int, const char *, ...);

#endif
