/*
 * mod_apicheck: calls ProFTPD API functions on request and replies with what
 * they returned, so that the shim and the real server can be compared on the
 * same calls (tests/e2e/test_real_modules_in_shim.py).
 *
 *   SITE APICHECK DURATION <str>           pr_str_get_duration
 *   SITE APICHECK REPLACE <s> <m> <r> ...  sreplace ("-" stands for "")
 *   SITE APICHECK IDS <uid> <gid>          pr_uid2str, pr_gid2str (pool, NULL)
 *   SITE APICHECK BEST <path>              dir_best_path
 *   SITE APICHECK PROTO                    pr_session_get_protocol(0, LOGOUT)
 *   SITE APICHECK DISPLAY ...              pr_cmd_get_displayable_str, pr_cmd_cmp
 *   SITE APICHECK CMDID <name>             pr_cmd_get_id
 *   SITE APICHECK PIPEBUF                  pr_fsio_getpipebuf
 *   SITE APICHECK LOCALTIME <time_t>       pr_localtime
 *   SITE APICHECK DECODE <path>            pr_fs_decode_path
 *
 * Each reply is "200 <OP> <results...>", errno as a number where it counts.
 */

#include "conf.h"

#define MOD_APICHECK_VERSION	"mod_apicheck/0.1"

module apicheck_module;

static const char *arg_or_empty(const char *s) {
  return strcmp(s, "-") == 0 ? "" : s;
}

MODRET apicheck_site(cmd_rec *cmd) {
  const char *op;
  pool *p = cmd->tmp_pool;

  if (cmd->argc < 3 ||
      strcasecmp(cmd->argv[1], "APICHECK") != 0) {
    return PR_DECLINED(cmd);
  }
  op = cmd->argv[2];
  errno = 0;

  if (strcasecmp(op, "DURATION") == 0 && cmd->argc == 4) {
    int secs = -7, res;
    res = pr_str_get_duration(cmd->argv[3], &secs);
    pr_response_add(R_200, "DURATION %d %d %d", res, secs,
      res < 0 ? errno : 0);

  } else if (strcasecmp(op, "REPLACE") == 0 && cmd->argc >= 4) {
    const char *a[6] = { NULL, NULL, NULL, NULL, NULL, NULL }, *res;
    unsigned int i;
    for (i = 4; i < cmd->argc && i < 10; i++) {
      a[i - 4] = arg_or_empty(cmd->argv[i]);
    }
    res = sreplace(p, cmd->argv[3], a[0], a[1], a[2], a[3], a[4], a[5], NULL);
    pr_response_add(R_200, "REPLACE [%s] %s %d", res ? res : "(null)",
      res == cmd->argv[3] ? "same" : "new", res ? 0 : errno);

  } else if (strcasecmp(op, "IDS") == 0 && cmd->argc == 5) {
    uid_t uid = (uid_t) strtol(cmd->argv[3], NULL, 10);
    gid_t gid = (gid_t) strtol(cmd->argv[4], NULL, 10);
    const char *u1 = pr_uid2str(p, uid), *g1 = pr_gid2str(p, gid);
    const char *u2 = pr_uid2str(NULL, uid);
    pr_response_add(R_200, "IDS %s %s %s", u1, g1, u2);

  } else if (strcasecmp(op, "BEST") == 0 && cmd->argc == 4) {
    const char *res = dir_best_path(p, cmd->argv[3]);
    pr_response_add(R_200, "BEST %s %d", res ? res : "(null)",
      res ? 0 : errno);

  } else if (strcasecmp(op, "PROTO") == 0) {
    pr_response_add(R_200, "PROTO %s %s", pr_session_get_protocol(0),
      pr_session_get_protocol(PR_SESS_PROTO_FL_LOGOUT));

  } else if (strcasecmp(op, "DISPLAY") == 0) {
    size_t len = 0;
    const char *s = pr_cmd_get_displayable_str(cmd, &len);
    const char *again = pr_cmd_get_displayable_str(cmd, NULL);
    pr_response_add(R_200, "DISPLAY [%s] %lu %s site=%d pass=%d cached=%d",
      s, (unsigned long) len, (char *) cmd->argv[0],
      pr_cmd_cmp(cmd, PR_CMD_SITE_ID), pr_cmd_cmp(cmd, PR_CMD_PASS_ID),
      s == again);

  } else if (strcasecmp(op, "CMDID") == 0 && cmd->argc == 4) {
    int id = pr_cmd_get_id(cmd->argv[3]);
    pr_response_add(R_200, "CMDID %d %d", id, id < 0 ? errno : 0);

  } else if (strcasecmp(op, "PIPEBUF") == 0) {
    long sz = -1;
    char *buf = pr_fsio_getpipebuf(p, 0, &sz);
    char *bad = pr_fsio_getpipebuf(p, -1, NULL);
    pr_response_add(R_200, "PIPEBUF %ld %d %d", sz, buf != NULL,
      bad == NULL ? errno : 0);

  } else if (strcasecmp(op, "LOCALTIME") == 0 && cmd->argc == 4) {
    time_t t = (time_t) strtol(cmd->argv[3], NULL, 10);
    struct tm *tm = pr_localtime(p, &t), *none = pr_localtime(NULL, &t);
    int xerrno = none == NULL ? errno : 0;
    if (tm == NULL) {
      pr_response_add(R_200, "LOCALTIME (null) %d", errno);
    } else {
      pr_response_add(R_200, "LOCALTIME %04d-%02d-%02d %02d:%02d:%02d wday=%d "
        "yday=%d null-pool=%d", tm->tm_year + 1900, tm->tm_mon + 1,
        tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_wday,
        tm->tm_yday, xerrno);
    }

  } else if (strcasecmp(op, "DECODE") == 0 && cmd->argc == 4) {
    const char *res = pr_fs_decode_path(p, cmd->argv[3]);
    pr_response_add(R_200, "DECODE %s %s", res ? res : "(null)",
      res == cmd->argv[3] ? "same" : "new");

  } else {
    pr_response_add_err(R_501, "bad APICHECK arguments");
    return PR_ERROR(cmd);
  }
  return PR_HANDLED(cmd);
}

static cmdtable apicheck_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	apicheck_site,	TRUE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module apicheck_module = {
  NULL, NULL,
  0x20,
  "apicheck",
  NULL,
  apicheck_cmdtab,
  NULL,
  NULL,
  NULL,
  MOD_APICHECK_VERSION
};
