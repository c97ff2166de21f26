/*
 * ProFTPD: mod_counter -- SITE COUNT answers how many times it was called
 * in this session (static state, to show sessions do not share it).
 */

#include "conf.h"

module counter_module;

static unsigned int counter_count = 0;

MODRET counter_site(cmd_rec *cmd) {
  if (cmd->argc < 2 || strcasecmp(cmd->argv[1], "COUNT") != 0) {
    return PR_DECLINED(cmd);
  }
  counter_count++;
  pr_response_add(R_200, "count %u uid %lu", counter_count,
    (unsigned long) geteuid());
  return PR_HANDLED(cmd);
}

static cmdtable counter_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	counter_site,	FALSE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module counter_module = {
  NULL, NULL,
  0x20,
  "counter",
  NULL,
  counter_cmdtab,
  NULL, NULL, NULL,
  "mod_counter/0.1"
};
