/*
 * ProFTPD: mod_needlib -- a test module using a symbol from libhelper.so,
 * which it is not linked against: LoadFile must provide it.
 */

#include "conf.h"

module needlib_module;

extern const char *helper_greeting(void);

MODRET needlib_site(cmd_rec *cmd) {
  if (cmd->argc < 2 || strcasecmp(cmd->argv[1], "HELPER") != 0) {
    return PR_DECLINED(cmd);
  }
  pr_response_add(R_200, "%s", helper_greeting());
  return PR_HANDLED(cmd);
}

static cmdtable needlib_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	needlib_site,	FALSE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module needlib_module = {
  NULL, NULL,
  0x20,
  "needlib",
  NULL,
  needlib_cmdtab,
  NULL, NULL, NULL,
  "mod_needlib/0.1"
};
