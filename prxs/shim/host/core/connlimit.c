/*
 * prxs shim host: MaxInstances and MaxConnectionRate, as proftpd's core has
 * them.
 *
 * The master refuses a new connection while MaxInstances sessions are
 * running, or when more than MaxConnectionRate connections arrived within
 * its interval: it logs the refusal, generates "core.max-instances" or
 * "core.max-connection-rate" (mod_exec's ExecOnEvent MaxInstances and
 * MaxConnectionRate listen to them) and closes the connection without
 * forking a session.
 */

#include "host.h"

/* Arrival times of the latest connections, for MaxConnectionRate. */
#define CONNLIMIT_MAX_RATE	1024

static time_t conn_times[CONNLIMIT_MAX_RATE];
static unsigned int conn_next = 0;

static modret_t *connlimit_number(cmd_rec *cmd, unsigned int idx,
    unsigned long max, unsigned long *res) {
  char *end = NULL;
  long v;

  v = strtol(cmd->argv[idx], &end, 10);
  if (end == NULL || *end != '\0' || v < 1 || (unsigned long) v > max) {
    char buf[32];

    snprintf(buf, sizeof(buf), "%lu", max);
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "argument '",
      (char *) cmd->argv[idx], "' must be a number from 1 to ", buf, NULL));
  }
  *res = (unsigned long) v;
  return NULL;
}

/* usage: MaxInstances count|none */
modret_t *set_maxinstances(cmd_rec *cmd) {
  config_rec *c;
  unsigned long max = 0;
  modret_t *mr;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  if (strcasecmp(cmd->argv[1], "none") != 0 &&
      (mr = connlimit_number(cmd, 1, 1000000, &max)) != NULL) {
    return mr;
  }

  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned long));
  *((unsigned long *) c->argv[0]) = max;
  ServerMaxInstances = max;
  return PR_HANDLED(cmd);
}

/* usage: MaxConnectionRate count [seconds] */
modret_t *set_maxconnectionrate(cmd_rec *cmd) {
  config_rec *c;
  unsigned long count, interval = 1;
  modret_t *mr;

  if (cmd->argc < 2 || cmd->argc > 3) {
    CONF_ERROR(cmd, "wrong number of parameters (usage: MaxConnectionRate "
      "count [seconds])");
  }
  CHECK_CONF(cmd, CONF_ROOT);

  if ((mr = connlimit_number(cmd, 1, CONNLIMIT_MAX_RATE, &count)) != NULL ||
      (cmd->argc == 3 &&
       (mr = connlimit_number(cmd, 2, 86400, &interval)) != NULL)) {
    return mr;
  }

  c = add_config_param(cmd->argv[0], 2, NULL, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned long));
  *((unsigned long *) c->argv[0]) = count;
  c->argv[1] = pcalloc(c->pool, sizeof(unsigned long));
  *((unsigned long *) c->argv[1]) = interval;
  return PR_HANDLED(cmd);
}

static int connlimit_rate_exceeded(void) {
  config_rec *c;
  unsigned long count, interval, recent = 0, i;
  time_t now = time(NULL);

  c = find_config(main_server->conf, CONF_PARAM, "MaxConnectionRate", FALSE);
  conn_times[conn_next] = now;
  conn_next = (conn_next + 1) % CONNLIMIT_MAX_RATE;
  if (c == NULL) {
    return FALSE;
  }
  count = *((unsigned long *) c->argv[0]);
  interval = *((unsigned long *) c->argv[1]);

  for (i = 0; i < CONNLIMIT_MAX_RATE; i++) {
    if (conn_times[i] != 0 && now - conn_times[i] < (time_t) interval) {
      recent++;
    }
  }
  if (recent <= count) {
    return FALSE;
  }

  host_log_msg("MaxConnectionRate (%lu/%lu secs) reached, new connection "
    "denied", count, interval);
  pr_event_generate("core.max-connection-rate", NULL);
  return TRUE;
}

/* TRUE (having logged and generated the event) if a new connection must be
 * refused.
 */
int host_connection_refused(unsigned int nsessions) {
  unsigned long *max;

  if (main_server == NULL) {
    return FALSE;
  }
  if (connlimit_rate_exceeded()) {
    return TRUE;
  }

  max = get_param_ptr(main_server->conf, "MaxInstances", FALSE);
  if (max == NULL || *max == 0 || nsessions < *max) {
    return FALSE;
  }

  host_log_msg("MaxInstances (%lu) reached, new connection denied", *max);
  pr_event_generate("core.max-instances", NULL);
  return TRUE;
}
