/*
 * prxs shim host: the master process.
 *
 *   prxs-shim-host -l                      list static modules
 *   prxs-shim-host -t -c CONF              check CONF, exit as proftpd -t
 *   prxs-shim-host --list-loaded -c CONF   load CONF, list loaded modules
 *   prxs-shim-host --serve SOCK -c CONF [--log FILE] [-d N]
 *   prxs-shim-host --stamp FILE            print a module's target stamp
 *
 * In --serve mode the master listens on a Unix socket and forks one child
 * per connection (a session, see session.c).  It reads control commands on
 * stdin (see control.c).  EOF on stdin stops the host, as does SIGTERM;
 * SIGHUP re-reads the configuration.
 */

#include "host.h"
#include "host_ctrls.h"
#include "host_scoreboard.h"

#include <dirent.h>
#include <getopt.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>

static volatile sig_atomic_t got_sighup = 0, got_sigchld = 0,
  got_sigterm = 0;
static int sig_pipe[2] = { -1, -1 };
static const char *serve_path = NULL;
static unsigned int nsessions = 0;

unsigned int host_master_sessions(void) {
  host_master_reap();
  return nsessions;
}

/* The control channel (the caller's pipe).  In --serve mode stdout itself
 * goes to the log, so a module that prints cannot corrupt the channel.
 */
static FILE *ctl_out = NULL;

/* Live session pids: the master signals only its own children, never a
 * process group it might share with whoever started it.
 */
static pid_t *session_pids = NULL;
static unsigned int session_pids_sz = 0;

static void sessions_add(pid_t pid) {
  unsigned int i;

  for (i = 0; i < session_pids_sz; i++) {
    if (session_pids[i] == 0) {
      session_pids[i] = pid;
      return;
    }
  }
  session_pids = realloc(session_pids,
    (session_pids_sz + 16) * sizeof(pid_t));
  if (session_pids == NULL) {
    session_pids_sz = 0;
    return;
  }
  memset(session_pids + session_pids_sz, 0, 16 * sizeof(pid_t));
  session_pids[session_pids_sz] = pid;
  session_pids_sz += 16;
}

static void sessions_remove(pid_t pid) {
  unsigned int i;

  for (i = 0; i < session_pids_sz; i++) {
    if (session_pids[i] == pid) {
      session_pids[i] = 0;
      return;
    }
  }
}

static void sessions_signal(int signo) {
  unsigned int i;

  for (i = 0; i < session_pids_sz; i++) {
    if (session_pids[i] > 0) {
      kill(session_pids[i], signo);
    }
  }
}

void host_ipbind_init(void);
void host_signals_events_init(void);
int host_signals_event_pending(void);

/* child_signal(): every session the master tracks. */
void host_master_signal_sessions(int signo) {
  sessions_signal(signo);
}

/* Children that a module's init() leaves behind: the pids before and after
 * it ran (from /proc/self/task/<tid>/children), compared.  Sessions are
 * children too, so only new pids count.
 */
#define HOST_MAX_CHILDREN	256

static pid_t init_children[HOST_MAX_CHILDREN];
static unsigned int init_nchildren = 0;

static unsigned int host_list_children(pid_t *pids, unsigned int max) {
  DIR *dir = opendir("/proc/self/task");
  struct dirent *de;
  unsigned int n = 0;

  if (dir == NULL) {
    return 0;
  }
  while ((de = readdir(dir)) != NULL && n < max) {
    char path[64];
    FILE *fh;
    unsigned long pid;

    if (de->d_name[0] == '.') {
      continue;
    }
    snprintf(path, sizeof(path), "/proc/self/task/%.20s/children", de->d_name);
    fh = fopen(path, "re");
    if (fh == NULL) {
      continue;
    }
    while (n < max && fscanf(fh, "%lu", &pid) == 1) {
      pids[n++] = (pid_t) pid;
    }
    fclose(fh);
  }
  closedir(dir);
  return n;
}

/* Whether this process has any child (running or not), in one syscall. */
static int host_has_children(void) {
  siginfo_t si;

  memset(&si, 0, sizeof(si));
  return waitid(P_ALL, 0, &si, WEXITED|WNOHANG|WNOWAIT) == 0;
}

void host_module_init_begin(module *m) {
  host_progress_push("init mod_%s.c", m->name);
  /* Usually there is no child at all: then any child afterwards is new,
   * and /proc need not be read.
   */
  init_nchildren = host_has_children() ?
    host_list_children(init_children, HOST_MAX_CHILDREN) : 0;
}

void host_module_init_end(module *m) {
  pid_t now[HOST_MAX_CHILDREN];
  unsigned int i, j, n;

  if (init_nchildren == 0 && !host_has_children()) {
    host_progress_pop();
    return;
  }
  n = host_list_children(now, HOST_MAX_CHILDREN);

  for (i = 0; i < n; i++) {
    for (j = 0; j < init_nchildren && init_children[j] != now[i]; j++);
    if (j == init_nchildren) {
      host_log_msg("warning: mod_%s.c: init() left a child process (pid %lu) "
        "running", m->name, (unsigned long) now[i]);
    }
  }
  host_progress_pop();
}

/* The caller (prxs) died: end this host's whole process group (sessions and
 * whatever a module forked), if the host leads one; else just the host.
 */
#define HOST_PDEATH_SIGNAL	(SIGRTMIN + 4)

static void host_parent_died(int signo) {
  (void) signo;
  if (getpgrp() == getpid()) {
    kill(0, SIGKILL);
  }
  _exit(HOST_EXIT_FATAL);
}

/* The caller may have died before prctl() took effect: then the host has
 * been re-parented.  A wrapper that does not exec the host is its parent
 * too, so only a caller that no longer exists counts.
 */
static void host_check_parent(pid_t parent) {
  if (parent > 0 && getppid() != parent && kill(parent, 0) < 0 &&
      errno == ESRCH) {
    host_parent_died(0);
  }
}

static void host_watch_parent(pid_t parent) {
  struct sigaction sa;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = host_parent_died;
  sigemptyset(&sa.sa_mask);
  sigaction(HOST_PDEATH_SIGNAL, &sa, NULL);
  prctl(PR_SET_PDEATHSIG, HOST_PDEATH_SIGNAL);
  host_check_parent(parent);
}

static void master_signal(int signo) {
  int xerrno = errno;
  char c = (char) signo;

  if (signo == SIGHUP) {
    got_sighup = 1;
  } else if (signo == SIGCHLD) {
    got_sigchld = 1;
  } else {
    got_sigterm = 1;
  }
  if (sig_pipe[1] >= 0) {
    (void) write(sig_pipe[1], &c, 1);
  }
  errno = xerrno;
}

static void master_set_daemon_ids(void) {
  const char *user = get_param_ptr(main_server->conf, "UserName", FALSE);
  const char *group = get_param_ptr(main_server->conf, "GroupName", FALSE);

  daemon_uid = (uid_t) -1;
  daemon_gid = (gid_t) -1;
  if (user != NULL) {
    struct passwd *pw = getpwnam(user);
    if (pw != NULL) {
      daemon_uid = pw->pw_uid;
      daemon_gid = pw->pw_gid;
    } else {
      pr_str2uid(user, &daemon_uid);
    }
  }
  if (group != NULL) {
    struct group *gr = getgrnam(group);
    if (gr != NULL) {
      daemon_gid = gr->gr_gid;
    } else {
      pr_str2gid(group, &daemon_gid);
    }
  }
}

static int master_load_config(const char *path) {
  if (host_parse_config(path) < 0) {
    return -1;
  }
  master_set_daemon_ids();
  /* As proftpd, once the configuration is parsed (at start-up, -t and
   * restart), exactly once: modules finish their set-up here (mod_unique_id
   * resolves the host's address; mod_facl and mod_statcache register their
   * filesystems, and a second registration at "/" would end their sessions).
   */
  pr_event_generate("core.postparse", NULL);
  return 0;
}

void host_master_reap(void) {
  int status;
  pid_t pid;

  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    if (nsessions > 0) {
      nsessions--;
    }
    sessions_remove(pid);
    host_scoreboard_slot_release(pid);
    if (WIFSIGNALED(status)) {
      host_report("ended %lu signal %d %s%s", (unsigned long) pid,
        WTERMSIG(status), strsignal(WTERMSIG(status)),
        WCOREDUMP(status) ? " (core dumped)" : "");
    } else if (WIFEXITED(status)) {
      host_report("ended %lu status %d", (unsigned long) pid,
        WEXITSTATUS(status));
    }
    if (WIFSIGNALED(status)) {
      host_log_msg("session process %lu died from signal %d (%s)%s",
        (unsigned long) pid, WTERMSIG(status), strsignal(WTERMSIG(status)),
        WCOREDUMP(status) ? " (core dumped)" : "");
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
      host_log_msg("session process %lu exited with status %d",
        (unsigned long) pid, WEXITSTATUS(status));
    } else {
      pr_log_debug(DEBUG3, "session process %lu exited normally",
        (unsigned long) pid);
    }
  }
}

void host_master_restart(void) {
  host_log_msg("received SIGHUP -- master server reparsing configuration "
    "file");
  pr_event_generate("core.restart", NULL);
  host_dso_unload_all();
  host_dso_restore_static();
  host_ctrls_registry_restart();
  host_scoreboard_config_reset();
  if (master_load_config(host_config_path ? pstrdup(permanent_pool,
      host_config_path) : "") < 0 || host_ctrls_listen() < 0) {
    host_log_msg("fatal: the configuration has errors after restart; "
      "master exiting");
    host_ctrls_close(TRUE);
    if (serve_path != NULL) {
      unlink(serve_path);
    }
    exit(HOST_EXIT_FATAL);
  }
  (void) host_scoreboard_start(serve_path);
  host_ipbind_init();
}

void host_master_shutdown(int code) {
  int i;

  signal(SIGCHLD, SIG_DFL);
  sessions_signal(SIGTERM);
  for (i = 0; i < 100 && nsessions > 0; i++) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      nsessions--;
      sessions_remove(pid);
      continue;
    }
    if (pid < 0) {
      break;
    }
    usleep(20000);
  }
  if (nsessions > 0) {
    sessions_signal(SIGKILL);
  }
  pr_event_generate("core.exit", NULL);
  /* As proftpd's daemon at its end (mod_ban removes its shm here). */
  pr_event_generate("core.shutdown", NULL);
  host_ctrls_close(TRUE);
  host_scoreboard_stop();
  if (serve_path != NULL) {
    unlink(serve_path);
  }
  pr_log_debug(DEBUG1, "master exiting");
  exit(code);
}

static void master_fork_session(int fd, int lfd) {
  pid_t pid;
  int slot;

  if (host_connection_refused(nsessions)) {
    close(fd);
    return;
  }
  slot = host_scoreboard_slot_reserve();
  pid = fork();

  if (pid < 0) {
    host_log_msg("unable to fork a session process: %s", strerror(errno));
    host_scoreboard_slot_assign(slot, -1);
    close(fd);
    return;
  }
  if (pid == 0) {
    int devnull;

    host_scoreboard_session_begin(slot);

    close(lfd);
    host_ctrls_close(FALSE);
    close(fileno(ctl_out));
    close(sig_pipe[0]);
    close(sig_pipe[1]);
    sig_pipe[0] = sig_pipe[1] = -1;
    signal(SIGHUP, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      /* The control channel is the master's alone; what a module prints
       * goes to the log.
       */
      dup2(devnull, STDIN_FILENO);
      close(devnull);
    }
    dup2(host_log_get_fd(), STDOUT_FILENO);
    serve_path = NULL;
    {
      /* First thing on the wire: this session's pid, so the caller can
       * match the master's report of how the session ended to it.
       */
      char hdr[40];
      int n = snprintf(hdr, sizeof(hdr), "#PID %lu\n", (unsigned long) getpid());

      if (write(fd, hdr, (size_t) n) < 0) {
        _exit(1);
      }
    }
    host_session_run(fd, main_server);
    _exit(0);
  }
  host_scoreboard_slot_assign(slot, pid);
  nsessions++;
  sessions_add(pid);
  close(fd);
}

static int master_serve(const char *path) {
  struct sockaddr_un sun;
  struct sigaction sa;
  char *ctl = NULL;
  size_t ctlsz = 0;
  FILE *ctlin = stdin;
  int lfd;

  memset(&sun, 0, sizeof(sun));
  sun.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof(sun.sun_path)) {
    host_log_msg("fatal: socket path '%s' is too long (at most %lu bytes)",
      path, (unsigned long) sizeof(sun.sun_path) - 1);
    return HOST_EXIT_USAGE;
  }
  strcpy(sun.sun_path, path);
  unlink(path);

  lfd = socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0);
  if (lfd < 0 || bind(lfd, (struct sockaddr *) &sun, sizeof(sun)) < 0 ||
      listen(lfd, 128) < 0) {
    host_log_msg("fatal: unable to listen on '%s': %s", path,
      strerror(errno));
    return HOST_EXIT_FATAL;
  }
  serve_path = path;
  if (host_ctrls_listen() < 0) {
    unlink(path);
    return HOST_EXIT_FATAL;
  }
  (void) host_scoreboard_start(path);
  host_ipbind_init();

  if (pipe2(sig_pipe, O_CLOEXEC|O_NONBLOCK) < 0) {
    host_log_msg("fatal: pipe: %s", strerror(errno));
    return HOST_EXIT_FATAL;
  }
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = master_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &sa, NULL);
  sigaction(SIGCHLD, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  host_signals_events_init();

  /* As proftpd's standalone daemon, before it serves. */
  pr_event_generate("core.startup", NULL);

  fprintf(ctl_out, "READY %lu\n.\n", (unsigned long) getpid());
  fflush(ctl_out);

  while (TRUE) {
    struct pollfd fds[3 + HOST_CTRLS_MAX_FDS];
    int nctrls, timeout;

    fds[0].fd = lfd;
    fds[0].events = POLLIN;
    fds[1].fd = fileno(ctlin);
    fds[1].events = POLLIN;
    fds[2].fd = sig_pipe[0];
    fds[2].events = POLLIN;
    nctrls = host_ctrls_pollfds(fds + 3, HOST_CTRLS_MAX_FDS, &timeout);

    if (poll(fds, 3 + nctrls, timeout) < 0 && errno != EINTR) {
      host_log_msg("fatal: poll: %s", strerror(errno));
      host_master_shutdown(HOST_EXIT_FATAL);
    }

    if (fds[2].revents & POLLIN) {
      char buf[64];
      while (read(sig_pipe[0], buf, sizeof(buf)) > 0);
    }
    if (host_timers_pending()) {
      /* A module's timer added in the master (pr_timer_add at postparse,
       * as mod_ban's and mod_dynmasq's): its callback runs here, as
       * proftpd's daemon loop runs them. */
      host_timers_check();
    }
    if (got_sigchld) {
      got_sigchld = 0;
      host_master_reap();
    }
    if (host_signals_event_pending()) {
      pr_signals_handle();
    }
    if (got_sigterm) {
      host_master_shutdown(HOST_EXIT_OK);
    }
    if (got_sighup) {
      got_sighup = 0;
      host_master_restart();
    }

    if (fds[0].revents & POLLIN) {
      int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
      if (fd >= 0) {
        master_fork_session(fd, lfd);
      }
    }

    if (fds[1].revents & (POLLIN|POLLHUP)) {
      if (getline(&ctl, &ctlsz, ctlin) < 0) {
        /* Our parent went away: stop, taking the sessions with us. */
        host_master_shutdown(HOST_EXIT_OK);
      }
      host_control_command(ctl, ctl_out);
    }
    host_ctrls_handle(fds + 3, nctrls);
  }
  return HOST_EXIT_OK;
}

static void usage(FILE *fh) {
  fprintf(fh, "usage: prxs-shim-host -l\n"
    "       prxs-shim-host -t -c CONF [-d LEVEL]\n"
    "       prxs-shim-host --list-loaded -c CONF [-d LEVEL]\n"
    "       prxs-shim-host --serve SOCKET -c CONF [--log FILE] [-d LEVEL]\n"
    "       prxs-shim-host --stamp FILE\n"
    "options: --progress FILE (what the host is doing, for the caller), "
    "--reports FILE (fatal errors and how sessions ended, one structured "
    "line each, for the caller), --parent-pid PID (exit if that caller is "
    "gone)\n");
}

/* The command line. */
struct host_opts {
  const char *conf, *serve, *logfile, *stamp, *progress, *reports;
  pid_t parent;
  int check, list, list_loaded;
};

/* -1 when the command line is usable, else the exit code. */
static int main_parse_options(int argc, char **argv, struct host_opts *o) {
  static struct option opts[] = {
    { "config", required_argument, NULL, 'c' },
    { "configtest", no_argument, NULL, 't' },
    { "list", no_argument, NULL, 'l' },
    { "list-loaded", no_argument, NULL, 'L' },
    { "serve", required_argument, NULL, 'S' },
    { "log", required_argument, NULL, 'o' },
    { "debug", required_argument, NULL, 'd' },
    { "stamp", required_argument, NULL, 's' },
    { "progress", required_argument, NULL, 'P' },
    { "reports", required_argument, NULL, 'R' },
    { "parent-pid", required_argument, NULL, 'p' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  int opt;

  memset(o, 0, sizeof(*o));
  while ((opt = getopt_long(argc, argv, "c:tld:h", opts, NULL)) != -1) {
    switch (opt) {
      case 'c': o->conf = optarg; break;
      case 't': o->check = TRUE; break;
      case 'l': o->list = TRUE; break;
      case 'L': o->list_loaded = TRUE; break;
      case 'S': o->serve = optarg; break;
      case 'o': o->logfile = optarg; break;
      case 'd': host_debug_level = atoi(optarg); break;
      case 's': o->stamp = optarg; break;
      case 'P': o->progress = optarg; break;
      case 'R': o->reports = optarg; break;
      case 'p': o->parent = (pid_t) atol(optarg); break;
      case 'h': usage(stdout); return HOST_EXIT_OK;
      default: usage(stderr); return HOST_EXIT_USAGE;
    }
  }
  return -1;
}

/* --stamp MODULE.so alone: print the module's target stamp. */
static int main_print_stamp(const char *stamp) {
  char buf[1024], *why = NULL;
  int res = host_stamp_read(stamp, buf, sizeof(buf), &why);

  if (res == 0) {
    printf("%s\n", buf);
    return HOST_EXIT_OK;
  }
  fprintf(stderr, "%s: %s\n", stamp, res == 1 ? "no .prxs_stamp section" :
    why);
  return res == 1 ? HOST_EXIT_FATAL : HOST_EXIT_USAGE;
}

/* The progress file, the log, and (--serve) the control channel on the
 * original stdout, stdout then going to the log.  0, else the exit code.
 */
static int main_open_outputs(const struct host_opts *o) {
  int logfd = STDERR_FILENO;

  if (o->progress != NULL && host_progress_open(o->progress) < 0) {
    fprintf(stderr, "prxs-shim-host: unable to open progress file '%s': %s\n",
      o->progress, strerror(errno));
    return HOST_EXIT_FATAL;
  }
  if (o->reports != NULL && host_report_open(o->reports) < 0) {
    fprintf(stderr, "prxs-shim-host: unable to open reports file '%s': %s\n",
      o->reports, strerror(errno));
    return HOST_EXIT_FATAL;
  }
  if (o->logfile != NULL) {
    logfd = open(o->logfile, O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC, 0640);
    if (logfd < 0) {
      fprintf(stderr, "prxs-shim-host: unable to open log '%s': %s\n",
        o->logfile, strerror(errno));
      return HOST_EXIT_FATAL;
    }
  }
  host_log_init(logfd, NULL);
  host_pools_init();

  ctl_out = stdout;
  if (o->serve != NULL) {
    int cfd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);

    if (cfd < 0 || (ctl_out = fdopen(cfd, "w")) == NULL) {
      fprintf(stderr, "prxs-shim-host: unable to set up the control channel: "
        "%s\n", strerror(errno));
      return HOST_EXIT_FATAL;
    }
    dup2(logfd, STDOUT_FILENO);
  }
  return 0;
}

int main(int argc, char **argv) {
  struct host_opts o;
  int res;

  /* Die with the caller, from the first instruction on (see
   * host_watch_parent() for the race with its death).
   */
  host_watch_parent(0);
  mpid = getpid();
  if ((res = main_parse_options(argc, argv, &o)) >= 0) {
    return res;
  }
  if (o.stamp != NULL && optind == argc && o.conf == NULL &&
      !(o.check || o.list || o.list_loaded || o.serve)) {
    return main_print_stamp(o.stamp);
  }
  if (optind < argc || (!o.list && o.conf == NULL) ||
      (o.check + o.list + o.list_loaded + (o.serve != NULL)) != 1) {
    usage(stderr);
    return HOST_EXIT_USAGE;
  }

  host_check_parent(o.parent);
  if ((res = main_open_outputs(&o)) != 0) {
    return res;
  }
  host_install_crash_handlers();

  if (o.list) {
    fflush(stdout);
    host_modules_list(STDOUT_FILENO, TRUE);
    return HOST_EXIT_OK;
  }
  if (host_modules_init() < 0) {
    return HOST_EXIT_FATAL;
  }
  if (o.check) {
    printf("Checking syntax of configuration file\n");
    fflush(stdout);
  }
  if (master_load_config(o.conf) < 0) {
    return HOST_EXIT_FATAL;
  }
  if (o.check) {
    printf("Syntax OK\n");
    return HOST_EXIT_OK;
  }
  if (o.list_loaded) {
    fflush(stdout);
    host_modules_list(STDOUT_FILENO, FALSE);
    return HOST_EXIT_OK;
  }
  return master_serve(o.serve);
}
