/*
 * prxs shim host: signal blocking (signals.h).
 */

#include "host.h"

static void signals_mask(int how) {
  sigset_t set;

  sigemptyset(&set);
  sigaddset(&set, SIGALRM);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigprocmask(how, &set, NULL);
}

void pr_signals_block(void) {
  signals_mask(SIG_BLOCK);
}

void pr_signals_unblock(void) {
  signals_mask(SIG_UNBLOCK);
}

/* The host acts on most signals in its main loops; what is left here is
 * an expired timer (a module's callback, or a built-in timeout), run now
 * as proftpd runs it from pr_signals_handle().
 */
void pr_signals_handle(void) {
  if (host_timers_pending()) {
    host_timers_check();
  }
}
