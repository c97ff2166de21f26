/*
 * A stand-in for mod_exec, for mod_cap's tests: a module named "mod_exec.c"
 * with an ExecEngine directive stored as mod_exec stores it, and nothing
 * else.  mod_cap looks for both to decide whether to keep CAP_SETUID and
 * CAP_SETGID.
 */

#include "conf.h"

module exec_module;

/* usage: ExecEngine on|off */
MODRET set_execengine(cmd_rec *cmd) {
  int engine;
  config_rec *c;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  engine = get_boolean(cmd, 1);
  if (engine == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }

  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned char));
  *((unsigned char *) c->argv[0]) = (unsigned char) engine;

  return PR_HANDLED(cmd);
}

static conftable exec_conftab[] = {
  { "ExecEngine",	set_execengine,	NULL },
  { NULL }
};

module exec_module = {
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "exec",

  /* Module configuration handler table */
  exec_conftab,

  /* Module command handler table */
  NULL,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  NULL,

  /* Session initialization */
  NULL,

  /* Module version */
  "mod_exec/fake"
};
