/*
 * prxs shim host: the daemon's bookkeeping of its session processes
 * (child_count, child_signal, child_update) over the master's own list,
 * and pr_getopt_reset().
 *
 * In the master, the children are the sessions it forked; in a session
 * there are none (as in proftpd, whose list is the daemon's).
 */

#include "host.h"

void host_master_signal_sessions(int signo);

unsigned long child_count(void) {
  if (getpid() != mpid) {
    return 0;
  }
  return (unsigned long) host_master_sessions();
}

void child_signal(int signo) {
  if (getpid() != mpid) {
    return;
  }
  host_master_signal_sessions(signo);
}

void child_update(void) {
  if (getpid() != mpid) {
    return;
  }
  host_master_reap();
}

/* Ready getopt(3) for another argument list (glibc: optind 0 restarts it),
 * with POSIXLY_CORRECT so options stop at the first operand, as proftpd.
 */
void pr_getopt_reset(void) {
  opterr = 0;
  optind = 0;
  if (pr_env_get(permanent_pool, "POSIXLY_CORRECT") == NULL) {
    pr_env_set(permanent_pool, "POSIXLY_CORRECT", "1");
  }
}
