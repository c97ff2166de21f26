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

void pr_signals_handle(void) {
  /* The host acts on signals in its main loops; nothing is pending here. */
}
