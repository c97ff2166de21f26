/*
 * prxs shim host: a session, run in a child forked by the master.
 *
 * The caller speaks a line protocol on the session's socket:
 *   -> "#CONNECT <remote-ip> <remote-port> <remote-name> <local-ip>"
 *   <- banner reply, then "#END"
 *   -> "#DATA <n>" + n bytes: upload data for the next STOR/APPE
 *   -> an FTP command line ("SITE HELLO bob")
 *   <- reply lines ("226 Transfer complete"), "#DATA <n>" frames for
 *      download data, then "#END" once the command has been dispatched
 * A crash in a module kills only this child; the master reports it.
 */

#include "host.h"
#include "host_data.h"
#include "host_parse.h"
#include "host_fs.h"
#include "host_scoreboard.h"

int host_ipbind_server_active(server_rec *s);
extern unsigned long host_response_bytes;
extern volatile sig_atomic_t host_timers_firing;
void host_signals_events_init(void);
int host_signals_event_pending(void);

/* The command being handled, and the bytes written when it began. */
static int sess_in_command = FALSE;
static unsigned long sess_cmd_bytes = 0;

#include <sys/prctl.h>
#include <sys/socket.h>

#define SESS_MAX_UPLOAD		(64 * 1024 * 1024)

/* proftpd's default CommandBufferSize (PR_TUNABLE_PATH_MAX + 7) and its
 * maximum (PR_TUNABLE_CMD_BUFFER_SIZE).
 */
#define SESS_DEFAULT_CMD_BUFSZ	(PR_TUNABLE_PATH_MAX + 7)
#define SESS_MAX_CMD_BUFSZ	(512 * 1024)

/* sess_read_line() results besides a length */
#define SESS_READ_EOF		-1
#define SESS_READ_TOO_LONG	-2
#define SESS_READ_CLOSE		-3

session_t session;

const char *host_upload_data = NULL;
size_t host_upload_len = 0;

static int sess_fd = -1;

/* The session process itself (not a child a module forked). */
static pid_t sess_pid = 0;
static char *sess_inbuf = NULL;
static size_t sess_inbufsz = 0, sess_inlen = 0;
static size_t sess_cmd_bufsz = SESS_DEFAULT_CMD_BUFSZ;

/* Bytes of an over-long line already dropped (the line so far). */
static size_t sess_discarded = 0;
static char crash_cmd[256] = "";
static volatile sig_atomic_t sess_terminate = 0;

static void sess_term_handler(int signo) {
  (void) signo;
  sess_terminate = 1;
  /* However the signal falls (blocked in read(2) or about to be, e.g. a
   * "kick" right after a reply), the next read ends the session: no more
   * input.  Only the session itself; a child a module forked shares the
   * socket.
   */
  if (sess_fd >= 0 && getpid() == sess_pid) {
    (void) shutdown(sess_fd, SHUT_RD);
  }
}
const char *host_crash_role = "master";

/* What the process is doing, for the crash report (a command line, or a
 * configuration line); NULL clears it.
 */
void host_crash_set_context(const char *what) {
  if (what == NULL) {
    crash_cmd[0] = '\0';
    return;
  }
  sstrncpy(crash_cmd, what, sizeof(crash_cmd));
}
static conn_t sess_conn;
static pr_netaddr_t sess_remote_addr, sess_local_addr;

/* Crash reporting: async-signal-safe only. */
static void crash_append(char *buf, size_t *n, size_t sz, const char *s) {
  while (s && *s && *n < sz - 1) {
    buf[(*n)++] = *s++;
  }
}

static void crash_handler(int signo) {
  char buf[1024], num[24];
  size_t n = 0;
  int i = 0;
  unsigned long v;

  crash_append(buf, &n, sizeof(buf), PRXS_HOST_NAME ": ");
  crash_append(buf, &n, sizeof(buf), host_crash_role);
  crash_append(buf, &n, sizeof(buf), " process ");
  v = (unsigned long) getpid();
  do {
    num[i++] = (char) ('0' + v % 10);
    v /= 10;
  } while (v > 0 && i < 20);
  while (i > 0 && n < sizeof(buf) - 1) {
    buf[n++] = num[--i];
  }
  crash_append(buf, &n, sizeof(buf), ": caught signal ");
  v = (unsigned long) signo;
  do {
    num[i++] = (char) ('0' + v % 10);
    v /= 10;
  } while (v > 0 && i < 20);
  while (i > 0 && n < sizeof(buf) - 1) {
    buf[n++] = num[--i];
  }
  crash_append(buf, &n, sizeof(buf), " (");
  crash_append(buf, &n, sizeof(buf), sigabbrev_np(signo));
  crash_append(buf, &n, sizeof(buf), ")");
  if (host_crash_module != NULL) {
    crash_append(buf, &n, sizeof(buf), " in mod_");
    crash_append(buf, &n, sizeof(buf), host_crash_module);
    crash_append(buf, &n, sizeof(buf), ".c");
    if (host_crash_phase != NULL) {
      crash_append(buf, &n, sizeof(buf), " ");
      crash_append(buf, &n, sizeof(buf), host_crash_phase);
      crash_append(buf, &n, sizeof(buf), " handler");
    }
  }
  if (crash_cmd[0] != '\0') {
    crash_append(buf, &n, sizeof(buf), " while handling '");
    crash_append(buf, &n, sizeof(buf), crash_cmd);
    crash_append(buf, &n, sizeof(buf), "'");
  }
  crash_append(buf, &n, sizeof(buf), "\n");
  (void) write(host_log_get_fd(), buf, n);
  host_report_crash(buf, n);
  if (sess_fd >= 0 && getpid() == sess_pid) {
    /* A reply already complete goes out (write(2) only); then, as a child
     * forked by a module may hold the socket, the connection ends so the
     * caller learns of the crash now.
     */
    (void) host_response_release();
    (void) shutdown(sess_fd, SHUT_RDWR);
  }

  signal(signo, SIG_DFL);
  raise(signo);
}

void host_install_crash_handlers(void) {
  static char altstack[64 * 1024];
  stack_t ss;
  struct sigaction sa;
  int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, 0 };
  int i;

  ss.ss_sp = altstack;
  ss.ss_size = sizeof(altstack);
  ss.ss_flags = 0;
  sigaltstack(&ss, NULL);

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = crash_handler;
  sa.sa_flags = SA_ONSTACK|SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  for (i = 0; sigs[i]; i++) {
    sigaction(sigs[i], &sa, NULL);
  }
}

static ssize_t sess_read_some(void *buf, size_t len) {
  ssize_t n;

  if (host_signals_event_pending()) {
    pr_signals_handle();
  }
  if (host_timers_pending()) {
    host_timers_check();
  }
  host_timers_safe = 1;
  n = read(sess_fd, buf, len);
  host_timers_safe = 0;
  return n;
}

/* Read one line (without its newline).  Returns its length, SESS_READ_EOF,
 * or, for a line that does not fit proftpd's command buffer
 * (CommandBufferSize: at most bufsz - 2 bytes before the LF, a CR
 * included), SESS_READ_TOO_LONG with *rawlen set, or SESS_READ_CLOSE once
 * more than three buffers' worth came without a newline (proftpd's
 * pr_cmd_read() gives up then).  Nothing of an over-long line is kept.
 */
static ssize_t sess_read_line(char *line, size_t linesz, size_t *rawlen) {
  size_t limit = sess_cmd_bufsz - 1;

  while (TRUE) {
    char *nl = memchr(sess_inbuf, '\n', sess_inlen);
    ssize_t n;

    if (nl != NULL) {
      size_t len = (size_t) (nl - sess_inbuf);
      size_t raw = sess_discarded + len;

      if (raw >= limit || len >= linesz) {
        memmove(sess_inbuf, nl + 1, sess_inlen - len - 1);
        sess_inlen -= len + 1;
        sess_discarded = 0;
        *rawlen = raw;
        return SESS_READ_TOO_LONG;
      }
      memcpy(line, sess_inbuf, len);
      line[len] = '\0';
      if (len > 0 && line[len - 1] == '\r') {
        line[--len] = '\0';
      }
      memmove(sess_inbuf, nl + 1, sess_inlen - (size_t) (nl - sess_inbuf) - 1);
      sess_inlen -= (size_t) (nl - sess_inbuf) + 1;
      return (ssize_t) len;
    }
    if (sess_discarded + sess_inlen >= 4 * limit) {
      sess_discarded = 0;
      sess_inlen = 0;
      return SESS_READ_CLOSE;
    }
    if (sess_inlen == sess_inbufsz) {
      /* Over-long line: drop what we have, remembering its length. */
      sess_discarded += sess_inlen;
      sess_inlen = 0;
    }
    n = sess_read_some(sess_inbuf + sess_inlen, sess_inbufsz - sess_inlen);
    if (n < 0 && errno == EINTR) {
      if (sess_terminate) {
        return SESS_READ_EOF;
      }
      continue;
    }
    if (n <= 0) {
      return SESS_READ_EOF;
    }
    sess_inlen += (size_t) n;
  }
}

/* proftpd pauses a quarter second after each refused buffer. */
static void sess_pause(size_t quarters) {
  struct timespec ts;

  ts.tv_sec = (time_t) (quarters / 4);
  ts.tv_nsec = (long) (quarters % 4) * 250000000L;
  while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    if (host_timers_pending()) {
      host_timers_check();
    }
  }
}

/* A line longer than the command buffer, as proftpd's pr_cmd_read() and
 * pr_netio_telnet_gets2() treat it: each buffer's worth without a newline
 * is refused (E2BIG) after a quarter-second pause, the tail is logged
 * ("client sent too-long command, ignoring") and dropped, nothing of it is
 * dispatched or answered, and more than three refusals end the session.
 */
/* s with every "%<c>" replaced by value (ServerIdent's %L, %V, %v). */
static const char *sess_ident_subst(pool *p, const char *s, char c,
    const char *value) {
  char *out = "";
  const char *at;

  while ((at = strchr(s, '%')) != NULL) {
    if (at[1] == c) {
      out = pstrcat(p, out, pstrndup(p, s, (size_t) (at - s)), value, NULL);
      s = at + 2;
    } else {
      out = pstrcat(p, out, pstrndup(p, s, (size_t) (at - s) + 1), NULL);
      s = at + 1;
    }
  }
  return pstrcat(p, out, s, NULL);
}

/* The 220 greeting, as proftpd's ServerIdent and DeferWelcome make it. */
static void sess_send_banner(void) {
  const char *addr = pr_netaddr_get_ipstr(session.c->local_addr);
  unsigned char *defer;
  config_rec *c;

  c = find_config(main_server->conf, CONF_PARAM, "ServerIdent", FALSE);
  if (c != NULL && *((unsigned char *) c->argv[0]) == FALSE) {
    pr_response_send(R_220, _("%s FTP server ready"), addr);
    return;
  }
  if (c != NULL && c->argc > 1) {
    const char *ident = c->argv[1];

    ident = sess_ident_subst(session.pool, ident, 'L', addr);
    ident = sess_ident_subst(session.pool, ident, 'V',
      main_server->ServerFQDN ? main_server->ServerFQDN : addr);
    ident = sess_ident_subst(session.pool, ident, 'v', main_server->ServerName);
    pr_response_send(R_220, "%s", ident);
    return;
  }
  defer = get_param_ptr(main_server->conf, "DeferWelcome", FALSE);
  if (defer != NULL && *defer == TRUE) {
    pr_response_send(R_220, _("ProFTPD Server ready."));
    return;
  }
  pr_response_send(R_220, _("ProFTPD Server (%s) [%s]"),
    main_server->ServerName, addr);
}

static void sess_too_long(ssize_t res, size_t raw) {
  size_t chunks = raw / (sess_cmd_bufsz - 1), refusals;

  if (res == SESS_READ_CLOSE || chunks >= 4) {
    pr_log_debug(DEBUG3, "client sent more than %lu bytes without a newline; "
      "closing control connection", (unsigned long) (4 * (sess_cmd_bufsz - 1)));
    sess_pause(4);
    session.disconnect_reason = PR_SESS_DISCONNECT_CLIENT_EOF;
    pr_session_end(0);
  }
  refusals = chunks + 1;
  pr_log_pri(PR_LOG_NOTICE, "client sent too-long command, ignoring");
  sess_pause(refusals);
  if (refusals > 3) {
    session.disconnect_reason = PR_SESS_DISCONNECT_CLIENT_EOF;
    pr_session_end(0);
  }
}

static int sess_read_bytes(char *buf, size_t len) {
  size_t have = sess_inlen < len ? sess_inlen : len;

  memcpy(buf, sess_inbuf, have);
  memmove(sess_inbuf, sess_inbuf + have, sess_inlen - have);
  sess_inlen -= have;
  while (have < len) {
    ssize_t n = sess_read_some(buf + have, len - have);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return -1;
    }
    have += (size_t) n;
  }
  return 0;
}

/* The session is over: end the connection itself, not just this process's
 * descriptor, so that a child a module forked (and which still holds the
 * socket) does not keep the caller waiting.
 */
static void sess_shutdown(void) {
  if (sess_fd >= 0 && getpid() == sess_pid) {
    (void) shutdown(sess_fd, SHUT_RDWR);
  }
}

/* The banner went out: later replies end with their command's marker. */
static int sess_greeted = FALSE;

static void sess_end_marker(void) {
  host_response_end("#END\n", 5);
}

void pr_session_end(int flags) {
  if (sess_in_command && !(flags & PR_SESS_END_FL_NOEXIT) &&
      !host_timers_firing && getpid() == sess_pid &&
      host_response_bytes != sess_cmd_bytes) {
    /* Ended by the command's own flow after it sent its reply (mod_auth at
     * MaxLoginAttempts, mod_ban banning then): the client gets that reply
     * whole, then the connection closes, as a real client reads it.  (A
     * timeout ending a command is not the command's reply: the caller sees
     * the session closed, with what was sent.)
     */
    sess_in_command = FALSE;
    sess_end_marker();
  }
  pr_event_generate("core.exit", NULL);
  if (session.user != NULL) {
    pr_log_debug(DEBUG2, "FTP session closed for user %s", session.user);
  } else {
    pr_log_debug(DEBUG2, "FTP session closed.");
  }
  if (flags & PR_SESS_END_FL_NOEXIT) {
    return;
  }
  if (!sess_greeted && host_response_final_unmarked()) {
    /* A reply sent in place of the banner (mod_load's 421 from sess_init)
     * is the caller's greeting, as a client of proftpd sees it.
     */
    sess_end_marker();
  }
  host_response_release();
  sess_shutdown();
  _exit((flags & PR_SESS_END_FL_ERROR) ? 1 : 0);
}

void pr_session_disconnect(module *m, int reason_code, const char *details) {
  session.disconnect_reason = reason_code;
  session.disconnect_module = m;
  if (details != NULL && session.notes != NULL && session.pool != NULL) {
    /* pr_session_get_disconnect_reason()'s details, as proftpd keeps them */
    pr_table_add(session.notes, "core.disconnect-details",
      pstrdup(session.pool, details), 0);
  }
  pr_log_debug(DEBUG2, "session disconnected by %s%s%s (reason %d)%s%s",
    m ? "mod_" : "", m ? m->name : "the core", m ? ".c" : "", reason_code,
    details ? ": " : "", details ? details : "");
  pr_session_end(0);
}

/* DefaultRoot (or an <Anonymous> root): chroot(2) to the user's home
 * ("~"), a directory below it ("~/dir") or an absolute path, as proftpd does
 * at login.  *home becomes the home directory as seen inside the new root.
 */
static int sess_chroot(const char *user, const char **home,
    const char *dr) {
  const char *root;
  size_t len;

  if (dr == NULL) {
    return 0;
  }
  if (strcmp(dr, "~") == 0) {
    root = *home;
  } else if (strncmp(dr, "~/", 2) == 0) {
    root = pdircat(session.pool, *home, dr + 2, NULL);
  } else {
    root = dr;
  }
  if (root == NULL || *root != '/') {
    pr_log_pri(PR_LOG_ERR, "USER %s: DefaultRoot '%s' is not an absolute "
      "directory", user, dr);
    return -1;
  }
  if (getuid() != 0) {
    pr_log_pri(PR_LOG_WARNING, "USER %s: DefaultRoot '%s' ignored: chroot "
      "needs the host to run as root", user, root);
    return 0;
  }
  pr_event_generate("core.chroot", root);
  if (seteuid(0) < 0 || chroot(root) < 0 || chdir("/") < 0) {
    pr_log_pri(PR_LOG_ERR, "USER %s: unable to chroot to '%s': %s", user,
      root, strerror(errno));
    return -1;
  }
  session.chroot_path = pstrdup(session.pool, root);
  len = strlen(root);
  while (len > 1 && root[len - 1] == '/') {
    len--;
  }
  if (strncmp(*home, root, len) == 0 &&
      ((*home)[len] == '/' || (*home)[len] == '\0')) {
    *home = (*home)[len] ? pstrdup(session.pool, *home + len) : "/";
  } else {
    *home = "/";
  }
  pr_log_debug(DEBUG2, "USER %s: chroot to '%s' (DefaultRoot %s)", user, root,
    dr);
  return 0;
}

int host_session_login(const char *user, struct passwd *pw,
    const char *root) {
  const char *home = pw->pw_dir;

  if (root == NULL) {
    root = get_param_ptr(main_server->conf, "DefaultRoot", FALSE);
  }

  session.user = pstrdup(session.pool, user);
  session.login_uid = pw->pw_uid;
  session.login_gid = pw->pw_gid;
  session.group = pr_auth_gid2name(session.pool, pw->pw_gid);
  {
    unsigned char *authd = pcalloc(session.pool, sizeof(unsigned char));

    /* As mod_auth: modules look for "authenticated" in the server. */
    *authd = TRUE;
    add_config_param_set(&main_server->conf, "authenticated", 1, authd);
  }

  if (getuid() == 0 && !session.disable_id_switching) {
    gid_t gid = pw->pw_gid;
    if (seteuid(0) < 0 || setgroups(1, &gid) < 0) {
      pr_log_pri(PR_LOG_WARNING, "USER %s: unable to set groups: %s", user,
        strerror(errno));
    }
  }
  if (sess_chroot(user, &home, root) < 0) {
    return -1;
  }
  PRIVS_SETUP(pw->pw_uid, pw->pw_gid)

  if (home == NULL || chdir(home) < 0) {
    pr_log_pri(PR_LOG_NOTICE, "USER %s: unable to use home directory '%s' "
      "(%s); using '/'", user, home ? home : "", strerror(errno));
    if (chdir("/") < 0) {
      return -1;
    }
  }
  if (getcwd(session.cwd, sizeof(session.cwd)) == NULL) {
    sstrncpy(session.cwd, "/", sizeof(session.cwd));
  }
  sstrncpy(session.vwd, session.cwd, sizeof(session.vwd));
  host_xferlog_login();
  host_scoreboard_session_login();
  host_timers_login();
  return 0;
}

static server_rec *sess_pick_server(const char *local_ip) {
  server_rec *s;

  if (local_ip == NULL || server_list == NULL) {
    return main_server;
  }
  for (s = (server_rec *) server_list->xas_list; s; s = s->next) {
    config_rec *c;

    if (s->config_type != CONF_VIRTUAL) {
      continue;
    }
    if (s->ServerAddress && strcmp(s->ServerAddress, local_ip) == 0) {
      return s;
    }
    for (c = find_config(s->conf, CONF_PARAM, "_bind_", FALSE); c;
         c = find_config_next(c, c->next, CONF_PARAM, "_bind_", FALSE)) {
      if (strcmp(c->argv[0], local_ip) == 0) {
        return s;
      }
    }
  }
  return main_server;
}

void host_session_reset_conn(const char *ip, int port, const char *name) {
  memset(&sess_conn, 0, sizeof(sess_conn));
  host_netaddr_set(&sess_remote_addr, ip, port);
  sess_conn.pool = session.pool;
  sess_conn.mode = CM_OPEN;
  sess_conn.rfd = sess_conn.wfd = sess_fd;
  sess_conn.remote_addr = &sess_remote_addr;
  sess_conn.remote_port = port;
  sess_conn.remote_name = pstrdup(session.pool, name);
  sess_conn.local_addr = &sess_local_addr;
  sess_conn.local_port = (int) main_server->ServerPort;
  session.c = &sess_conn;
}

static void sess_handle_connect(const char *line) {
  char ip[64] = "127.0.0.1", name[256] = "-", local[64] = "127.0.0.1";
  int port = 0;

  sscanf(line, "#CONNECT %63s %d %255s %63s", ip, &port, name, local);
  main_server = sess_pick_server(local);
  host_netaddr_set(&sess_local_addr, local, (int) main_server->ServerPort);
  /* proftpd's master names its servers' addresses at start-up (their
   * ServerFQDN, with the UseReverseDNS in effect then), which the netaddr
   * cache keeps for the sessions: the same lookup here. */
  {
    pr_netaddr_t *server_addr = pr_netaddr_dup(session.pool, &sess_local_addr);

    if (server_addr != NULL) {
      pr_netaddr_set_port(server_addr, 0);
      (void) pr_netaddr_get_dnsstr(server_addr);
    }
  }
  if (strcmp(name, "-") != 0) {
    host_session_reset_conn(ip, port, name);
    return;
  }
  /* No name from the caller: as proftpd, the client's name is looked up
   * (confirmed forward) with UseReverseDNS on, its IP string otherwise. */
  host_session_reset_conn(ip, port, ip);
  if (ServerUseReverseDNS) {
    int rev = pr_netaddr_set_reverse_dns(ServerUseReverseDNS);
    const char *dns = pr_netaddr_get_dnsstr(session.c->remote_addr);

    pr_netaddr_set_reverse_dns(rev);
    if (dns != NULL) {
      session.c->remote_name = pstrdup(session.pool, dns);
    }
  }
}

/* The command buffer (CommandBufferSize) and the input buffer. */
static char *sess_alloc_buffers(size_t *linesz) {
  size_t *bufsz = get_param_ptr(main_server->conf, "CommandBufferSize", FALSE);
  char *line;

  if (bufsz != NULL && *bufsz >= 8) {
    sess_cmd_bufsz = *bufsz;
  }
  *linesz = sess_cmd_bufsz < 8192 ? 8192 : sess_cmd_bufsz;
  sess_inbufsz = *linesz * 2;
  sess_inbuf = malloc(sess_inbufsz);
  line = malloc(*linesz);
  if (sess_inbuf == NULL || line == NULL) {
    pr_log_pri(PR_LOG_ERR, "session: out of memory");
    _exit(1);
  }
  return line;
}

/* session as proftpd has it when a client connects. */
static void sess_init_state(void) {
  struct sigaction sa;

  memset(&session, 0, sizeof(session));
  session.pool = make_sub_pool(permanent_pool);
  pr_pool_tag(session.pool, "session pool");
  session.pid = getpid();
  session.fsuid = (uid_t) -1;
  session.fsgid = (gid_t) -1;
  session.uid = session.ouid = getuid();
  session.gid = getgid();
  session.notes = pr_table_alloc(session.pool, 0);
  /* As in proftpd, session.cwd stays empty until login. */
  host_crash_role = "session";

  /* The master stopping: end the session as proftpd does (core.exit). */
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = sess_term_handler;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  host_signals_events_init();
}

/* The #CONNECT line, then every module's sess_init, then the banner. */
static void sess_open(char *line, size_t linesz, size_t *raw) {
  const char *failed = NULL;
  ssize_t len;

  len = sess_read_line(line, linesz, raw);
  if (len < 0 || strncmp(line, "#CONNECT", 8) != 0) {
    pr_log_pri(PR_LOG_NOTICE, "session: no #CONNECT line from the caller; "
      "closing");
    _exit(1);
  }
  sess_handle_connect(line);
  host_scoreboard_session_conn();
  if (!host_ipbind_server_active(main_server)) {
    /* "down" (mod_ctrls_admin): proftpd no longer listens there. */
    pr_log_pri(PR_LOG_NOTICE, "session: server '%s' is down (its binding "
      "was closed); connection dropped", main_server->ServerName ?
      main_server->ServerName : "");
    _exit(0);
  }
  pr_log_debug(DEBUG1, "FTP session opened (%s [%s])", session.c->remote_name,
    pr_netaddr_get_ipstr(session.c->remote_addr));

  /* Before login a session runs as the server's User/Group, if set. */
  if (daemon_uid != (uid_t) -1 && getuid() == 0) {
    PRIVS_SETUP(daemon_uid, daemon_gid != (gid_t) -1 ? daemon_gid : getgid())
  }

  host_timers_init();
  host_trace_sess_init();

  sstrncpy(crash_cmd, "(session init)", sizeof(crash_cmd));
  host_timers_safe = 1;
  if (host_modules_sess_init(&failed) < 0) {
    /* As proftpd: the module's errno logged, the connection closed without
     * a reply. */
    int xerrno = errno;

    host_report("sessinit %lu %s: error initializing session: %s",
      (unsigned long) getpid(), failed, strerror(xerrno));
    pr_log_pri(PR_LOG_WARNING, "%s: error initializing session: %s", failed,
      strerror(xerrno));
    session.disconnect_reason = PR_SESS_DISCONNECT_SESSION_INIT_FAILED;
    pr_session_end(PR_SESS_END_FL_ERROR);
  }
  host_log_sess_connect();
  host_timers_safe = 0;
  crash_cmd[0] = '\0';

  sess_send_banner();
  sess_end_marker();
  sess_greeted = TRUE;
}

/* A "#DATA <n>" frame: the next STOR/APPE's upload.  -1 ends the session. */
static int sess_read_upload(const char *line) {
  unsigned long n = strtoul(line + 6, NULL, 10);
  char *buf;

  if (n > SESS_MAX_UPLOAD) {
    pr_log_pri(PR_LOG_NOTICE, "session: upload of %lu bytes exceeds the "
      "limit of %d; closing", n, SESS_MAX_UPLOAD);
    return -1;
  }
  buf = palloc(session.pool, n + 1);
  if (sess_read_bytes(buf, n) < 0) {
    return -1;
  }
  host_upload_data = buf;
  host_upload_len = n;
  return 0;
}

/* One FTP command line, dispatched through every phase. */
static void sess_run_command(const char *line) {
  cmd_rec *cmd;

  host_timers_command();
  cmd = host_cmd_parse(session.pool, line);
  if (cmd == NULL) {
    sess_end_marker();
    return;
  }
  sstrncpy(crash_cmd, line, sizeof(crash_cmd));
  host_scoreboard_session_cmd(line);
  host_timers_safe = 1;
  sess_in_command = TRUE;
  sess_cmd_bytes = host_response_bytes;
  host_cmd_dispatch(cmd);
  sess_in_command = FALSE;
  host_scoreboard_session_idle();
  host_timers_safe = 0;
  crash_cmd[0] = '\0';
  host_upload_data = NULL;
  host_upload_len = 0;
  destroy_pool(cmd->pool);
  sess_end_marker();

  if (host_session_quit) {
    session.disconnect_reason = PR_SESS_DISCONNECT_CLIENT_QUIT;
    pr_session_end(0);
  }
}

void host_session_run(int fd, server_rec *s) {
  char *line;
  size_t linesz, raw = 0;
  ssize_t len;

  (void) s;
  sess_fd = fd;
  sess_pid = getpid();
  line = sess_alloc_buffers(&linesz);
  host_response_set_fd(fd);
  sess_init_state();
  sess_open(line, linesz, &raw);

  while (TRUE) {
    len = sess_read_line(line, linesz, &raw);
    if (len == SESS_READ_EOF) {
      break;
    }
    if (len < 0) {
      sess_too_long(len, raw);
      sess_end_marker();
      continue;
    }
    if (strncmp(line, "#DATA ", 6) == 0) {
      if (sess_read_upload(line) < 0) {
        break;
      }
      continue;
    }
    if (line[0] == '#' || line[0] == '\0') {
      host_session_query(line);
      sess_end_marker();
      continue;
    }
    sess_run_command(line);
  }

  if (sess_terminate) {
    pr_log_debug(DEBUG2, "session closed: the server is shutting down");
    session.disconnect_reason = PR_SESS_DISCONNECT_SERVER_SHUTDOWN;
  } else {
    session.disconnect_reason = PR_SESS_DISCONNECT_CLIENT_EOF;
  }
  pr_session_end(0);
}
