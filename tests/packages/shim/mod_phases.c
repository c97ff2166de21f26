/*
 * ProFTPD: mod_phases -- logs every command phase and every core event,
 * to pin the host's dispatch order and event delivery.
 *
 * XPHA succeeds; XERR fails in CMD; XPRE fails in PRE_CMD; XDEC is
 * declined by this module (and so not understood).
 */

#include "conf.h"

#define MOD_PHASES_VERSION	"mod_phases/0.1"

module phases_module;

static void phases_log(const char *phase, cmd_rec *cmd) {
  pr_log_pri(PR_LOG_NOTICE, MOD_PHASES_VERSION ": %s %s user=%s", phase,
    (char *) cmd->argv[0], session.user ? session.user : "-");
}

MODRET phases_any_pre(cmd_rec *cmd) {
  phases_log("ANY_PRE_CMD", cmd);
  return PR_DECLINED(cmd);
}

MODRET phases_pre(cmd_rec *cmd) {
  phases_log("PRE_CMD", cmd);
  if (strcmp(cmd->argv[0], "XPRE") == 0) {
    pr_response_add_err(R_550, "XPRE refused in PRE_CMD");
    return PR_ERROR(cmd);
  }
  return PR_DECLINED(cmd);
}

MODRET phases_cmd(cmd_rec *cmd) {
  phases_log("CMD", cmd);
  if (strcmp(cmd->argv[0], "XERR") == 0) {
    return PR_ERROR_MSG(cmd, R_550, "XERR failed on purpose");
  }
  if (strcmp(cmd->argv[0], "XDEC") == 0) {
    return PR_DECLINED(cmd);
  }
  pr_response_add(R_200, "%s done", (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

MODRET phases_post(cmd_rec *cmd) {
  phases_log("POST_CMD", cmd);
  return PR_DECLINED(cmd);
}

MODRET phases_post_err(cmd_rec *cmd) {
  phases_log("POST_CMD_ERR", cmd);
  return PR_DECLINED(cmd);
}

MODRET phases_log_cmd(cmd_rec *cmd) {
  phases_log("LOG_CMD", cmd);
  return PR_DECLINED(cmd);
}

MODRET phases_log_err(cmd_rec *cmd) {
  phases_log("LOG_CMD_ERR", cmd);
  return PR_DECLINED(cmd);
}

MODRET phases_auth_only(cmd_rec *cmd) {
  pr_response_add(R_200, "XAUTH for %s", session.user);
  return PR_HANDLED(cmd);
}

static void phases_event(const void *event_data, void *user_data) {
  const char *name = user_data;

  if (strcmp(name, "core.module-load") == 0 ||
      strcmp(name, "core.module-unload") == 0) {
    pr_log_pri(PR_LOG_NOTICE, MOD_PHASES_VERSION ": event %s %s", name,
      (const char *) event_data);
  } else {
    pr_log_pri(PR_LOG_NOTICE, MOD_PHASES_VERSION ": event %s", name);
  }
}

static int phases_init(void) {
  static const char *events[] = { "core.exit", "core.restart",
    "core.module-load", "core.module-unload", "core.session-reinit", NULL };
  unsigned int i;

  for (i = 0; events[i] != NULL; i++) {
    pr_event_register(&phases_module, events[i], phases_event,
      (void *) events[i]);
  }
  pr_log_pri(PR_LOG_NOTICE, MOD_PHASES_VERSION ": init");

  /* Modules that print must not disturb the host's control channel. */
  printf("mod_phases: init says hello on stdout\n");
  fflush(stdout);
  return 0;
}

static int phases_sess_init(void) {
  pr_log_pri(PR_LOG_NOTICE, MOD_PHASES_VERSION ": sess_init from %s",
    pr_netaddr_get_ipstr(session.c->remote_addr));
  return 0;
}

static cmdtable phases_cmdtab[] = {
  { PRE_CMD,	C_ANY,	G_NONE,	phases_any_pre,	FALSE,	FALSE },
  { PRE_CMD,	"XPHA",	G_NONE,	phases_pre,	FALSE,	FALSE },
  { PRE_CMD,	"XPRE",	G_NONE,	phases_pre,	FALSE,	FALSE },
  { CMD,	"XPHA",	G_NONE,	phases_cmd,	FALSE,	FALSE },
  { CMD,	"XERR",	G_NONE,	phases_cmd,	FALSE,	FALSE },
  { CMD,	"XDEC",	G_NONE,	phases_cmd,	FALSE,	FALSE },
  { CMD,	"XAUTH", G_NONE, phases_auth_only, TRUE, FALSE },
  { POST_CMD,	"XPHA",	G_NONE,	phases_post,	FALSE,	FALSE },
  { POST_CMD_ERR, "XERR", G_NONE, phases_post_err, FALSE, FALSE },
  { POST_CMD_ERR, "XPRE", G_NONE, phases_post_err, FALSE, FALSE },
  { LOG_CMD,	"XPHA",	G_NONE,	phases_log_cmd,	FALSE,	FALSE },
  { LOG_CMD_ERR, "XERR", G_NONE, phases_log_err, FALSE, FALSE },
  { LOG_CMD_ERR, "XPRE", G_NONE, phases_log_err, FALSE, FALSE },
  { 0, NULL }
};

module phases_module = {
  NULL, NULL,
  0x20,
  "phases",
  NULL,
  phases_cmdtab,
  NULL,
  phases_init,
  phases_sess_init,
  MOD_PHASES_VERSION
};
