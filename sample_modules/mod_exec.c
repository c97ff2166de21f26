/*
 * ProFTPD: mod_exec -- run external programs on connect, commands, errors,
 *                      exit, restart and events
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation; either version 2 of the License, or
 * (at your option) any later version.
 *
 * This module runs programs configured with ExecOnConnect,
 * ExecBeforeCommand, ExecOnCommand, ExecOnError, ExecOnExit, ExecOnRestart
 * and ExecOnEvent, as ProFTPD's contrib mod_exec does.  A program is run by
 * vfork(2) and execve(2) of its absolute path (argv[0] its basename, no
 * shell, no PATH search), with exactly the ExecEnviron environment, stdin
 * on /dev/null (or a pipe, useStdin), stdout and stderr on pipes read as
 * output arrives, no other descriptor, and the identity the trigger calls
 * for (the server's User/Group, the session's user, or root).
 *
 * Unlike the original, a run never waits in a fixed select(2) timeout (it
 * returns as soon as the program has exited), /dev/null is opened before
 * any chroot, several ExecOnEvent hooks may share one event, a variable's
 * value is never expanded again, "event~" before login runs as the
 * server's User (never as root), and an ExecLog that is not a regular file
 * is refused.  It
 * compiles unchanged against the prxs embedded SDK and an installed
 * ProFTPD.
 */

#include "conf.h"
#include "privs.h"

#include <ctype.h>
#include <poll.h>
#include <sys/syscall.h>

#define MOD_EXEC_VERSION		"mod_exec/0.10"

module exec_module;

static pool *exec_pool = NULL;
static int exec_engine = FALSE;
static unsigned int exec_nexecs = 0;

static int exec_logfd = -1;
static int exec_log_tried = FALSE;
static int exec_devnull = -1;

static unsigned int exec_opts = 0U;
#define EXEC_OPT_LOG_STDOUT		0x0001
#define EXEC_OPT_LOG_STDERR		0x0002
#define EXEC_OPT_SEND_STDOUT		0x0004
#define EXEC_OPT_USE_STDIN		0x0008

static unsigned int exec_timeout = 0;

/* Milliseconds between SIGTERM and SIGKILL once ExecTimeout has passed. */
#define EXEC_KILL_GRACE_MS		1000

/* Whose identity a program runs with. */
#define EXEC_AS_SERVER			0	/* the server's User/Group */
#define EXEC_AS_SESSION			1	/* the session's current ids */
#define EXEC_AS_USER			2	/* "~": the logged-in user */
#define EXEC_AS_ROOT			3	/* "*": root */

/* Where a program's stdout lines go, with sendStdout. */
#define EXEC_SEND_NONE			0
#define EXEC_SEND_NOW			1	/* pr_response_send(): connect */
#define EXEC_SEND_ADD			2	/* pr_response_add(): command */

#define EXEC_MAX_GROUPS			64
#define EXEC_LINE_MAX			4096

/* What a run is for: the trigger, its command (if any) and how to run. */
struct exec_ctx {
  const char *trigger;			/* "ExecOnCommand", ... */
  cmd_rec *cmd;				/* NULL outside command handlers */
  int phase;				/* PRE_CMD, POST_CMD, POST_CMD_ERR, 0 */
  int run_as;
  int send;
};

/* The identity a child switches to before execve(). */
struct exec_ids {
  int can_switch;
  uid_t uid;
  gid_t gid;
  int ngroups;
  gid_t groups[EXEC_MAX_GROUPS];
};

/* One output pipe of a running program. */
struct exec_stream {
  int fd;
  const char *name;			/* "stdout" or "stderr" */
  int log, send;
  size_t len;
  char buf[EXEC_LINE_MAX + 1];
};

/* An ExecOnEvent hook. */
struct exec_event {
  struct exec_event *next;
  const char *event;			/* the event name listened to */
  int run_as;
  config_rec *c;
};

static struct exec_event *exec_events = NULL;

/* Written by the child of vfork() (in our memory) when it fails. */
struct exec_child_error {
  int step;
  int xerrno;
};

#define EXEC_STEP_FDS			1
#define EXEC_STEP_PRIVS			2
#define EXEC_STEP_EXEC			3

static void exec_any_ev(const void *, void *);

/* Support routines
 */

static int exec_log(const char *fmt, ...)
#ifdef __GNUC__
  __attribute__ ((format (printf, 1, 2)));
#else
  ;
#endif

static int exec_log(const char *fmt, ...) {
  va_list msg;
  int res;

  if (exec_logfd < 0) {
    return 0;
  }

  va_start(msg, fmt);
  res = pr_log_vwritefile(exec_logfd, MOD_EXEC_VERSION, fmt, msg);
  va_end(msg);

  return res;
}

static void exec_closelog(void) {
  if (exec_logfd >= 0) {
    (void) close(exec_logfd);
    exec_logfd = -1;
  }
}

/* Opens the ExecLog as ProFTPD opens its logs: as root, refusing a symlink
 * and a file in a world-writable directory (sticky or not), without
 * blocking; and then refusing anything but a regular file.
 */
static int exec_openlog(void) {
  const char *path;
  int res, xerrno;

  path = get_param_ptr(main_server->conf, "ExecLog", FALSE);
  if (path == NULL ||
      strcasecmp(path, "none") == 0) {
    return 0;
  }

  pr_signals_block();
  PRIVS_ROOT
  res = pr_log_openfile(path, &exec_logfd, PR_LOG_SYSTEM_MODE);
  xerrno = errno;
  PRIVS_RELINQUISH
  pr_signals_unblock();

  if (res == 0) {
    struct stat st;

    /* pr_log_openfile() opens without blocking (a FIFO with no reader is
     * refused); anything but a regular file (a FIFO with a reader, a
     * device) could still block a session or leak its lines: refuse it.
     */
    if (fstat(exec_logfd, &st) < 0 ||
        !S_ISREG(st.st_mode)) {
      exec_closelog();
      pr_log_pri(PR_LOG_NOTICE, MOD_EXEC_VERSION ": notice: unable to use "
        "ExecLog '%s': not a regular file", path);
      return -1;
    }
    return 0;
  }

  exec_logfd = -1;
  if (res == PR_LOG_SYMLINK) {
    pr_log_pri(PR_LOG_NOTICE, MOD_EXEC_VERSION ": notice: unable to use "
      "ExecLog '%s': cannot log to a symlink", path);

  } else if (res == PR_LOG_WRITABLE_DIR) {
    pr_log_pri(PR_LOG_NOTICE, MOD_EXEC_VERSION ": notice: unable to use "
      "ExecLog '%s': parent directory is world-writable", path);

  } else {
    pr_log_pri(PR_LOG_NOTICE, MOD_EXEC_VERSION ": notice: unable to use "
      "ExecLog '%s': %s", path, strerror(xerrno));
  }
  return -1;
}

/* A run outside a session (restart, events in the daemon) opens the log on
 * first use, and tries only once a configuration.
 */
static void exec_log_ensure(void) {
  if (exec_logfd < 0 &&
      !exec_log_tried &&
      session.pool == NULL) {
    exec_log_tried = TRUE;
    exec_openlog();
  }
}

static int exec_devnull_fd(void) {
  if (exec_devnull < 0) {
    exec_devnull = open("/dev/null", O_RDWR);
    if (exec_devnull >= 0) {
      (void) fcntl(exec_devnull, F_SETFD, FD_CLOEXEC);
    }
  }
  return exec_devnull;
}

/* The standard group of a command, for commands whose handler has not set
 * cmd->group yet (PRE_CMD handlers for "*" run first).
 */
static const char *exec_cmd_group(const char *name) {
  static const char *dirs[] = { C_CWD, C_XCWD, C_CDUP, C_XCUP, C_LIST,
    C_NLST, C_MLSD, C_MLST, C_PWD, C_XPWD, C_STAT, NULL };
  static const char *reads[] = { C_RETR, C_SIZE, C_MDTM, NULL };
  static const char *writes[] = { C_STOR, C_STOU, C_APPE, C_MKD, C_XMKD,
    C_RMD, C_XRMD, C_DELE, C_RNFR, C_RNTO, C_MFMT, NULL };
  unsigned int i;

  for (i = 0; dirs[i] != NULL; i++) {
    if (strcasecmp(name, dirs[i]) == 0) {
      return G_DIRS;
    }
  }
  for (i = 0; reads[i] != NULL; i++) {
    if (strcasecmp(name, reads[i]) == 0) {
      return G_READ;
    }
  }
  for (i = 0; writes[i] != NULL; i++) {
    if (strcasecmp(name, writes[i]) == 0) {
      return G_WRITE;
    }
  }
  return NULL;
}

static int exec_match_cmd(cmd_rec *cmd, array_header *cmds) {
  const char *name = cmd->argv[0], *group;
  char **elts = cmds->elts;
  unsigned int i;

  group = cmd->group != NULL ? cmd->group : exec_cmd_group(name);

  for (i = 0; i < cmds->nelts; i++) {
    if (strcasecmp(elts[i], "ALL") == 0 ||
        strcasecmp(elts[i], name) == 0) {
      return TRUE;
    }

    if (group != NULL &&
        strcasecmp(elts[i], group) == 0) {
      return TRUE;
    }

    if (strcasecmp(elts[i], "LOGIN") == 0 &&
        (strcasecmp(name, C_USER) == 0 ||
         strcasecmp(name, C_PASS) == 0)) {
      return TRUE;
    }
  }

  return FALSE;
}

/* The <Directory> for a command.  Before the command runs (PRE_CMD) the
 * core has not looked its target up yet, so look it up here.
 */
static config_rec *exec_cmd_dir(cmd_rec *cmd, int phase) {
  static const char *path_cmds[] = { C_APPE, C_CWD, C_DELE, C_MDTM, C_MKD,
    C_RETR, C_RMD, C_RNFR, C_RNTO, C_SIZE, C_STOR, C_STOU, C_XCWD, C_XMKD,
    C_XRMD, NULL };
  unsigned int i;
  char *path;

  if (phase != PRE_CMD ||
      cmd->arg == NULL ||
      *cmd->arg == '\0') {
    return session.dir_config;
  }

  for (i = 0; path_cmds[i] != NULL; i++) {
    if (strcasecmp(cmd->argv[0], path_cmds[i]) == 0) {
      break;
    }
  }
  if (path_cmds[i] == NULL) {
    return session.dir_config;
  }

  path = dir_abs_path(cmd->tmp_pool, cmd->arg, TRUE);
  return path ? dir_match_path(cmd->tmp_pool, path) : session.dir_config;
}

/* The configuration sets that apply to a command, innermost first: its
 * <Directory> (and the parents of that), the <Anonymous>, the server.
 */
static unsigned int exec_conf_sets(config_rec *dir, xaset_t **sets,
    unsigned int max) {
  config_rec *c;
  unsigned int n = 0, i;

  for (c = dir; c != NULL && n < max - 2; c = c->parent) {
    if (c->subset != NULL) {
      sets[n++] = c->subset;
    }
  }

  if (session.anon_config != NULL &&
      session.anon_config->subset != NULL) {
    for (i = 0; i < n && sets[i] != session.anon_config->subset; i++);
    if (i == n) {
      sets[n++] = session.anon_config->subset;
    }
  }

  if (main_server != NULL &&
      main_server->conf != NULL) {
    sets[n++] = main_server->conf;
  }

  return n;
}

/* ExecEnable: the innermost setting wins; enabled unless said otherwise. */
static int exec_enabled(config_rec *dir) {
  xaset_t *sets[16];
  unsigned int n, i;

  n = exec_conf_sets(dir, sets, 16);
  for (i = 0; i < n; i++) {
    int *enable = get_param_ptr(sets[i], "ExecEnable", FALSE);

    if (enable != NULL) {
      return *enable;
    }
  }

  return TRUE;
}

/* Variables
 */

struct exec_buf {
  pool *p;
  char *s;
  size_t len, size;
};

static void exec_buf_add(struct exec_buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->size) {
    size_t size = (b->size ? b->size : 64);
    char *s2;

    while (b->len + n + 1 > size) {
      size *= 2;
    }
    s2 = palloc(b->p, size);
    if (b->len > 0) {
      memcpy(s2, b->s, b->len);
    }
    b->s = s2;
    b->size = size;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

static int exec_is_cmd(cmd_rec *cmd, const char *name) {
  return cmd != NULL && strcasecmp(cmd->argv[0], name) == 0;
}

/* A session note, or dflt when there is none. */
static const char *exec_note(const char *key, const char *dflt) {
  const char *v = NULL;

  if (session.notes != NULL) {
    v = pr_table_get(session.notes, key, NULL);
  }
  return v != NULL ? v : dflt;
}

/* path without empty, "." and ".." components (".." above "/" is "/"). */
static const char *exec_clean_path(pool *p, const char *path) {
  char *out = pcalloc(p, strlen(path) + 2);
  const char *cp = path;
  size_t len = 0;

  while (*cp) {
    const char *start;
    size_t n;

    while (*cp == '/') {
      cp++;
    }
    start = cp;
    while (*cp && *cp != '/') {
      cp++;
    }
    n = (size_t) (cp - start);

    if (n == 0 ||
        (n == 1 && start[0] == '.')) {
      continue;
    }
    if (n == 2 && start[0] == '.' && start[1] == '.') {
      while (len > 0 && out[len - 1] != '/') {
        len--;
      }
      if (len > 0) {
        len--;
      }
      continue;
    }
    out[len++] = '/';
    memcpy(out + len, start, n);
    len += n;
  }

  if (len == 0) {
    out[len++] = '/';
  }
  out[len] = '\0';
  return out;
}

/* The path as the client sees it (inside any chroot), absolute, with the
 * symbolic links of its existing part resolved: what dir_best_path() gives.
 */
static const char *exec_best_path(pool *p, const char *arg) {
  char resolved[PATH_MAX + 1];
  const char *clean, *tail = "";
  char *work;

  clean = exec_clean_path(p, *arg == '/' ? arg :
    pdircat(p, session.cwd[0] ? session.cwd : "/", arg, NULL));
  work = pstrdup(p, clean);

  while (TRUE) {
    char *slash;

    if (realpath(work, resolved) != NULL) {
      return *tail ? pdircat(p, resolved, tail, NULL) : pstrdup(p, resolved);
    }

    slash = strrchr(work, '/');
    if (slash == NULL ||
        slash == work) {
      return clean;
    }
    tail = *tail ? pdircat(p, slash + 1, tail, NULL) : pstrdup(p, slash + 1);
    *slash = '\0';
  }
}

static const char *exec_abs_path(pool *p, const char *arg) {
  const char *path = dir_abs_path(p, arg, TRUE);

  return path != NULL ? path : "";
}

static int exec_is_transfer(cmd_rec *cmd) {
  return exec_is_cmd(cmd, C_STOR) || exec_is_cmd(cmd, C_RETR) ||
    exec_is_cmd(cmd, C_APPE);
}

/* %f: the command's file as the system sees it (a chroot's path included),
 * "" when there is none.  Outside a command it is no variable.
 */
static const char *exec_var_file(pool *p, struct exec_ctx *ctx) {
  cmd_rec *cmd = ctx->cmd;
  const char *arg;

  if (cmd == NULL) {
    return NULL;
  }
  arg = cmd->arg != NULL ? cmd->arg : "";

  if (exec_is_cmd(cmd, C_RNTO)) {
    return exec_abs_path(p, arg);
  }

  if (session.xfer.p != NULL &&
      session.xfer.path != NULL) {
    return exec_abs_path(p, session.xfer.path);
  }

  if (*arg == '\0') {
    return "";
  }

  if ((ctx->phase == PRE_CMD && exec_is_transfer(cmd)) ||
      exec_is_cmd(cmd, C_DELE) || exec_is_cmd(cmd, C_MKD) ||
      exec_is_cmd(cmd, C_XMKD) || exec_is_cmd(cmd, C_RMD) ||
      exec_is_cmd(cmd, C_XRMD)) {
    return exec_abs_path(p, arg);
  }

  return "";
}

/* %F: the command's file as the client sees it (inside any chroot). */
static const char *exec_var_client_file(pool *p, struct exec_ctx *ctx) {
  cmd_rec *cmd = ctx->cmd;
  const char *arg;

  if (cmd == NULL) {
    return NULL;
  }
  arg = cmd->arg != NULL ? cmd->arg : "";

  if (exec_is_cmd(cmd, C_RNTO)) {
    return exec_best_path(p, arg);
  }

  if (session.xfer.p != NULL &&
      session.xfer.path != NULL) {
    return session.xfer.path;
  }

  if (*arg == '\0') {
    return "";
  }

  if ((ctx->phase == PRE_CMD && exec_is_transfer(cmd)) ||
      exec_is_cmd(cmd, C_DELE)) {
    return exec_best_path(p, arg);
  }

  return "";
}

/* %r: the command as the client sent it, words joined by one space, a
 * password hidden.
 */
static const char *exec_var_request(pool *p, cmd_rec *cmd) {
  const char *text;
  unsigned int i;

  if (cmd->argc == 0) {
    return "";
  }

  text = pstrdup(p, cmd->argv[0]);
  if (exec_is_cmd(cmd, C_PASS) ||
      exec_is_cmd(cmd, "ADAT")) {
    return pstrcat(p, text, " (hidden)", NULL);
  }

  for (i = 1; i < cmd->argc; i++) {
    text = pstrcat(p, text, " ", (char *) cmd->argv[i], NULL);
  }
  return text;
}

/* %V: the name of the address the client connected to (its address as
 * text when names are not looked up).
 */
static const char *exec_var_local_name(void) {
  const pr_netaddr_t *addr = pr_netaddr_get_sess_local_addr();
  const char *s = NULL;

  if (addr == NULL) {
    return "";
  }
  s = pr_netaddr_get_dnsstr(addr);
  if (s == NULL) {
    s = pr_netaddr_get_ipstr(addr);
  }
  return s ? s : "";
}

/* A one-letter variable; NULL when it is none (it then stays as typed). */
static const char *exec_var_simple(pool *p, char var, struct exec_ctx *ctx) {
  const pr_netaddr_t *addr;
  const char *s;
  cmd_rec *cmd = ctx->cmd;
  char buf[64];

  switch (var) {
    case 'a':
      addr = pr_netaddr_get_sess_remote_addr();
      s = addr ? pr_netaddr_get_ipstr(addr) : NULL;
      return s ? s : "";

    case 'A':
      return exec_note("mod_auth.anon-passwd", "UNKNOWN");

    case 'b':
      if (session.xfer.p == NULL) {
        return "";
      }
      pr_snprintf(buf, sizeof(buf), "%llu",
        (unsigned long long) session.xfer.total_bytes);
      return pstrdup(p, buf);

    case 'C':
      return session.cwd;

    case 'c':
      if (session.conn_class != NULL &&
          session.conn_class->cls_name != NULL) {
        return session.conn_class->cls_name;
      }
      return "";

    case 'f':
      return exec_var_file(p, ctx);

    case 'F':
      return exec_var_client_file(p, ctx);

    case 'g':
      return session.group ? session.group : "";

    case 'h':
      s = pr_netaddr_get_sess_remote_name();
      return s ? s : "";

    case 'l':
      return exec_note("mod_ident.rfc1413-ident", "UNKNOWN");

    case 'm':
      return cmd ? (const char *) cmd->argv[0] : "";

    case 'r':
      return cmd ? exec_var_request(p, cmd) : NULL;

    case 'u':
      return session.user ? session.user : "";

    case 'U':
      return exec_note("mod_auth.orig-user", "");

    case 'V':
      return exec_var_local_name();

    case 'v':
      if (cmd == NULL) {
        return "";
      }
      s = cmd->server != NULL ? cmd->server->ServerName :
        main_server->ServerName;
      return s ? s : "";

    case 'w':
      if (cmd == NULL) {
        return NULL;
      }
      return exec_is_cmd(cmd, C_RNTO) ?
        exec_note("mod_core.rnfr-path", "-") : "-";

    default:
      return NULL;
  }
}

/* %{env:NAME}, %{time:fmt} and the server's variables (%{total_bytes_xfer}
 * and the like); "(none)" for one that has no value, as in ProFTPD.
 */
static const char *exec_var_braced(pool *p, const char *key, size_t len) {
  const char *v = NULL;

  if (len >= 4 && strncmp(key, "env:", 4) == 0) {
    v = getenv(pstrndup(p, key + 4, len - 4));
    return v ? v : "(none)";
  }

  if (len >= 5 && strncmp(key, "time:", 5) == 0) {
    char buf[128];
    struct tm tm;
    time_t now = time(NULL);

    buf[0] = '\0';
    if (localtime_r(&now, &tm) != NULL) {
      if (strftime(buf, sizeof(buf), pstrndup(p, key + 5, len - 5),
          &tm) == 0) {
        buf[0] = '\0';
      }
    }
    return pstrdup(p, buf);
  }

  v = pr_var_get(pstrcat(p, "%{", pstrndup(p, key, len), "}", NULL));
  return v ? v : "(none)";
}

/* Expands the variables in str as ProFTPD's mod_exec does, but in one pass:
 * a value (a file name a client chose, say) is never expanded again, where
 * ProFTPD's would expand a "%u" or "%{env:...}" inside it.  An unknown %X
 * stays as typed, an unknown %{name} is "(none)".
 */
static const char *exec_subst_var(pool *p, const char *str,
    struct exec_ctx *ctx) {
  struct exec_buf b = { p, "", 0, 0 };
  const char *cp = str;

  while (*cp) {
    const char *pct = strchr(cp, '%'), *val = NULL;
    size_t used = 2;

    if (pct == NULL) {
      exec_buf_add(&b, cp, strlen(cp));
      break;
    }
    exec_buf_add(&b, cp, (size_t) (pct - cp));

    if (pct[1] == '{') {
      const char *end = strchr(pct + 2, '}');

      if (end != NULL) {
        val = exec_var_braced(p, pct + 2, (size_t) (end - pct - 2));
        used = (size_t) (end - pct) + 1;
      }

    } else if (pct[1] != '\0') {
      val = exec_var_simple(p, pct[1], ctx);
    }

    if (val == NULL) {
      /* Not a variable: keep it as typed ("%%" included). */
      used = pct[1] == '%' ? 2 : 1;
      exec_buf_add(&b, pct, used);
      cp = pct + used;
      continue;
    }
    exec_buf_add(&b, val, strlen(val));
    cp = pct + used;
  }

  return b.len ? b.s : pstrdup(p, "");
}

/* The environment: exactly the ExecEnviron pairs, in order; a later pair
 * replaces an earlier one with the same name.
 */
static char **exec_prepare_environ(pool *p, struct exec_ctx *ctx) {
  array_header *env = make_array(p, 8, sizeof(char *));
  config_rec *c;

  c = find_config(main_server->conf, CONF_PARAM, "ExecEnviron", FALSE);
  while (c != NULL) {
    const char *key = c->argv[0], *val = c->argv[1];
    char **elts, *pair;
    size_t klen = strlen(key);
    unsigned int i;

    if (strcmp(val, "-") == 0) {
      val = getenv(key);
      if (val == NULL) {
        val = "";
      }

    } else {
      val = exec_subst_var(p, val, ctx);
    }
    pair = pstrcat(p, key, "=", val, NULL);

    elts = env->elts;
    for (i = 0; i < env->nelts; i++) {
      if (strncmp(elts[i], key, klen) == 0 &&
          elts[i][klen] == '=') {
        elts[i] = pair;
        break;
      }
    }
    if (i == env->nelts) {
      *((char **) push_array(env)) = pair;
    }

    c = find_config_next(c, c->next, CONF_PARAM, "ExecEnviron", FALSE);
  }

  *((char **) push_array(env)) = NULL;
  return env->elts;
}

/* Privileges
 */

static void exec_server_ids(uid_t *uid, gid_t *gid) {
  uid_t *up = get_param_ptr(main_server->conf, "UserID", FALSE);
  gid_t *gp = get_param_ptr(main_server->conf, "GroupID", FALSE);

  *uid = up ? *up : (daemon_uid != (uid_t) -1 ? daemon_uid : getuid());
  *gid = gp ? *gp : (daemon_gid != (gid_t) -1 ? daemon_gid : getgid());
}

/* The session's supplementary groups (its user's, after login), without
 * duplicates; the primary gid alone when there are none.
 */
static void exec_session_groups(struct exec_ids *ids, gid_t primary) {
  ids->ngroups = 0;

  if (session.gids != NULL &&
      session.gids->nelts > 0) {
    gid_t *gids = session.gids->elts;
    unsigned int i;

    for (i = 0; i < session.gids->nelts &&
        ids->ngroups < EXEC_MAX_GROUPS; i++) {
      int j;

      for (j = 0; j < ids->ngroups && ids->groups[j] != gids[i]; j++);
      if (j == ids->ngroups) {
        ids->groups[ids->ngroups++] = gids[i];
      }
    }
  }

  if (ids->ngroups == 0) {
    ids->groups[ids->ngroups++] = primary;
  }
}

static void exec_get_ids(int run_as, struct exec_ids *ids) {
  int logged_in = (session.user != NULL);

  ids->can_switch = (getuid() == 0 || geteuid() == 0);
  ids->ngroups = 1;

  if (run_as == EXEC_AS_ROOT) {
    ids->uid = 0;
    ids->gid = 0;
    ids->groups[0] = 0;

  } else if (run_as == EXEC_AS_USER &&
             logged_in) {
    /* "~": the logged-in user, whatever the session's ids are just now
     * (core.chroot fires before the switch to the user's ids).
     */
    ids->uid = session.login_uid;
    ids->gid = session.login_gid;
    exec_session_groups(ids, ids->gid);

  } else if (run_as == EXEC_AS_SESSION &&
             logged_in) {
    ids->uid = session.uid;
    ids->gid = session.gid;
    exec_session_groups(ids, ids->gid);

  } else {
    /* Before login (and in the daemon) "~" and the session mean the
     * server's User and Group; never root.
     */
    exec_server_ids(&ids->uid, &ids->gid);
    ids->groups[0] = ids->gid;
  }

  if (!ids->can_switch) {
    /* Nothing to switch with: the program runs as we do. */
    ids->uid = geteuid();
    ids->gid = getegid();
    ids->ngroups = 1;
    ids->groups[0] = ids->gid;
  }
}

static const char *exec_ids_text(pool *p, struct exec_ids *ids) {
  char buf[64];
  char *text;
  int i;

  pr_snprintf(buf, sizeof(buf), "uid %lu, gid %lu, groups ",
    (unsigned long) ids->uid, (unsigned long) ids->gid);
  text = pstrdup(p, buf);

  for (i = 0; i < ids->ngroups; i++) {
    pr_snprintf(buf, sizeof(buf), "%s%lu", i ? "," : "",
      (unsigned long) ids->groups[i]);
    text = pstrcat(p, text, buf, NULL);
  }

  return text;
}

/* Running a program
 */

static void exec_child_fail(volatile struct exec_child_error *err,
    int step) {
  err->xerrno = errno;
  err->step = step;
  _exit(127);
}

static void exec_close_from(int lowfd) {
  long max, fd;

#if defined(SYS_close_range)
  if (syscall(SYS_close_range, (unsigned int) lowfd, ~0U, 0) == 0) {
    return;
  }
#endif /* SYS_close_range */

  max = sysconf(_SC_OPEN_MAX);
  if (max < 0 || max > 65536) {
    max = 65536;
  }
  for (fd = lowfd; fd < max; fd++) {
    (void) close((int) fd);
  }
}

/* In the child (of vfork(): it shares our memory until execve, so only
 * system calls here): groups, then gid, then uid, real, effective and saved.
 * On Linux the raw system calls are used, as glibc's wrappers may try to
 * coordinate with the threads of the process that shares our memory.
 */
static int exec_child_set_ids(struct exec_ids *ids) {
#if defined(__linux__) && defined(SYS_setresuid) && defined(SYS_setresgid) && \
    defined(SYS_setgroups)
  if (geteuid() != 0 &&
      syscall(SYS_setresuid, -1, 0, -1) < 0) {
    return -1;
  }
  if (syscall(SYS_setgroups, (size_t) ids->ngroups, ids->groups) < 0 ||
      syscall(SYS_setresgid, ids->gid, ids->gid, ids->gid) < 0 ||
      syscall(SYS_setresuid, ids->uid, ids->uid, ids->uid) < 0) {
    return -1;
  }
#else
  if ((geteuid() != 0 && seteuid(0) < 0) ||
      setgroups((size_t) ids->ngroups, ids->groups) < 0 ||
      setgid(ids->gid) < 0 ||
      setuid(ids->uid) < 0) {
    return -1;
  }
#endif
  return 0;
}

/* In the child: default signals, the three pipes (or /dev/null) as
 * descriptors 0-2 and nothing else, the identity, then execve().  A failure
 * is noted in err, which the parent reads once vfork() has returned.
 */
static void exec_child(const char *path, char **argv, char **envp,
    int fds[3], volatile struct exec_child_error *err, struct exec_ids *ids) {
  struct sigaction sa;
  sigset_t none;
  int i;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  for (i = 1; i < NSIG; i++) {
    if (i != SIGKILL && i != SIGSTOP) {
      (void) sigaction(i, &sa, NULL);
    }
  }
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);

  /* The parent keeps every source descriptor above 2. */
  for (i = 0; i < 3; i++) {
    if (dup2(fds[i], i) < 0) {
      exec_child_fail(err, EXEC_STEP_FDS);
    }
  }
  exec_close_from(3);

  if (ids->can_switch &&
      exec_child_set_ids(ids) < 0) {
    exec_child_fail(err, EXEC_STEP_PRIVS);
  }

  execve(path, argv, envp);
  exec_child_fail(err, EXEC_STEP_EXEC);
}

/* Keeps a descriptor above 2 (so the child's dup2() calls cannot clobber
 * one another) and close-on-exec.
 */
static int exec_fd_prepare(int fd, int nonblock) {
  if (fd >= 0 && fd < 3) {
    int nfd = fcntl(fd, F_DUPFD, 3);

    (void) close(fd);
    fd = nfd;
  }
  if (fd >= 0) {
    (void) fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (nonblock) {
      (void) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
  }
  return fd;
}

/* A pipe whose parent end (read_end TRUE: the read end) is non-blocking. */
static int exec_pipe(int fds[2], int parent_reads) {
  if (pipe(fds) < 0) {
    fds[0] = fds[1] = -1;
    return -1;
  }
  fds[0] = exec_fd_prepare(fds[0], parent_reads);
  fds[1] = exec_fd_prepare(fds[1], !parent_reads);
  if (fds[0] < 0 || fds[1] < 0) {
    if (fds[0] >= 0) {
      (void) close(fds[0]);
    }
    if (fds[1] >= 0) {
      (void) close(fds[1]);
    }
    fds[0] = fds[1] = -1;
    return -1;
  }
  return 0;
}

static void exec_close(int *fd) {
  if (*fd >= 0) {
    (void) close(*fd);
    *fd = -1;
  }
}

/* A running program, seen from the parent. */
struct exec_proc {
  const char *path;
  pid_t pid;
  int pidfd, stdin_fd;
  const char *stdin_data;
  size_t stdin_len, stdin_off;
  struct exec_stream out, err;
  volatile struct exec_child_error child_err;
  int exited, status;
};

static void exec_stream_line(struct exec_proc *pr, struct exec_stream *s,
    char *line) {
  size_t n = strlen(line);

  if (n > 0 && line[n - 1] == '\r') {
    line[n - 1] = '\0';
  }

  if (s->log) {
    exec_log("%s from '%s': '%s'", s->name, pr->path, line);
  }

  if (s->send == EXEC_SEND_NOW) {
    pr_response_send(R_220, "%s", line);

  } else if (s->send == EXEC_SEND_ADD) {
    pr_response_add(R_DUP, "%s", line);
  }
}

/* Hands on every complete line (and, at EOF or when the buffer is full,
 * the partial one).
 */
static void exec_stream_lines(struct exec_proc *pr, struct exec_stream *s,
    int at_eof) {
  char *start = s->buf, *nl;
  size_t rest;

  if (!s->log && s->send == EXEC_SEND_NONE) {
    s->len = 0;
    return;
  }

  while ((nl = memchr(start, '\n', s->len - (size_t) (start - s->buf)))) {
    *nl = '\0';
    exec_stream_line(pr, s, start);
    start = nl + 1;
  }

  rest = s->len - (size_t) (start - s->buf);
  if (rest > 0 &&
      (at_eof || rest == EXEC_LINE_MAX)) {
    start[rest] = '\0';
    exec_stream_line(pr, s, start);
    rest = 0;
  }

  memmove(s->buf, start, rest);
  s->len = rest;
}

/* Reads what the pipe holds now; FALSE once it is at EOF (or broken). */
static int exec_stream_read(struct exec_proc *pr, struct exec_stream *s) {
  while (TRUE) {
    ssize_t n = read(s->fd, s->buf + s->len, EXEC_LINE_MAX - s->len);

    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return TRUE;
      }
      exec_log("error reading %s from '%s': %s", s->name, pr->path,
        strerror(errno));
      exec_stream_lines(pr, s, TRUE);
      return FALSE;
    }

    if (n == 0) {
      exec_stream_lines(pr, s, TRUE);
      return FALSE;
    }

    s->len += (size_t) n;
    exec_stream_lines(pr, s, FALSE);
  }
}

static void exec_stdin_write(struct exec_proc *pr) {
  while (pr->stdin_off < pr->stdin_len) {
    ssize_t n = write(pr->stdin_fd, pr->stdin_data + pr->stdin_off,
      pr->stdin_len - pr->stdin_off);

    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return;
      }
      exec_log("error writing arguments to stdin of '%s': %s", pr->path,
        strerror(errno));
      break;
    }
    pr->stdin_off += (size_t) n;
  }
  exec_close(&pr->stdin_fd);
}

static int exec_reap(struct exec_proc *pr, int options) {
  pid_t res;

  do {
    res = waitpid(pr->pid, &pr->status, options);
  } while (res < 0 && errno == EINTR);

  if (res == pr->pid || (res < 0 && errno == ECHILD)) {
    pr->exited = TRUE;
    if (res < 0) {
      pr->status = -1;
    }
  }
  return pr->exited;
}

static long long exec_now_ms(void) {
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ExecTimeout: SIGTERM when it passes, SIGKILL a grace period later. */
static void exec_check_timeout(struct exec_proc *pr, long long *deadline,
    int *signalled) {
  if (*deadline < 0 ||
      exec_now_ms() < *deadline) {
    return;
  }

  if (*signalled == 0) {
    exec_log("'%s' has exceeded ExecTimeout (%u seconds), sending SIGTERM "
      "(signal %d)", pr->path, exec_timeout, SIGTERM);
    (void) kill(pr->pid, SIGTERM);
    *signalled = SIGTERM;
    *deadline = exec_now_ms() + EXEC_KILL_GRACE_MS;

  } else {
    exec_log("'%s' is still running after SIGTERM, sending SIGKILL "
      "(signal %d)", pr->path, SIGKILL);
    (void) kill(pr->pid, SIGKILL);
    *signalled = SIGKILL;
    *deadline = -1;
  }
}

static int exec_poll_timeout(struct exec_proc *pr, long long deadline) {
  int timeout = -1;

  if (pr->pidfd < 0) {
    /* No pidfd: look for the child's exit now and then. */
    timeout = 10;
  }
  if (deadline >= 0) {
    long long left = deadline - exec_now_ms();

    if (left < 0) {
      left = 0;
    }
    if (timeout < 0 || left < timeout) {
      timeout = (int) left;
    }
  }
  return timeout;
}

static int exec_poll_add(struct pollfd *pfds, int *n, int fd, short events) {
  if (fd < 0) {
    return -1;
  }
  pfds[*n].fd = fd;
  pfds[*n].events = events;
  pfds[*n].revents = 0;
  return (*n)++;
}

/* One poll(2): reads output, feeds stdin, notices the exit. */
static void exec_proc_poll(struct exec_proc *pr, long long deadline) {
  struct pollfd pfds[4];
  int n = 0, i_out, i_err, i_in, i_pid, res;

  i_out = exec_poll_add(pfds, &n, pr->out.fd, POLLIN);
  i_err = exec_poll_add(pfds, &n, pr->err.fd, POLLIN);
  i_in = exec_poll_add(pfds, &n, pr->stdin_fd, POLLOUT);
  i_pid = exec_poll_add(pfds, &n, pr->pidfd, POLLIN);

  res = poll(pfds, (nfds_t) n, exec_poll_timeout(pr, deadline));
  if (res < 0 && errno != EINTR) {
    exec_log("error waiting for '%s': %s", pr->path, strerror(errno));
    exec_reap(pr, 0);
    return;
  }
  if (res <= 0) {
    return;
  }

  if (i_out >= 0 && pfds[i_out].revents &&
      !exec_stream_read(pr, &pr->out)) {
    exec_close(&pr->out.fd);
  }
  if (i_err >= 0 && pfds[i_err].revents &&
      !exec_stream_read(pr, &pr->err)) {
    exec_close(&pr->err.fd);
  }
  if (i_in >= 0 && pfds[i_in].revents) {
    exec_stdin_write(pr);
  }
  if (i_pid >= 0 && (pfds[i_pid].revents & POLLIN)) {
    exec_reap(pr, 0);
  }
}

/* Waits for the program, reading its output as it comes and feeding its
 * stdin, until it exits; nothing ever waits longer than it must.
 */
static void exec_proc_wait(struct exec_proc *pr) {
  long long deadline = -1;
  int signalled = 0;

  if (exec_timeout > 0) {
    deadline = exec_now_ms() + (long long) exec_timeout * 1000;
  }

  while (!pr->exited) {
    exec_proc_poll(pr, deadline);

    if (!pr->exited && pr->pidfd < 0) {
      exec_reap(pr, WNOHANG);
    }
    if (!pr->exited) {
      exec_check_timeout(pr, &deadline, &signalled);
    }
  }

  /* What the program wrote before it exited is in the pipes; anything a
   * child of its own writes later is not waited for.
   */
  if (pr->out.fd >= 0) {
    exec_stream_read(pr, &pr->out);
    exec_stream_lines(pr, &pr->out, TRUE);
  }
  if (pr->err.fd >= 0) {
    exec_stream_read(pr, &pr->err);
    exec_stream_lines(pr, &pr->err, TRUE);
  }
}

/* Logs how the program ended; returns 0 for an exit status of 0, else -1
 * with *why saying what went wrong.
 */
static int exec_proc_result(pool *p, struct exec_proc *pr, const char **why) {
  char buf[64];

  if (pr->child_err.step != 0) {
    const char *step = pr->child_err.step == EXEC_STEP_PRIVS ?
      "unable to switch privileges for" :
      pr->child_err.step == EXEC_STEP_FDS ?
      "unable to set up descriptors for" : "unable to execute";

    exec_log("error: %s '%s': %s", step, pr->path,
      strerror(pr->child_err.xerrno));
    *why = strerror(pr->child_err.xerrno);
    return -1;
  }

  if (pr->status != -1 && WIFEXITED(pr->status)) {
    exec_log("'%s' terminated normally, with exit status %d", pr->path,
      WEXITSTATUS(pr->status));
    pr_snprintf(buf, sizeof(buf), "exit status %d", WEXITSTATUS(pr->status));
    *why = pstrdup(p, buf);
    return WEXITSTATUS(pr->status) == 0 ? 0 : -1;
  }

  if (pr->status != -1 && WIFSIGNALED(pr->status)) {
    exec_log("'%s' died from signal %d (%s)%s", pr->path,
      WTERMSIG(pr->status), strsignal(WTERMSIG(pr->status)),
      WCOREDUMP(pr->status) ? ", dumping core" : "");
    pr_snprintf(buf, sizeof(buf), "signal %d", WTERMSIG(pr->status));
    *why = pstrdup(p, buf);
    return -1;
  }

  exec_log("'%s': unable to learn how it ended", pr->path);
  *why = "unknown status";
  return -1;
}

static void exec_proc_close(struct exec_proc *pr) {
  exec_close(&pr->stdin_fd);
  exec_close(&pr->out.fd);
  exec_close(&pr->err.fd);
  exec_close(&pr->pidfd);
}

static void exec_proc_init(struct exec_proc *pr, const char *path,
    int send) {
  memset(pr, 0, sizeof(*pr));
  pr->path = path;
  pr->pid = -1;
  pr->pidfd = pr->stdin_fd = -1;
  pr->out.fd = pr->err.fd = -1;
  pr->out.name = "stdout";
  pr->err.name = "stderr";
  pr->out.log = (exec_opts & EXEC_OPT_LOG_STDOUT) ? TRUE : FALSE;
  pr->err.log = (exec_opts & EXEC_OPT_LOG_STDERR) ? TRUE : FALSE;
  pr->out.send = (exec_opts & EXEC_OPT_SEND_STDOUT) ? send : EXEC_SEND_NONE;
  pr->err.send = EXEC_SEND_NONE;
}

/* The pipes: stdout, stderr, and stdin (useStdin) or /dev/null.  child_fds
 * gets the child's ends.
 */
static int exec_proc_pipes(struct exec_proc *pr, int child_fds[3]) {
  int out[2], err[2], in[2] = { -1, -1 };

  if (exec_pipe(out, TRUE) < 0) {
    return -1;
  }
  if (exec_pipe(err, TRUE) < 0 ||
      (pr->stdin_data != NULL && exec_pipe(in, FALSE) < 0)) {
    exec_close(&out[0]);
    exec_close(&out[1]);
    exec_close(&err[0]);
    exec_close(&err[1]);
    return -1;
  }

  pr->out.fd = out[0];
  pr->err.fd = err[0];
  pr->stdin_fd = in[1];
  child_fds[0] = in[0] >= 0 ? in[0] : exec_devnull_fd();
  child_fds[1] = out[1];
  child_fds[2] = err[1];

  if (child_fds[0] < 0) {
    exec_log("error: unable to open /dev/null for stdin: %s",
      strerror(errno));
    child_fds[0] = out[1];
  }
  return 0;
}

/* vfork() (no copy of our address space: the child only makes system
 * calls until execve), with every signal blocked so that no handler of ours
 * runs in the child; then wait for the program with SIGCHLD blocked (so no
 * handler reaps it first) and SIGPIPE ignored (stdin may close early).
 */
static int exec_proc_run(struct exec_proc *pr, char **argv, char **envp,
    struct exec_ids *ids) {
  struct sigaction ign, saved_pipe;
  sigset_t all, wait_mask, saved_mask;
  int child_fds[3], xerrno;

  if (exec_proc_pipes(pr, child_fds) < 0) {
    exec_log("error: unable to create pipes for '%s': %s", pr->path,
      strerror(errno));
    return -1;
  }

  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &saved_mask);
  memset(&ign, 0, sizeof(ign));
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  sigaction(SIGPIPE, &ign, &saved_pipe);

  pr->pid = vfork();
  if (pr->pid == 0) {
    exec_child(pr->path, argv, envp, child_fds, &pr->child_err, ids);
  }
  xerrno = errno;

  wait_mask = saved_mask;
  sigaddset(&wait_mask, SIGCHLD);
  sigprocmask(SIG_SETMASK, &wait_mask, NULL);

  if (child_fds[0] != exec_devnull) {
    (void) close(child_fds[0]);
  }
  (void) close(child_fds[1]);
  (void) close(child_fds[2]);

  if (pr->pid < 0) {
    exec_log("error: unable to vfork: %s", strerror(xerrno));

  } else {
#if defined(SYS_pidfd_open)
    pr->pidfd = (int) syscall(SYS_pidfd_open, pr->pid, 0);
    if (pr->pidfd >= 0) {
      pr->pidfd = exec_fd_prepare(pr->pidfd, FALSE);
    }
#endif /* SYS_pidfd_open */
    exec_proc_wait(pr);
  }

  sigaction(SIGPIPE, &saved_pipe, NULL);
  sigprocmask(SIG_SETMASK, &saved_mask, NULL);

  if (pr->pid < 0) {
    exec_proc_close(pr);
    errno = xerrno;
    return -1;
  }
  return 0;
}

/* With useStdin the arguments go to stdin, one a line, then ".". */
static const char *exec_stdin_text(pool *p, char **args, size_t *len) {
  char *text = "";
  unsigned int i;

  for (i = 1; args[i] != NULL; i++) {
    text = pstrcat(p, text, args[i], "\n", NULL);
  }
  text = pstrcat(p, text, ".\n", NULL);
  *len = strlen(text);
  return text;
}

/* Runs the program of hook c (argv[2] the path, argv[3...] the arguments);
 * returns 0 if it exited with status 0, else -1 with *why set.
 */
static int exec_ssystem(pool *p, config_rec *c, struct exec_ctx *ctx,
    const char **why) {
  const char *path = c->argv[2], *base;
  char **args, **envp, *noargs[2];
  unsigned int nargs = c->argc - 3, i;
  struct exec_ids ids;
  struct exec_proc pr;
  int res;

  base = strrchr(path, '/');
  base = base ? base + 1 : path;

  args = pcalloc(p, (nargs + 2) * sizeof(char *));
  args[0] = (char *) base;
  for (i = 0; i < nargs; i++) {
    args[i + 1] = (char *) exec_subst_var(p, c->argv[3 + i], ctx);
  }
  envp = exec_prepare_environ(p, ctx);
  exec_get_ids(ctx->run_as, &ids);

  exec_log("preparing to execute '%s' for %s%s%s%s with %s", path,
    ctx->trigger, ctx->cmd ? " (" : "",
    ctx->cmd ? (const char *) ctx->cmd->argv[0] : "", ctx->cmd ? ")" : "",
    exec_ids_text(p, &ids));
  for (i = 1; args[i] != NULL; i++) {
    exec_log(" + '%s': argv[%u] = %s", path, i, args[i]);
  }

  exec_proc_init(&pr, path, ctx->send);
  if (exec_opts & EXEC_OPT_USE_STDIN) {
    pr.stdin_data = exec_stdin_text(p, args, &pr.stdin_len);
    noargs[0] = args[0];
    noargs[1] = NULL;
    args = noargs;
  }

  if (exec_proc_run(&pr, args, envp, &ids) < 0) {
    *why = strerror(errno);
    return -1;
  }
  res = exec_proc_result(p, &pr, why);
  exec_proc_close(&pr);
  return res;
}

static void exec_run_hook(pool *p, config_rec *c, struct exec_ctx *ctx) {
  const char *label = ctx->cmd ? (const char *) ctx->cmd->argv[0] : "";
  const char *why = "";

  if (exec_ssystem(p, c, ctx, &why) < 0) {
    exec_log("%s%s%s '%s' failed: %s", label, *label ? " " : "",
      ctx->trigger, (const char *) c->argv[2], why);

  } else {
    exec_log("%s%s%s '%s' succeeded", label, *label ? " " : "",
      ctx->trigger, (const char *) c->argv[2]);
  }
}

/* Settings read at session start, and for runs in the daemon. */
static void exec_load_settings(void) {
  config_rec *c;

  c = find_config(main_server->conf, CONF_PARAM, "ExecOptions", FALSE);
  exec_opts = c ? *((unsigned int *) c->argv[0]) : 0U;

  c = find_config(main_server->conf, CONF_PARAM, "ExecTimeout", FALSE);
  exec_timeout = c ? *((unsigned int *) c->argv[0]) : 0U;
}

/* Runs every hook of a server-level trigger (ExecOnConnect, ExecOnExit,
 * ExecOnRestart), in configuration order.
 */
static void exec_run_list(const char *trigger, int run_as, int send) {
  array_header *todo;
  config_rec *c, **elts;
  pool *tmp_pool;
  struct exec_ctx ctx;
  unsigned int i;

  if (main_server == NULL) {
    return;
  }
  tmp_pool = make_sub_pool(session.pool ? session.pool : permanent_pool);
  pr_pool_tag(tmp_pool, MOD_EXEC_VERSION " run pool");

  todo = make_array(tmp_pool, 4, sizeof(config_rec *));
  c = find_config(main_server->conf, CONF_PARAM, trigger, FALSE);
  while (c != NULL) {
    *((config_rec **) push_array(todo)) = c;
    c = find_config_next(c, c->next, CONF_PARAM, trigger, FALSE);
  }

  memset(&ctx, 0, sizeof(ctx));
  ctx.trigger = trigger;
  ctx.run_as = run_as;
  ctx.send = send;

  elts = todo->elts;
  for (i = 0; i < todo->nelts; i++) {
    pr_signals_handle();
    exec_run_hook(tmp_pool, elts[i], &ctx);
  }

  destroy_pool(tmp_pool);
}

/* Runs the hooks of a command trigger that match cmd, each once, looking
 * from the innermost configuration outwards.
 */
static void exec_run_cmd_hooks(cmd_rec *cmd, const char *trigger, int phase,
    int send) {
  xaset_t *sets[16];
  array_header *seen, *todo;
  config_rec **elts;
  struct exec_ctx ctx;
  config_rec *dir;
  unsigned int nsets, i;

  if (!exec_engine) {
    return;
  }
  dir = exec_cmd_dir(cmd, phase);
  if (!exec_enabled(dir)) {
    return;
  }

  seen = make_array(cmd->tmp_pool, 4, sizeof(unsigned int));
  todo = make_array(cmd->tmp_pool, 4, sizeof(config_rec *));
  nsets = exec_conf_sets(dir, sets, 16);

  for (i = 0; i < nsets; i++) {
    config_rec *c = find_config(sets[i], CONF_PARAM, trigger, FALSE);

    while (c != NULL) {
      unsigned int id = *((unsigned int *) c->argv[0]), *ids, j;

      ids = seen->elts;
      for (j = 0; j < seen->nelts && ids[j] != id; j++);
      if (j == seen->nelts) {
        *((unsigned int *) push_array(seen)) = id;
        if (exec_match_cmd(cmd, c->argv[1])) {
          *((config_rec **) push_array(todo)) = c;
        }
      }
      c = find_config_next(c, c->next, CONF_PARAM, trigger, FALSE);
    }
  }

  memset(&ctx, 0, sizeof(ctx));
  ctx.trigger = trigger;
  ctx.cmd = cmd;
  ctx.phase = phase;
  ctx.run_as = EXEC_AS_SESSION;
  ctx.send = send;

  elts = todo->elts;
  for (i = 0; i < todo->nelts; i++) {
    exec_run_hook(cmd->tmp_pool, elts[i], &ctx);
  }
}

/* Configuration handlers
 */

/* A hook's program must be a full path to a file. */
static const char *exec_check_path(const char *path) {
  size_t len = strlen(path);

  if (*path != '/') {
    return "path to program must be a full path";
  }
  if (path[len - 1] == '/') {
    return "path to program names a directory, not a program";
  }
  return NULL;
}

/* "STOR,RETR,write": commands and groups, matched case-insensitively. */
static array_header *exec_parse_cmds(pool *p, const char *list) {
  array_header *cmds = make_array(p, 4, sizeof(char *));
  const char *cp = list;

  while (TRUE) {
    size_t len = strcspn(cp, ",");
    const char *start = cp, *end = cp + len;

    while (start < end && isspace((unsigned char) *start)) {
      start++;
    }
    while (end > start && isspace((unsigned char) end[-1])) {
      end--;
    }
    if (end == start) {
      return NULL;
    }
    *((char **) push_array(cmds)) = pstrndup(p, start,
      (size_t) (end - start));

    if (cp[len] == '\0') {
      break;
    }
    cp += len + 1;
  }

  return cmds;
}

/* Lays a hook out as argv[0] its id, argv[1] its command list (or NULL),
 * argv[2] the program, argv[3...] the arguments.
 */
static void exec_fill_hook(config_rec *c, cmd_rec *cmd, unsigned int path_idx,
    array_header *cmds) {
  unsigned int nargs = cmd->argc - path_idx, i;

  c->argc = 2 + nargs;
  c->argv = pcalloc(c->pool, (c->argc + 1) * sizeof(void *));
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned int));
  *((unsigned int *) c->argv[0]) = exec_nexecs++;
  c->argv[1] = cmds;

  for (i = 0; i < nargs; i++) {
    c->argv[2 + i] = pstrdup(c->pool, cmd->argv[path_idx + i]);
  }
}

/* ExecBeforeCommand, ExecOnCommand, ExecOnError: cmds path [args] */
static modret_t *exec_set_cmd_hook(cmd_rec *cmd) {
  array_header *cmds;
  config_rec *c;
  const char *why;

  if (cmd->argc < 3) {
    CONF_ERROR(cmd, "wrong number of parameters (usage: commands "
      "/path/to/program [args ...])");
  }
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR);

  why = exec_check_path(cmd->argv[2]);
  if (why != NULL) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, why, ": '",
      (char *) cmd->argv[2], "'", NULL));
  }

  c = add_config_param(cmd->argv[0], 0);
  cmds = exec_parse_cmds(c->pool, cmd->argv[1]);
  if (cmds == NULL) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "empty command in list '",
      (char *) cmd->argv[1], "'", NULL));
  }
  exec_fill_hook(c, cmd, 2, cmds);
  c->flags |= CF_MERGEDOWN_MULTI;

  return PR_HANDLED(cmd);
}

/* ExecOnConnect, ExecOnExit, ExecOnRestart: path [args] */
static modret_t *exec_set_server_hook(cmd_rec *cmd) {
  config_rec *c;
  const char *why;

  if (cmd->argc < 2) {
    CONF_ERROR(cmd, "wrong number of parameters (usage: /path/to/program "
      "[args ...])");
  }
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  why = exec_check_path(cmd->argv[1]);
  if (why != NULL) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, why, ": '",
      (char *) cmd->argv[1], "'", NULL));
  }

  c = add_config_param(cmd->argv[0], 0);
  exec_fill_hook(c, cmd, 1, NULL);

  return PR_HANDLED(cmd);
}

/* usage: ExecBeforeCommand cmds path [args ...] */
MODRET set_execbeforecommand(cmd_rec *cmd) {
  return exec_set_cmd_hook(cmd);
}

/* usage: ExecEnable on|off */
MODRET set_execenable(cmd_rec *cmd) {
  config_rec *c;
  int enable;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR);

  enable = get_boolean(cmd, 1);
  if (enable == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }

  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(int));
  *((int *) c->argv[0]) = enable;
  c->flags |= CF_MERGEDOWN;

  return PR_HANDLED(cmd);
}

/* usage: ExecEngine on|off */
MODRET set_execengine(cmd_rec *cmd) {
  config_rec *c;
  int engine;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  engine = get_boolean(cmd, 1);
  if (engine == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }

  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned char));
  *((unsigned char *) c->argv[0]) = (unsigned char) engine;

  /* Also for the daemon process (ExecOnRestart, ExecOnEvent). */
  exec_engine = engine;

  return PR_HANDLED(cmd);
}

/* usage: ExecEnviron name value|- */
MODRET set_execenviron(cmd_rec *cmd) {
  config_rec *c;
  char *key, *cp;

  CHECK_ARGS(cmd, 2);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  if (cmd->argc != 3) {
    CONF_ERROR(cmd, "wrong number of parameters (usage: ExecEnviron name "
      "value; quote a value holding spaces)");
  }

  key = pstrdup(cmd->tmp_pool, cmd->argv[1]);
  if (*key == '\0' ||
      strchr(key, '=') != NULL) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "bad environment variable name '",
      key, "'", NULL));
  }
  for (cp = key; *cp; cp++) {
    *cp = (char) toupper((unsigned char) *cp);
  }

  c = add_config_param_str(cmd->argv[0], 2, key, cmd->argv[2]);
  c->flags |= CF_MERGEDOWN_MULTI;

  return PR_HANDLED(cmd);
}

/* usage: ExecLog path|"none" */
MODRET set_execlog(cmd_rec *cmd) {
  const char *path;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  path = cmd->argv[1];
  if (strcasecmp(path, "none") != 0 &&
      *path != '/') {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "log path must be a full path "
      "(or \"none\"): '", path, "'", NULL));
  }

  add_config_param_str(cmd->argv[0], 1, path);
  return PR_HANDLED(cmd);
}

/* usage: ExecOnCommand cmds path [args ...] */
MODRET set_execoncommand(cmd_rec *cmd) {
  return exec_set_cmd_hook(cmd);
}

/* usage: ExecOnConnect path [args ...] */
MODRET set_execonconnect(cmd_rec *cmd) {
  return exec_set_server_hook(cmd);
}

/* usage: ExecOnError cmds path [args ...] */
MODRET set_execonerror(cmd_rec *cmd) {
  return exec_set_cmd_hook(cmd);
}

/* usage: ExecOnEvent event[*|~] path [args ...] */
MODRET set_execonevent(cmd_rec *cmd) {
  struct exec_event *ev, **evp;
  config_rec *c;
  const char *why;
  char *event;
  size_t len;
  int run_as = EXEC_AS_SERVER, listening = FALSE;

  if (cmd->argc < 3) {
    CONF_ERROR(cmd, "wrong number of parameters (usage: event[*|~] "
      "/path/to/program [args ...])");
  }
  CHECK_CONF(cmd, CONF_ROOT);

  if (exec_pool == NULL) {
    exec_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(exec_pool, MOD_EXEC_VERSION);
  }

  event = pstrdup(exec_pool, cmd->argv[1]);
  len = strlen(event);
  if (len > 1 && event[len - 1] == '*') {
    run_as = EXEC_AS_ROOT;
    event[--len] = '\0';

  } else if (len > 1 && event[len - 1] == '~') {
    run_as = EXEC_AS_USER;
    event[--len] = '\0';
  }
  if (len == 0 || strchr("*~", event[len - 1]) != NULL) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "bad event name '",
      (char *) cmd->argv[1], "'", NULL));
  }

  why = exec_check_path(cmd->argv[2]);
  if (why != NULL) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, why, ": '",
      (char *) cmd->argv[2], "'", NULL));
  }

  if (strcasecmp(event, "MaxConnectionRate") == 0) {
    event = "core.max-connection-rate";

  } else if (strcasecmp(event, "MaxInstances") == 0) {
    event = "core.max-instances";
  }

  c = pcalloc(exec_pool, sizeof(config_rec));
  c->pool = exec_pool;
  c->name = pstrdup(exec_pool, cmd->argv[0]);
  c->config_type = CONF_PARAM;
  exec_fill_hook(c, cmd, 2, NULL);

  ev = pcalloc(exec_pool, sizeof(struct exec_event));
  ev->event = event;
  ev->run_as = run_as;
  ev->c = c;

  for (evp = &exec_events; *evp != NULL; evp = &(*evp)->next) {
    if (strcmp((*evp)->event, event) == 0) {
      listening = TRUE;
    }
  }
  *evp = ev;

  /* One listener an event; it runs every hook for that event, in order. */
  if (!listening) {
    pr_event_register(&exec_module, event, exec_any_ev, (void *) event);
  }

  return PR_HANDLED(cmd);
}

/* usage: ExecOnExit path [args ...] */
MODRET set_execonexit(cmd_rec *cmd) {
  return exec_set_server_hook(cmd);
}

/* usage: ExecOnRestart path [args ...] */
MODRET set_execonrestart(cmd_rec *cmd) {
  return exec_set_server_hook(cmd);
}

/* usage: ExecOptions opt1 ... (logStderr, logStdout, sendStdout, useStdin) */
MODRET set_execoptions(cmd_rec *cmd) {
  config_rec *c;
  unsigned int opts = 0U, i;

  if (cmd->argc < 2) {
    CONF_ERROR(cmd, "wrong number of parameters (usage: ExecOptions "
      "logStderr|logStdout|sendStdout|useStdin ...)");
  }
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  for (i = 1; i < cmd->argc; i++) {
    const char *opt = cmd->argv[i];

    if (strcasecmp(opt, "logStdout") == 0) {
      opts |= EXEC_OPT_LOG_STDOUT;

    } else if (strcasecmp(opt, "logStderr") == 0) {
      opts |= EXEC_OPT_LOG_STDERR;

    } else if (strcasecmp(opt, "sendStdout") == 0) {
      opts |= EXEC_OPT_SEND_STDOUT;

    } else if (strcasecmp(opt, "useStdin") == 0) {
      opts |= EXEC_OPT_USE_STDIN;

    } else {
      CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unknown ExecOption '", opt,
        "' (use logStderr, logStdout, sendStdout or useStdin)", NULL));
    }
  }

  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned int));
  *((unsigned int *) c->argv[0]) = opts;

  return PR_HANDLED(cmd);
}

/* usage: ExecTimeout seconds */
MODRET set_exectimeout(cmd_rec *cmd) {
  config_rec *c;
  char *end = NULL;
  long timeout;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  timeout = strtol(cmd->argv[1], &end, 10);
  if (end == NULL || *end != '\0' || *((char *) cmd->argv[1]) == '\0' ||
      timeout < 0 || timeout > 65535) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "timeout must be a number of "
      "seconds from 0 to 65535, not '", (char *) cmd->argv[1], "'", NULL));
  }

  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned int));
  *((unsigned int *) c->argv[0]) = (unsigned int) timeout;

  return PR_HANDLED(cmd);
}

/* Command handlers
 */

MODRET exec_pre_cmd(cmd_rec *cmd) {
  exec_run_cmd_hooks(cmd, "ExecBeforeCommand", PRE_CMD, EXEC_SEND_NONE);
  return PR_DECLINED(cmd);
}

MODRET exec_post_cmd(cmd_rec *cmd) {
  exec_run_cmd_hooks(cmd, "ExecOnCommand", POST_CMD, EXEC_SEND_ADD);
  return PR_DECLINED(cmd);
}

MODRET exec_post_cmd_err(cmd_rec *cmd) {
  exec_run_cmd_hooks(cmd, "ExecOnError", POST_CMD_ERR, EXEC_SEND_NONE);
  return PR_DECLINED(cmd);
}

/* Event handlers
 */

static void exec_any_ev(const void *event_data, void *user_data) {
  const char *event = user_data;
  struct exec_event *ev;
  pool *tmp_pool;
  struct exec_ctx ctx;

  (void) event_data;
  if (!exec_engine) {
    return;
  }
  if (session.pool == NULL) {
    exec_load_settings();
    exec_log_ensure();
  }

  tmp_pool = make_sub_pool(session.pool ? session.pool : permanent_pool);
  pr_pool_tag(tmp_pool, MOD_EXEC_VERSION " event pool");
  memset(&ctx, 0, sizeof(ctx));
  ctx.trigger = "ExecOnEvent";

  for (ev = exec_events; ev != NULL; ev = ev->next) {
    if (strcmp(ev->event, event) != 0) {
      continue;
    }
    ctx.run_as = ev->run_as;
    exec_log("event '%s' fired", event);
    exec_run_hook(tmp_pool, ev->c, &ctx);
  }

  destroy_pool(tmp_pool);
}

static void exec_exit_ev(const void *event_data, void *user_data) {
  (void) event_data;
  (void) user_data;

  if (!exec_engine) {
    return;
  }
  /* As measured with ProFTPD: as the logged-in user, if any. */
  exec_run_list("ExecOnExit", EXEC_AS_SESSION, EXEC_SEND_NONE);
}

#if defined(PR_SHARED_MODULE)
static void exec_mod_unload_ev(const void *event_data, void *user_data) {
  (void) user_data;

  if (strcmp("mod_exec.c", (const char *) event_data) == 0) {
    pr_event_unregister(&exec_module, NULL, NULL);
    exec_closelog();
    exec_close(&exec_devnull);
    exec_events = NULL;
    if (exec_pool != NULL) {
      destroy_pool(exec_pool);
      exec_pool = NULL;
    }
  }
}
#endif /* PR_SHARED_MODULE */

static void exec_restart_ev(const void *event_data, void *user_data) {
  (void) event_data;
  (void) user_data;

  if (exec_engine) {
    exec_load_settings();
    exec_log_ensure();
    exec_run_list("ExecOnRestart", EXEC_AS_SERVER, EXEC_SEND_NONE);
  }

  /* The configuration is about to be read again: bounce the log. */
  exec_closelog();
  exec_log_tried = FALSE;
}

/* Initialization routines
 */

static int exec_init(void) {
  if (exec_pool == NULL) {
    exec_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(exec_pool, MOD_EXEC_VERSION);
  }

#if defined(PR_SHARED_MODULE)
  pr_event_register(&exec_module, "core.module-unload", exec_mod_unload_ev,
    NULL);
#endif /* PR_SHARED_MODULE */
  pr_event_register(&exec_module, "core.restart", exec_restart_ev, NULL);

  return 0;
}

static int exec_sess_init(void) {
  unsigned char *engine;

  engine = get_param_ptr(main_server->conf, "ExecEngine", FALSE);
  if (engine == NULL ||
      *engine != TRUE) {
    exec_engine = FALSE;
    exec_closelog();
    return 0;
  }
  exec_engine = TRUE;

  pr_event_register(&exec_module, "core.exit", exec_exit_ev, NULL);
  exec_load_settings();

  /* Opened now, so that a later chroot cannot take /dev/null away. */
  (void) exec_devnull_fd();

  exec_closelog();
  exec_openlog();

  /* Before mod_core's sess_init: %{total_bytes_in} and the like are not
   * defined yet, and expand to "(none)" (as in ProFTPD).
   */
  exec_run_list("ExecOnConnect", EXEC_AS_SERVER, EXEC_SEND_NOW);
  return 0;
}

/* Module API tables
 */

static conftable exec_conftab[] = {
  { "ExecBeforeCommand",	set_execbeforecommand,	NULL },
  { "ExecEnable",		set_execenable,		NULL },
  { "ExecEngine",		set_execengine,		NULL },
  { "ExecEnviron",		set_execenviron,	NULL },
  { "ExecLog",			set_execlog,		NULL },
  { "ExecOnCommand",		set_execoncommand,	NULL },
  { "ExecOnConnect",		set_execonconnect,	NULL },
  { "ExecOnError",		set_execonerror,	NULL },
  { "ExecOnEvent",		set_execonevent,	NULL },
  { "ExecOnExit",		set_execonexit,		NULL },
  { "ExecOnRestart",		set_execonrestart,	NULL },
  { "ExecOptions",		set_execoptions,	NULL },
  { "ExecTimeout",		set_exectimeout,	NULL },
  { NULL }
};

static cmdtable exec_cmdtab[] = {
  { PRE_CMD,		C_ANY,	G_NONE,	exec_pre_cmd,		FALSE,	FALSE },
  { POST_CMD,		C_ANY,	G_NONE,	exec_post_cmd,		FALSE,	FALSE },
  { POST_CMD_ERR,	C_ANY,	G_NONE,	exec_post_cmd_err,	FALSE,	FALSE },
  { 0, NULL }
};

module exec_module = {
  /* Always NULL */
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "exec",

  /* Module configuration handler table */
  exec_conftab,

  /* Module command handler table */
  exec_cmdtab,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  exec_init,

  /* Session initialization */
  exec_sess_init,

  /* Module version */
  MOD_EXEC_VERSION
};
