/* prxs SDK: ProFTPD 1.3.8 module ABI -- lastlog support. */

#ifndef PR_LASTLOG_H
#define PR_LASTLOG_H
#include <lastlog.h>
#include <paths.h>

int log_lastlog(uid_t uid, const char *user_name, const char *tty, const pr_netaddr_t *remote_addr);

#endif
