/* prxs SDK: ProFTPD 1.3.8 module ABI -- the PidFile. */

#ifndef PR_PIDFILE_H
#define PR_PIDFILE_H

/* The daemon's PID file */
const char *pr_pidfile_get(void);
int pr_pidfile_remove(void);
int pr_pidfile_set(const char *);
int pr_pidfile_write(void);

#endif
