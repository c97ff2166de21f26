/*
 * prxs shim host: trace channels (pr_trace_*), as ProFTPD 1.3.8's.
 *
 * "Trace channel:level" (or min-max) sets a channel's levels, "DEFAULT"
 * every built-in channel's; "TraceLog path" opens the file that messages
 * go to, one line each: "YYYY-MM-DD HH:MM:SS,mmm [pid] <channel:level>:
 * message" (TraceOptions may drop the timestamp, or its milliseconds, or
 * add the connection's addresses).  Without a TraceLog nothing is written
 * there, as proftpd; the shim also copies messages at or below its -d
 * debug level into its log, as it always did.
 */

#include "host_parse.h"

struct trace_levels {
  int min_level;
  int max_level;
};

static pool *trace_pool = NULL;
static pr_table_t *trace_tab = NULL;
static int trace_logfd = -1;
static unsigned long trace_opts = PR_TRACE_OPT_DEFAULT;

/* ProFTPD 1.3.8's built-in channels, which "DEFAULT" stands for. */
static const char *trace_channels[] = {
  "auth", "binding", "command", "config", "ctrls", "data", "delay",
  "directory", "dns", "dso", "encode", "event", "facl", "fsio", "ident",
  "inet", "lock", "log", "module", "netacl", "netio", "pam", "pool",
  "regexp", "response", "scoreboard", "signal", "site", "timer", "var",
  "xfer", NULL
};

void host_trace_reset(void) {
  if (trace_logfd >= 0) {
    (void) close(trace_logfd);
    trace_logfd = -1;
  }
  if (trace_pool != NULL) {
    destroy_pool(trace_pool);
    trace_pool = NULL;
    trace_tab = NULL;
  }
  trace_opts = PR_TRACE_OPT_DEFAULT;
}

pr_table_t *pr_trace_get_table(void) {
  if (trace_tab == NULL) {
    errno = ENOENT;
    return NULL;
  }
  return trace_tab;
}

static const struct trace_levels *trace_get_levels(const char *channel) {
  const struct trace_levels *levels;

  if (channel == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (trace_tab == NULL || trace_logfd < 0) {
    errno = EPERM;
    return NULL;
  }
  levels = pr_table_get(trace_tab, channel, NULL);
  if (levels == NULL) {
    errno = ENOENT;
  }
  return levels;
}

int pr_trace_get_max_level(const char *channel) {
  const struct trace_levels *levels = trace_get_levels(channel);

  return levels ? levels->max_level : -1;
}

int pr_trace_get_min_level(const char *channel) {
  const struct trace_levels *levels = trace_get_levels(channel);

  return levels ? levels->min_level : -1;
}

int pr_trace_get_level(const char *channel) {
  return pr_trace_get_max_level(channel);
}

static int trace_parse_int(const char *str, int *val) {
  char *end = NULL;
  long v;

  errno = 0;
  v = strtol(str, &end, 10);
  if (errno == ERANGE || end == str || (end != NULL && *end != '\0') ||
      v < 0 || v > INT_MAX) {
    errno = EINVAL;
    return -1;
  }
  *val = (int) v;
  return 0;
}

/* "N" (levels 1..N; "0" is 0..0) or "LOW-HIGH". */
int pr_trace_parse_levels(char *str, int *min_level, int *max_level) {
  char *dash;
  int low, high;

  if (str == NULL || min_level == NULL || max_level == NULL ||
      *str == '\0' || *str == '-') {
    errno = EINVAL;
    return -1;
  }

  dash = strchr(str, '-');
  if (dash == NULL) {
    if (trace_parse_int(str, &high) < 0) {
      return -1;
    }
    *min_level = high != 0 ? 1 : 0;
    *max_level = high;
    return 0;
  }

  *dash = '\0';
  if (trace_parse_int(str, &low) < 0) {
    *dash = '-';
    return -1;
  }
  *dash = '-';
  if (trace_parse_int(dash + 1, &high) < 0) {
    return -1;
  }
  if (high < low) {
    errno = EINVAL;
    return -1;
  }
  *min_level = low;
  *max_level = high;
  return 0;
}

/* A negative min_level removes the channel. */
int pr_trace_set_levels(const char *channel, int min_level, int max_level) {
  if (channel == NULL) {
    if (trace_tab == NULL) {
      errno = EINVAL;
      return -1;
    }
    return 0;
  }
  if (min_level > max_level) {
    errno = EINVAL;
    return -1;
  }
  if (trace_tab == NULL && min_level < 0) {
    return 0;
  }
  if (trace_pool == NULL) {
    trace_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(trace_pool, "Trace API");
    trace_tab = pr_table_alloc(trace_pool, 0);
  }

  if (strcmp(channel, PR_TRACE_DEFAULT_CHANNEL) == 0) {
    unsigned int i;

    for (i = 0; trace_channels[i] != NULL; i++) {
      (void) pr_trace_set_levels(trace_channels[i], min_level, max_level);
    }
    return 0;
  }

  if (min_level >= 0) {
    struct trace_levels *levels = pcalloc(trace_pool, sizeof(*levels));

    levels->min_level = min_level;
    levels->max_level = max_level;
    if (pr_table_get(trace_tab, channel, NULL) == NULL) {
      return pr_table_add(trace_tab, pstrdup(trace_pool, channel), levels,
        sizeof(struct trace_levels));
    }
    return pr_table_set(trace_tab, pstrdup(trace_pool, channel), levels,
      sizeof(struct trace_levels));
  }
  (void) pr_table_remove(trace_tab, channel, NULL);
  return 0;
}

int pr_trace_set_file(const char *path) {
  int res;

  if (path == NULL) {
    if (trace_logfd < 0) {
      errno = EINVAL;
      return -1;
    }
    (void) close(trace_logfd);
    trace_logfd = -1;
    return 0;
  }
  if (trace_logfd >= 0) {
    (void) close(trace_logfd);
    trace_logfd = -1;
  }
  res = pr_log_openfile(path, &trace_logfd, 0660);
  if (res == PR_LOG_WRITABLE_DIR || res == PR_LOG_SYMLINK) {
    errno = EPERM;
  }
  return res;
}

int pr_trace_set_options(unsigned long opts) {
  trace_opts = opts;
  return 0;
}

int pr_trace_use_stderr(int use_stderr) {
  if (trace_logfd >= 0) {
    (void) close(trace_logfd);
    trace_logfd = -1;
  }
  if (use_stderr) {
    trace_logfd = dup(STDERR_FILENO);
    if (trace_logfd < 0) {
      return -1;
    }
  }
  return 0;
}

/* The server port of the session's connection (in network order inside the
 * address).
 */
static int trace_local_port(const pr_netaddr_t *na) {
  if (na == NULL) {
    return 0;
  }
  if (na->na_family == AF_INET6) {
    return ntohs(na->na_addr.v6.sin6_port);
  }
  return ntohs(na->na_addr.v4.sin_port);
}

static int trace_write(const char *channel, int level, const char *msg) {
  char buf[PR_TUNABLE_BUFFER_SIZE * 4];
  size_t n = 0;
  int m;

  if (trace_opts & PR_TRACE_OPT_USE_TIMESTAMP) {
    struct timeval now;
    struct tm tm;

    gettimeofday(&now, NULL);
    localtime_r(&now.tv_sec, &tm);
    n = strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
    if (trace_opts & PR_TRACE_OPT_USE_TIMESTAMP_MILLIS) {
      m = snprintf(buf + n, sizeof(buf) - n, ",%03lu ",
        (unsigned long) now.tv_usec / 1000);
    } else {
      m = snprintf(buf + n, sizeof(buf) - n, " ");
    }
    n += m > 0 ? (size_t) m : 0;
  }

  if ((trace_opts & PR_TRACE_OPT_LOG_CONN_IPS) && session.c != NULL) {
    const char *client = pr_netaddr_get_ipstr(session.c->remote_addr);
    const char *server = pr_netaddr_get_ipstr(session.c->local_addr);

    m = snprintf(buf + n, sizeof(buf) - n,
      "[%u] (client %s, server %s:%d) <%s:%d>: %s",
      (unsigned int) (session.pid ? session.pid : getpid()),
      client ? client : "none", server ? server : "none",
      trace_local_port(session.c->local_addr), channel, level, msg);
  } else {
    m = snprintf(buf + n, sizeof(buf) - n, "[%u] <%s:%d>: %s",
      (unsigned int) (session.pid ? session.pid : getpid()), channel, level,
      msg);
  }
  n += m > 0 ? (size_t) m : 0;
  if (n < sizeof(buf) - 1) {
    buf[n++] = '\n';
  } else {
    memcpy(buf + sizeof(buf) - 5, "....", 4);
    n = sizeof(buf) - 1;
  }
  return (int) write(trace_logfd, buf, n);
}

int pr_trace_vmsg(const char *channel, int level, const char *fmt,
    va_list ap) {
  char buf[PR_TUNABLE_BUFFER_SIZE * 4];
  const struct trace_levels *levels;
  int to_log, to_debug, len;

  if (channel == NULL || fmt == NULL || level <= 0) {
    errno = EINVAL;
    return -1;
  }

  levels = trace_logfd >= 0 ? trace_get_levels(channel) : NULL;
  to_log = levels != NULL && level >= levels->min_level &&
    level <= levels->max_level;
  to_debug = level <= host_debug_level;
  if (!to_log && !to_debug) {
    return 0;
  }

  len = vsnprintf(buf, sizeof(buf), fmt, ap);
  if (len < 0) {
    return -1;
  }
  len = (size_t) len < sizeof(buf) ? len : (int) sizeof(buf) - 1;
  while (len > 0 && buf[len - 1] == '\n') {
    buf[--len] = '\0';
  }
  if (to_debug) {
    host_log_msg("<%s:%d>: %s", channel, level, buf);
  }
  return to_log ? trace_write(channel, level, buf) : 0;
}

int pr_trace_msg(const char *channel, int level, const char *fmt, ...) {
  va_list ap;
  int res;

  if (channel == NULL || fmt == NULL || level <= 0) {
    errno = EINVAL;
    return -1;
  }
  if (trace_logfd < 0 && level > host_debug_level) {
    return 0;
  }
  va_start(ap, fmt);
  res = pr_trace_vmsg(channel, level, fmt, ap);
  va_end(ap);
  return res;
}

/* usage: Trace ["session"] channel1:level1 ... */
modret_t *host_set_trace(cmd_rec *cmd) {
  unsigned int i, idx = 1;
  int per_session = FALSE, ctx;

  if (cmd->argc < 2) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  ctx = (cmd->config && cmd->config->config_type != CONF_PARAM) ?
    cmd->config->config_type : cmd->server->config_type ?
    cmd->server->config_type : CONF_ROOT;
  if (strcasecmp(cmd->argv[1], "session") == 0) {
    if (cmd->argc == 2) {
      CONF_ERROR(cmd, "wrong number of parameters");
    }
    per_session = TRUE;
    idx = 2;
  }
  if (ctx & (CONF_VIRTUAL|CONF_GLOBAL)) {
    per_session = TRUE;
  }

  for (i = idx; i < cmd->argc; i++) {
    char *channel = cmd->argv[i], *ptr = strchr(channel, ':');
    int min_level, max_level;

    if (ptr == NULL) {
      CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "badly formatted parameter: '",
        channel, "'", NULL));
    }
    *ptr = '\0';
    if (pr_trace_parse_levels(ptr + 1, &min_level, &max_level) < 0) {
      const char *err = pstrcat(cmd->tmp_pool, "error parsing level \"",
        ptr + 1, "\" for channel '", channel, "': ", strerror(errno), NULL);

      *ptr = ':';
      CONF_ERROR(cmd, err);
    }
    if (!per_session &&
        pr_trace_set_levels(channel, min_level, max_level) < 0) {
      const char *err = pstrcat(cmd->tmp_pool, "error setting level \"",
        ptr + 1, "\" for channel '", channel, "': ", strerror(errno), NULL);

      *ptr = ':';
      CONF_ERROR(cmd, err);
    }
    *ptr = ':';
  }

  if (per_session) {
    /* Kept for the session: host_trace_sess_init(). */
    config_rec *c = add_config_param(cmd->argv[0], 0);

    c->argc = cmd->argc - idx;
    c->argv = pcalloc(c->pool, (c->argc + 1) * sizeof(void *));
    for (i = idx; i < cmd->argc; i++) {
      c->argv[i - idx] = pstrdup(c->pool, cmd->argv[i]);
    }
  }
  return PR_HANDLED(cmd);
}

/* usage: TraceLog path */
modret_t *host_set_tracelog(cmd_rec *cmd) {
  const char *path;

  if (cmd->argc != 2) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }
  CHECK_CONF(cmd, CONF_ROOT|CONF_GLOBAL);
  path = cmd->argv[1];
  if (*path != '/') {
    CONF_ERROR(cmd, "must be an absolute path");
  }
  if (pr_trace_set_file(path) < 0) {
    if (errno == EPERM) {
      CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "error using TraceLog '", path,
        "': directory is symlink or is world-writable", NULL));
    }
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "error using TraceLog '", path,
      "': ", strerror(errno), NULL));
  }
  return PR_HANDLED(cmd);
}

/* usage: TraceOptions +|-opt ... */
modret_t *host_set_traceoptions(cmd_rec *cmd) {
  unsigned long opts = PR_TRACE_OPT_DEFAULT;
  unsigned int i;

  if (cmd->argc < 2) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  for (i = 1; i < cmd->argc; i++) {
    const char *opt = cmd->argv[i];
    unsigned long bit;
    char action = *opt;

    if (action != '-' && action != '+') {
      CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "bad TraceOption: '", opt, "'",
        NULL));
    }
    opt++;
    if (strcasecmp(opt, "ConnIPs") == 0) {
      bit = PR_TRACE_OPT_LOG_CONN_IPS;
    } else if (strcasecmp(opt, "Timestamp") == 0) {
      bit = PR_TRACE_OPT_USE_TIMESTAMP;
    } else if (strcasecmp(opt, "TimestampMillis") == 0) {
      bit = PR_TRACE_OPT_USE_TIMESTAMP_MILLIS;
    } else {
      CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unknown TraceOption: '", opt,
        "'", NULL));
    }
    if (action == '+') {
      opts |= bit;
    } else {
      opts &= ~bit;
    }
  }
  {
    config_rec *c = add_config_param(cmd->argv[0], 1, NULL);
    int ctx = (cmd->config && cmd->config->config_type != CONF_PARAM) ?
      cmd->config->config_type : cmd->server->config_type ?
      cmd->server->config_type : CONF_ROOT;

    c->argv[0] = palloc(c->pool, sizeof(unsigned long));
    *((unsigned long *) c->argv[0]) = opts;
    if (ctx == CONF_ROOT) {
      pr_trace_set_options(opts);
    }
  }
  return PR_HANDLED(cmd);
}

/* A session's own Trace ("Trace session ...", or in a <VirtualHost> or
 * <Global>) and TraceOptions, applied when the session starts, as
 * mod_core's sess_init.
 */
void host_trace_sess_init(void) {
  config_rec *c;
  unsigned int i;

  if (main_server == NULL) {
    return;
  }
  c = find_config(main_server->conf, CONF_PARAM, "Trace", FALSE);
  for (i = 0; c != NULL && i < c->argc; i++) {
    char *channel = c->argv[i], *ptr = strchr(channel, ':');
    int min_level, max_level;

    if (ptr == NULL) {
      pr_log_debug(DEBUG6, "skipping badly formatted '%s' setting", channel);
      continue;
    }
    *ptr = '\0';
    if (pr_trace_parse_levels(ptr + 1, &min_level, &max_level) == 0 &&
        pr_trace_set_levels(channel, min_level, max_level) < 0) {
      pr_log_debug(DEBUG6, "%s: error setting levels %d-%d for channel "
        "'%s': %s", c->name, min_level, max_level, channel, strerror(errno));
    }
    *ptr = ':';
  }

  c = find_config(main_server->conf, CONF_PARAM, "TraceOptions", FALSE);
  if (c != NULL && c->argv[0] != NULL) {
    pr_trace_set_options(*((unsigned long *) c->argv[0]));
  }
}
