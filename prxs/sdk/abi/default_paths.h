/* prxs SDK: ProFTPD 1.3.8 module ABI -- fallback file locations not set by the build configuration. */

#ifndef PROFTPD_PATHS_H
#define PROFTPD_PATHS_H
#ifndef PR_CORE_DIR
#define PR_CORE_DIR PR_RUN_DIR
#endif
#ifndef PR_VALID_SHELL_PATH
#define PR_VALID_SHELL_PATH "/etc/shells"
#endif
#ifndef PR_XFERLOG_PATH
#define PR_XFERLOG_PATH "/var/log/xferlog"
#endif
#ifndef PR_SHUTMSG_PATH
#define PR_SHUTMSG_PATH "/etc/shutmsg"
#endif
#ifndef PR_FTPUSERS_PATH
#define PR_FTPUSERS_PATH "/etc/ftpusers"
#endif
#endif
