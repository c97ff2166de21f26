/*
 * ProFTPD: mod_qchild -- a companion of Debian's mod_quotatab for prxs's tests
 *
 * Calls mod_quotatab's logging function, as mod_quotatab_file does; it
 * loads only after mod_quotatab.  QChildGreeting proves the load happened.
 */

#include "conf.h"

#define MOD_QCHILD_VERSION		"mod_qchild/0.1"

/* Provided by mod_quotatab (declared here, not taken from its header). */
extern int quotatab_log(const char *fmt, ...);

module qchild_module;

/* Configuration handlers
 */

/* usage: QChildGreeting text */
MODRET set_qchildgreeting(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* Initialization routines
 */

static int qchild_init(void) {
  if (quotatab_log("%s: loaded after mod_quotatab", MOD_QCHILD_VERSION) < 0) {
    return -1;
  }
  return 0;
}

/* Module API tables
 */

static conftable qchild_conftab[] = {
  { "QChildGreeting",	set_qchildgreeting,	NULL },
  { NULL }
};

module qchild_module = {
  /* Always NULL */
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "qchild",

  /* Module configuration handler table */
  qchild_conftab,

  /* Module command handler table */
  NULL,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  qchild_init,

  /* Session initialization */
  NULL,

  /* Module version */
  MOD_QCHILD_VERSION
};
