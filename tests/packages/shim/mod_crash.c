/*
 * ProFTPD: mod_crash -- a test module that dereferences NULL on SITE CRASH
 * and in its CrashNow directive.
 */

#include "conf.h"

module crash_module;

MODRET crash_site(cmd_rec *cmd) {
  volatile int *p = NULL;

  if (cmd->argc < 2 || strcasecmp(cmd->argv[1], "CRASH") != 0) {
    return PR_DECLINED(cmd);
  }
  *p = 42;
  return PR_HANDLED(cmd);
}

/* usage: CrashNow on */
MODRET set_crashnow(cmd_rec *cmd) {
  volatile int *p = NULL;

  CHECK_ARGS(cmd, 1);
  *p = 1;
  return PR_HANDLED(cmd);
}

static conftable crash_conftab[] = {
  { "CrashNow",		set_crashnow,		NULL },
  { NULL }
};

static cmdtable crash_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	crash_site,	FALSE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module crash_module = {
  NULL, NULL,
  0x20,
  "crash",
  crash_conftab,
  crash_cmdtab,
  NULL, NULL, NULL,
  "mod_crash/0.1"
};
