/*
 * prxs shim host: the session timers (TimeoutIdle, TimeoutLogin,
 * TimeoutNoTransfer, TimeoutStalled, TimeoutSession), with proftpd 1.3.8's
 * defaults, 421 replies, events and log lines.
 *
 * One SIGALRM (alarm(2)) is armed for the earliest deadline.  When it fires
 * while the session waits for a command, or while a command is being
 * dispatched (a handler that never returns), the expired timer's action runs
 * from the signal handler: the 421 reply, the log line, and the end of the
 * session.  Elsewhere it is left pending until the next safe point.
 */

#include "host.h"

#include <sys/time.h>
#include <time.h>

#define TIMER_IDLE	0
#define TIMER_LOGIN	1
#define TIMER_NOXFER	2
#define TIMER_STALLED	3
#define TIMER_SESSION	4
#define TIMER_COUNT	5

static const char *timer_names[TIMER_COUNT] = {
  "TimeoutIdle", "TimeoutLogin", "TimeoutNoTransfer", "TimeoutStalled",
  "TimeoutSession"
};

/* proftpd's PR_TUNABLE_TIMEOUT* defaults; TimeoutSession has none. */
static const int timer_defaults[TIMER_COUNT] = { 600, 300, 300, 3600, 0 };

static int timer_secs[TIMER_COUNT];
/* Deadlines in milliseconds of CLOCK_MONOTONIC; 0 when not running. */
static long long timer_deadline[TIMER_COUNT];
static volatile sig_atomic_t timer_pending = 0;
volatile sig_atomic_t host_timers_safe = 0;

static long long timer_now(void) {
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One real-time interval timer for the earliest deadline (re-arming never
 * pushes a deadline back).
 */
static void timers_arm(void) {
  long long now = timer_now(), next = 0, left;
  struct itimerval it;
  int i;

  for (i = 0; i < TIMER_COUNT; i++) {
    if (timer_deadline[i] != 0 && (next == 0 || timer_deadline[i] < next)) {
      next = timer_deadline[i];
    }
  }
  memset(&it, 0, sizeof(it));
  if (next != 0) {
    left = next > now ? next - now : 1;
    it.it_value.tv_sec = (time_t) (left / 1000);
    it.it_value.tv_usec = (suseconds_t) (left % 1000) * 1000;
  }
  setitimer(ITIMER_REAL, &it, NULL);
}

static int timer_config(const char *name, int which) {
  int *secs = get_param_ptr(main_server->conf, name, FALSE);

  return secs != NULL ? *secs : timer_defaults[which];
}

static void timer_start(int which) {
  if (timer_secs[which] > 0) {
    timer_deadline[which] = timer_now() + (long long) timer_secs[which] * 1000;
  } else {
    timer_deadline[which] = 0;
  }
  timers_arm();
}

static void timer_expired(int which) {
  int secs = timer_secs[which];

  host_timers_safe = 0;
  memset(timer_deadline, 0, sizeof(timer_deadline));
  timers_arm();
  pr_log_debug(DEBUG4, "%s (%d %s) reached", timer_names[which], secs,
    secs != 1 ? "seconds" : "second");
  switch (which) {
    case TIMER_IDLE:
      pr_event_generate("core.timeout-idle", NULL);
      pr_response_send_async(R_421,
        _("Idle timeout (%d seconds): closing control connection"), secs);
      pr_log_pri(PR_LOG_INFO, "%s", "Client session idle timeout, "
        "disconnected");
      pr_session_disconnect(&core_module, PR_SESS_DISCONNECT_TIMEOUT,
        "TimeoutIdle");
      break;

    case TIMER_LOGIN:
      pr_response_send_async(R_421,
        _("Login timeout (%d %s): closing control connection"), secs,
        secs != 1 ? "seconds" : "second");
      pr_log_pri(PR_LOG_INFO, "%s", "Login timeout exceeded, disconnected");
      pr_event_generate("core.timeout-login", NULL);
      pr_session_disconnect(&auth_module, PR_SESS_DISCONNECT_TIMEOUT,
        "TimeoutLogin");
      break;

    case TIMER_NOXFER:
      pr_event_generate("core.timeout-no-transfer", NULL);
      pr_response_send_async(R_421,
        _("No transfer timeout (%d seconds): closing control connection"),
        secs);
      pr_log_pri(PR_LOG_NOTICE, "%s", "FTP no transfer timeout, "
        "disconnected");
      pr_session_disconnect(&xfer_module, PR_SESS_DISCONNECT_TIMEOUT,
        "TimeoutNoTransfer");
      break;

    case TIMER_STALLED:
      pr_event_generate("core.timeout-stalled", NULL);
      pr_log_pri(PR_LOG_NOTICE, "Data transfer stall timeout: %d %s", secs,
        secs != 1 ? "seconds" : "second");
      pr_session_disconnect(NULL, PR_SESS_DISCONNECT_TIMEOUT,
        "TimeoutStalled during data transfer");
      break;

    case TIMER_SESSION:
    default:
      pr_event_generate("core.timeout-session", NULL);
      pr_response_send_async(R_421,
        _("Session Timeout (%d seconds): closing control connection"), secs);
      pr_log_pri(PR_LOG_INFO, "%s", "FTP session timed out, disconnected");
      pr_session_disconnect(&auth_module, PR_SESS_DISCONNECT_TIMEOUT,
        "TimeoutSession");
      break;
  }
  /* pr_session_disconnect() does not return. */
  _exit(0);
}

/* Run the first expired timer, if any (does not return then). */
void host_timers_check(void) {
  long long now = timer_now();
  int i, first = -1;

  timer_pending = 0;
  for (i = 0; i < TIMER_COUNT; i++) {
    if (timer_deadline[i] != 0 && timer_deadline[i] <= now &&
        (first < 0 || timer_deadline[i] < timer_deadline[first])) {
      first = i;
    }
  }
  if (first >= 0) {
    timer_expired(first);
  }
  timers_arm();
}

int host_timers_pending(void) {
  return timer_pending;
}

static void timers_sigalrm(int signo) {
  (void) signo;
  timer_pending = 1;
  if (host_timers_safe) {
    host_timers_check();
  }
}

/* At session start (before sess_init): the idle, login and no-transfer
 * timers run from the connection on, as in proftpd.
 */
void host_timers_init(void) {
  struct sigaction sa;
  int i;

  for (i = 0; i < TIMER_COUNT; i++) {
    timer_secs[i] = timer_config(timer_names[i], i);
    timer_deadline[i] = 0;
  }
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = timers_sigalrm;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGALRM, &sa, NULL);

  timer_start(TIMER_IDLE);
  timer_start(TIMER_LOGIN);
  timer_start(TIMER_NOXFER);
}

/* A command was read: TimeoutIdle starts again. */
void host_timers_command(void) {
  timer_start(TIMER_IDLE);
}

/* Logged in: TimeoutLogin ends, TimeoutSession (if set) begins. */
void host_timers_login(void) {
  timer_deadline[TIMER_LOGIN] = 0;
  if (timer_secs[TIMER_SESSION] > 0) {
    pr_log_debug(DEBUG4, "setting TimeoutSession of %d seconds for current "
      "session", timer_secs[TIMER_SESSION]);
  }
  timer_start(TIMER_SESSION);
}

/* A data transfer starts (TimeoutNoTransfer restarts, TimeoutStalled runs)
 * or ends (TimeoutStalled stops).
 */
void host_timers_transfer(int starting) {
  if (starting) {
    timer_deadline[TIMER_NOXFER] = 0;
    timer_start(TIMER_STALLED);
  } else {
    timer_deadline[TIMER_STALLED] = 0;
    timer_start(TIMER_NOXFER);
  }
}

/* usage: TimeoutIdle|TimeoutLogin|TimeoutNoTransfer|TimeoutStalled|
 *        TimeoutSession seconds
 */
/* A duration as proftpd's pr_str_get_duration(): "N", "Ns", "Nm", "Nh" or
 * "hh:mm:ss"; -1 if it is none of those.
 */
static long timer_parse_duration(const char *text) {
  unsigned int h, m, s;
  char unit = '\0', extra;
  long n;

  if (sscanf(text, "%2u:%2u:%2u%c", &h, &m, &s, &extra) == 3) {
    return (long) h * 3600 + m * 60 + s;
  }
  if (!isdigit((unsigned char) *text) || strlen(text) > 9) {
    return -1;
  }
  n = strtol(text, NULL, 10);
  while (isdigit((unsigned char) *text)) {
    text++;
  }
  if (*text != '\0') {
    unit = (char) tolower((unsigned char) *text);
    if (text[1] != '\0') {
      return -1;
    }
  }
  switch (unit) {
    case '\0': case 's': return n;
    case 'm': return n * 60;
    case 'h': return n * 3600;
    default: return -1;
  }
}

/* usage: TimeoutIdle|TimeoutLogin|TimeoutNoTransfer|TimeoutStalled|
 *        TimeoutSession duration
 */
modret_t *host_set_timeout(cmd_rec *cmd) {
  long secs;
  config_rec *c;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON);

  secs = timer_parse_duration(cmd->argv[1]);
  if (secs < 0 || secs > 0x7fffffffL) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "error parsing timeout value '",
      cmd->argv[1], "': ", strerror(EINVAL), NULL));
  }
  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(int));
  *((int *) c->argv[0]) = (int) secs;
  c->flags |= CF_MERGEDOWN;
  return PR_HANDLED(cmd);
}
