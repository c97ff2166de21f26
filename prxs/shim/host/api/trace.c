/*
 * prxs shim host: the trace levels table (Trace, pr_trace_*_levels).
 *
 * The shim keeps the levels a module or the configuration sets, as
 * proftpd's trace.c does, but it has no TraceLog: like the real server
 * without one, pr_trace_get_level() answers -1 (EPERM) for every channel.
 * The shim's own pr_trace_msg() (log.c) writes to the host log by
 * DebugLevel.
 */

#include "host.h"

struct trace_levels {
  int min_level, max_level;
};

static pool *trace_pool = NULL;
static pr_table_t *trace_tab = NULL;

/* The channels "DEFAULT" stands for, as proftpd 1.3.8 names them. */
static const char *trace_default_channels[] = {
  "auth", "binding", "command", "config", "ctrls", "data", "delay", "dns",
  "dso", "encode", "event", "facl", "fsio", "ident", "inet", "lang", "log",
  "module", "netacl", "netio", "pam", "pool", "regexp", "response",
  "scoreboard", "signal", "site", "timer", "var", "xfer", NULL
};

pr_table_t *pr_trace_get_table(void) {
  if (trace_tab == NULL) {
    errno = ENOENT;
    return NULL;
  }
  return trace_tab;
}

/* No TraceLog in the shim: -1 with EPERM, the real server's answer when
 * it has none (EINVAL without a channel).
 */
int pr_trace_get_level(const char *channel) {
  if (channel == NULL) {
    errno = EINVAL;
    return -1;
  }
  errno = EPERM;
  return -1;
}

int pr_trace_get_max_level(const char *channel) {
  return pr_trace_get_level(channel);
}

int pr_trace_get_min_level(const char *channel) {
  return pr_trace_get_level(channel);
}

static int trace_parse_int(const char *s, int *v) {
  char *end = NULL;
  long n;

  errno = 0;
  n = strtol(s, &end, 10);
  if (errno == ERANGE || end == s || (end != NULL && *end != '\0') ||
      n < 0 || n > 0x7fffffffL) {
    errno = EINVAL;
    return -1;
  }
  *v = (int) n;
  return 0;
}

/* "N" (levels 1 to N; "0": 0 to 0) or "L-H" (L <= H): the levels. */
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
  if (trace_parse_int(dash + 1, &high) < 0 || low > high) {
    errno = EINVAL;
    return -1;
  }
  *min_level = low;
  *max_level = high;
  return 0;
}

/* Set a channel's levels ("DEFAULT": every standard channel); a negative
 * min_level removes the channel.
 */
int pr_trace_set_levels(const char *channel, int min_level, int max_level) {
  unsigned int i;

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
  if (strcmp(channel, "DEFAULT") == 0) {
    for (i = 0; trace_default_channels[i] != NULL; i++) {
      pr_trace_set_levels(trace_default_channels[i], min_level, max_level);
    }
    return 0;
  }
  if (min_level < 0) {
    pr_table_remove(trace_tab, channel, NULL);
    return 0;
  }
  {
    struct trace_levels *levels = pcalloc(trace_pool, sizeof(*levels));

    levels->min_level = min_level;
    levels->max_level = max_level;
    if (pr_table_exists(trace_tab, channel) > 0) {
      return pr_table_set(trace_tab, channel, levels, sizeof(*levels));
    }
    return pr_table_add(trace_tab, pstrdup(trace_pool, channel), levels,
      sizeof(*levels));
  }
}
