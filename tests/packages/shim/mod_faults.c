/*
 * ProFTPD: mod_faults -- a test module for session faults and big replies:
 *   SITE EXIT <n>       the session process calls exit(n)
 *   SITE BIGREPLY <n>   a multi-line 200 reply of n lines
 */

#include "conf.h"

#define MOD_FAULTS_VERSION	"mod_faults/0.1"

module faults_module;

/* Command handlers
 */

MODRET faults_site(cmd_rec *cmd) {
  if (cmd->argc < 3) {
    return PR_DECLINED(cmd);
  }

  if (strcasecmp(cmd->argv[1], "EXIT") == 0) {
    exit(atoi(cmd->argv[2]));
  }

  if (strcasecmp(cmd->argv[1], "BIGREPLY") == 0) {
    long i, n = atol(cmd->argv[2]);

    for (i = 1; i <= n; i++) {
      pr_response_add(R_200, "line %ld of %ld", i, n);
    }
    return PR_HANDLED(cmd);
  }

  return PR_DECLINED(cmd);
}

/* Module API tables
 */

static cmdtable faults_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	faults_site,	FALSE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module faults_module = {
  /* Always NULL */
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "faults",

  /* Module configuration handler table */
  NULL,

  /* Module command handler table */
  faults_cmdtab,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  NULL,

  /* Session initialization */
  NULL,

  /* Module version */
  MOD_FAULTS_VERSION
};
