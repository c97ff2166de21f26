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

/* SIGUSR2 is proftpd's "event" signal: its handler only notes it, and
 * pr_signals_handle() generates core.signal.USR2 (mod_shaper tells its
 * sessions to re-read their share this way).
 */
static volatile sig_atomic_t signals_event = 0;

static void signals_event_handler(int signo) {
  (void) signo;
  signals_event = 1;
}

/* Sessions and the master, as proftpd installs it in both. */
void host_signals_events_init(void) {
  struct sigaction sa;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = signals_event_handler;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR2, &sa, NULL);
}

int host_signals_event_pending(void) {
  return signals_event != 0;
}

/* The host acts on most signals in its main loops; what is left here is
 * an expired timer (a module's callback, or a built-in timeout), run now
 * as proftpd runs it from pr_signals_handle(), and a SIGUSR2.
 */
void pr_signals_handle(void) {
  if (signals_event) {
    signals_event = 0;
    pr_event_generate("core.signal.USR2", NULL);
  }
  if (host_timers_pending()) {
    host_timers_check();
  }
}
