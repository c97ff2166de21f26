/* prxs SDK: ProFTPD 1.3.8 module ABI -- fallback file locations not set by the build configuration. */

#ifndef PROFTPD_PATHS_H
#define PROFTPD_PATHS_H

/* Each may be pre-defined by the build or by a module */

/* Core dumps go to the run directory */
#ifndef PR_CORE_DIR
#define PR_CORE_DIR PR_RUN_DIR
#endif

/* Files in /etc consulted at login */
#ifndef PR_FTPUSERS_PATH
#define PR_FTPUSERS_PATH "/etc/ftpusers"
#endif
#ifndef PR_SHUTMSG_PATH
#define PR_SHUTMSG_PATH "/etc/shutmsg"
#endif
#ifndef PR_VALID_SHELL_PATH
#define PR_VALID_SHELL_PATH "/etc/shells"
#endif

/* The default TransferLog */
#ifndef PR_XFERLOG_PATH
#define PR_XFERLOG_PATH "/var/log/xferlog"
#endif

#endif
