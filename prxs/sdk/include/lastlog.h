/* prxs SDK: ProFTPD 1.3.8 module ABI -- lastlog support. */

#ifndef PR_LASTLOG_H
#define PR_LASTLOG_H

#include <lastlog.h>
#include <paths.h>

/* Recording a login in lastlog */
int log_lastlog(uid_t, const char *, const char *, const pr_netaddr_t *);

#endif
