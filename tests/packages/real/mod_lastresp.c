/*
 * mod_lastresp: a test module that logs, at every phase of every command,
 * what pr_response_get_last() returns and the command's displayable line,
 * so that the shim and proftpd can be compared.
 */

#include "conf.h"

#define MOD_LASTRESP_VERSION "mod_lastresp/0.1"

module lastresp_module;

/* Support routines
 */

static void lastresp_log(cmd_rec *cmd, const char *phase) {
  const char *num = NULL, *msg = NULL;

  if (pr_response_get_last(cmd->tmp_pool, &num, &msg) < 0) {
    num = msg = "(error)";
  }
  pr_log_pri(PR_LOG_NOTICE, MOD_LASTRESP_VERSION ": %s '%s': last %s '%s'",
    phase, (char *) cmd->argv[0], num ? num : "(null)", msg ? msg : "(null)");
}

/* Command handlers
 */

MODRET lastresp_pre(cmd_rec *cmd) {
  lastresp_log(cmd, "PRE_CMD");
  return PR_DECLINED(cmd);
}

MODRET lastresp_post(cmd_rec *cmd) {
  lastresp_log(cmd, "POST_CMD");
  return PR_DECLINED(cmd);
}

MODRET lastresp_post_err(cmd_rec *cmd) {
  lastresp_log(cmd, "POST_CMD_ERR");
  return PR_DECLINED(cmd);
}

MODRET lastresp_log_cmd(cmd_rec *cmd) {
  lastresp_log(cmd, "LOG_CMD");
  return PR_DECLINED(cmd);
}

MODRET lastresp_log_err(cmd_rec *cmd) {
  lastresp_log(cmd, "LOG_CMD_ERR");
  return PR_DECLINED(cmd);
}

/* Module API tables
 */

static cmdtable lastresp_cmdtab[] = {
  { PRE_CMD,		C_ANY,	G_NONE,	lastresp_pre,		FALSE,	FALSE },
  { POST_CMD,		C_ANY,	G_NONE,	lastresp_post,		FALSE,	FALSE },
  { POST_CMD_ERR,	C_ANY,	G_NONE,	lastresp_post_err,	FALSE,	FALSE },
  { LOG_CMD,		C_ANY,	G_NONE,	lastresp_log_cmd,	FALSE,	FALSE },
  { LOG_CMD_ERR,	C_ANY,	G_NONE,	lastresp_log_err,	FALSE,	FALSE },
  { 0, NULL }
};

module lastresp_module = {
  NULL, NULL,                   /* always NULL */
  0x20,                         /* module API version */
  "lastresp",                   /* module name */
  NULL,                         /* configuration table */
  lastresp_cmdtab,              /* command table */
  NULL,                         /* authentication table */
  NULL,                         /* module initialization */
  NULL,                         /* session initialization */
  MOD_LASTRESP_VERSION          /* module version */
};
