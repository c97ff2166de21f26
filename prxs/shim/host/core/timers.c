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
 *
 * Modules' timers (pr_timer_add) share the alarm: their callbacks run in
 * the session's normal flow, as proftpd's do from pr_signals_handle() (the
 * command loop's read, a module calling pr_signals_handle()), never from
 * the signal handler.  The built-in timers answer to proftpd's numbers
 * (PR_TIMER_IDLE etc.) for pr_timer_reset/pr_timer_remove.
 */

#include "host.h"
#include "host_cmd.h"

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

/* proftpd's timer numbers for the built-in timers, and their owners. */
static const int timer_numbers[TIMER_COUNT] = {
  PR_TIMER_IDLE, PR_TIMER_LOGIN, PR_TIMER_NOXFER, PR_TIMER_STALLED,
  PR_TIMER_SESSION
};

static module *timer_owner(int which) {
  switch (which) {
    case TIMER_IDLE: return &core_module;
    case TIMER_NOXFER: return &xfer_module;
    case TIMER_STALLED: return NULL;
    default: return &auth_module;
  }
}

/* A module's timer. */
struct mod_timer {
  struct mod_timer *next;
  long interval;		/* seconds */
  long long started;		/* ms, CLOCK_MONOTONIC */
  long long deadline;		/* ms */
  int timerno;
  module *mod;
  callback_t cb;
  const char *desc;
  int remove;			/* removed while the callbacks ran */
};

#define TIMER_DYNAMIC_FIRST	1024

static struct mod_timer *mod_timers = NULL, *mod_timers_free = NULL;
static pool *mod_timer_pool = NULL;
static int mod_timers_running = 0;
static int mod_timer_next_no = TIMER_DYNAMIC_FIRST;
static int timers_handler_installed = FALSE;

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

  struct mod_timer *t;

  for (i = 0; i < TIMER_COUNT; i++) {
    if (timer_deadline[i] != 0 && (next == 0 || timer_deadline[i] < next)) {
      next = timer_deadline[i];
    }
  }
  for (t = mod_timers; t != NULL; t = t->next) {
    if (!t->remove && (next == 0 || t->deadline < next)) {
      next = t->deadline;
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

/* Run the first expired built-in timer, if any (does not return then). */
static void timers_check_builtin(void) {
  long long now = timer_now();
  int i, first = -1;

  for (i = 0; i < TIMER_COUNT; i++) {
    if (timer_deadline[i] != 0 && timer_deadline[i] <= now &&
        (first < 0 || timer_deadline[i] < timer_deadline[first])) {
      first = i;
    }
  }
  if (first >= 0) {
    timer_expired(first);
  }
}

/* At a safe point: the expired built-in timer's action (it ends the
 * session), then the callbacks of the modules' expired timers.
 */
void host_timers_check(void) {
  timer_pending = 0;
  timers_check_builtin();
  host_timers_run_modules();
  timers_arm();
}

int host_timers_pending(void) {
  return timer_pending;
}

static void timers_sigalrm(int signo) {
  (void) signo;
  timer_pending = 1;
  if (host_timers_safe) {
    /* Only the built-in timers' actions run here; modules' callbacks wait
     * for the next safe point in the normal flow. */
    timers_check_builtin();
    timers_arm();
  }
}

static void timers_install_handler(void) {
  struct sigaction sa;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = timers_sigalrm;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGALRM, &sa, NULL);
  timers_handler_installed = TRUE;
}

/* At session start (before sess_init): the idle, login and no-transfer
 * timers run from the connection on, as in proftpd.
 */
void host_timers_init(void) {
  int i;

  for (i = 0; i < TIMER_COUNT; i++) {
    timer_secs[i] = timer_config(timer_names[i], i);
    timer_deadline[i] = 0;
  }
  timers_install_handler();

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

/* The modules' timers (timers.h), with proftpd's semantics. */

static struct mod_timer *mod_timer_alloc(void) {
  struct mod_timer *t = mod_timers_free;

  if (t != NULL) {
    mod_timers_free = t->next;
    memset(t, 0, sizeof(*t));
    return t;
  }
  if (mod_timer_pool == NULL) {
    mod_timer_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(mod_timer_pool, "Timer Pool");
  }
  return pcalloc(mod_timer_pool, sizeof(struct mod_timer));
}

static void mod_timer_unlink(struct mod_timer *t) {
  struct mod_timer **tp;

  for (tp = &mod_timers; *tp != NULL; tp = &(*tp)->next) {
    if (*tp == t) {
      *tp = t->next;
      t->next = mod_timers_free;
      mod_timers_free = t;
      return;
    }
  }
}

/* Run the callbacks of the modules' expired timers: a callback returning 0
 * ends its timer, any other value starts it again for its interval.
 */
void host_timers_run_modules(void) {
  struct mod_timer *t, *next;
  long long now;

  if (mod_timers == NULL || mod_timers_running) {
    return;
  }
  mod_timers_running++;
  now = timer_now();
  for (t = mod_timers; t != NULL; t = next) {
    next = t->next;
    if (t->remove || t->deadline > now) {
      continue;
    }
    pr_trace_msg("timer", 4, "%ld %s for timer ID %d ('%s', for module '%s') "
      "elapsed, invoking callback", t->interval,
      t->interval != 1 ? "seconds" : "second", t->timerno, t->desc,
      t->mod && t->mod != ANY_MODULE ? t->mod->name : "<none>");
    if (t->cb((unsigned long) t->interval, (unsigned long) t->timerno,
        (unsigned long) ((now - t->started) / 1000), t->mod) == 0) {
      t->remove = 1;
    } else if (!t->remove) {
      t->started = timer_now();
      t->deadline = t->started + t->interval * 1000;
    }
  }
  for (t = mod_timers; t != NULL; t = next) {
    next = t->next;
    if (t->remove) {
      mod_timer_unlink(t);
    }
  }
  mod_timers_running--;
  timers_arm();
}

static int timer_builtin(int timerno) {
  int i;

  for (i = 0; i < TIMER_COUNT; i++) {
    if (timer_numbers[i] == timerno) {
      return i;
    }
  }
  return -1;
}

/* A timer of seconds calling cb; timerno -1 for a new number (from 1024).
 * Returns the timer's number; -1 with EINVAL (no seconds, callback or
 * description) or EPERM (the number is in use).
 */
int pr_timer_add(int seconds, int timerno, module *mod, callback_t cb,
    const char *desc) {
  struct mod_timer *t;
  int which;

  if (seconds <= 0 || cb == NULL || desc == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (timerno >= 0) {
    which = timer_builtin(timerno);
    if (which >= 0 && timer_deadline[which] != 0) {
      errno = EPERM;
      return -1;
    }
    for (t = mod_timers; t != NULL; t = t->next) {
      if (!t->remove && t->timerno == timerno) {
        errno = EPERM;
        return -1;
      }
    }
  } else {
    if (mod_timer_next_no < TIMER_DYNAMIC_FIRST) {
      mod_timer_next_no = TIMER_DYNAMIC_FIRST;
    }
    timerno = mod_timer_next_no++;
  }
  t = mod_timer_alloc();
  t->interval = seconds;
  t->timerno = timerno;
  t->mod = mod;
  t->cb = cb;
  t->desc = desc;
  t->started = timer_now();
  t->deadline = t->started + (long long) seconds * 1000;
  t->next = mod_timers;
  mod_timers = t;
  pr_trace_msg("timer", 7, "added timer ID %d ('%s', for module '%s'), "
    "triggering in %ld %s", timerno, desc,
    mod && mod != ANY_MODULE ? mod->name : "[none]", (long) seconds,
    seconds != 1 ? "seconds" : "second");
  if (!timers_handler_installed) {
    timers_install_handler();
  }
  timers_arm();
  return timerno;
}

static int timer_mod_match(module *owner, module *mod) {
  return mod == ANY_MODULE || owner == mod;
}

/* Remove the timer timerno of mod (ANY_MODULE: of any module); timerno -1:
 * all of mod's timers.  Returns timerno, or for -1 how many were removed;
 * -1 with ENOENT when none matched.
 */
int pr_timer_remove(int timerno, module *mod) {
  struct mod_timer *t, *next;
  int nremoved = 0, i;

  for (i = 0; i < TIMER_COUNT; i++) {
    if ((timerno < 0 || timer_numbers[i] == timerno) &&
        timer_deadline[i] != 0 && timer_mod_match(timer_owner(i), mod)) {
      timer_deadline[i] = 0;
      nremoved++;
      if (timerno >= 0) {
        break;
      }
    }
  }
  for (t = mod_timers; t != NULL && !(timerno >= 0 && nremoved > 0);
      t = next) {
    next = t->next;
    if (t->remove) {
      continue;
    }
    if ((timerno < 0 || t->timerno == timerno) &&
        timer_mod_match(t->mod, mod)) {
      nremoved++;
      if (mod_timers_running) {
        t->remove = 1;
      } else {
        mod_timer_unlink(t);
      }
    }
  }
  if (nremoved == 0) {
    errno = ENOENT;
    return -1;
  }
  timers_arm();
  return timerno >= 0 ? timerno : nremoved;
}

/* Start the timer timerno of mod (ANY_MODULE: any) again for its whole
 * interval.  Returns timerno, 0 when there is no such timer; -1 with EPERM
 * before any timer exists, EINTR from inside a timer's callback.
 */
int pr_timer_reset(int timerno, module *mod) {
  struct mod_timer *t;
  int which = timer_builtin(timerno);

  if (mod_timers == NULL && mod_timer_pool == NULL &&
      !timers_handler_installed) {
    errno = EPERM;
    return -1;
  }
  if (mod_timers_running) {
    errno = EINTR;
    return -1;
  }
  if (which >= 0 && timer_deadline[which] != 0 &&
      timer_mod_match(timer_owner(which), mod)) {
    timer_start(which);
    return timerno;
  }
  for (t = mod_timers; t != NULL; t = t->next) {
    if (!t->remove && t->timerno == timerno && timer_mod_match(t->mod, mod)) {
      t->started = timer_now();
      t->deadline = t->started + t->interval * 1000;
      timers_arm();
      return timerno;
    }
  }
  return 0;
}

/* Sleep for seconds, the session's timers still running (proftpd's
 * pr_timer_sleep: 0, or -1 with EINVAL).
 */
int pr_timer_sleep(int seconds) {
  struct timespec ts;

  if (seconds < 0) {
    errno = EINVAL;
    return -1;
  }
  ts.tv_sec = seconds;
  ts.tv_nsec = 0;
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    pr_signals_handle();
  }
  return 0;
}

int pr_timer_usleep(unsigned long usecs) {
  struct timespec ts;

  if (usecs == 0) {
    errno = EINVAL;
    return -1;
  }
  ts.tv_sec = (time_t) (usecs / 1000000);
  ts.tv_nsec = (long) (usecs % 1000000) * 1000;
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    pr_signals_handle();
  }
  return 0;
}
