/*
 * ProFTPD: mod_evgen -- a test module for mod_exec: SITE EVENT name
 * generates the event "name" with pr_event_generate() (ExecOnEvent), and
 * SITE GROUPS gid ... sets the session's supplementary groups.
 */

#include "conf.h"

#define MOD_EVGEN_VERSION		"mod_evgen/0.1"

module evgen_module;

/* Command handlers
 */

/* SITE GROUPS gid ...: what an auth module does at login (session.gids,
 * the user's primary group first), for mod_exec's supplementary groups.
 */
static modret_t *evgen_groups(cmd_rec *cmd) {
  unsigned int i;

  session.gids = make_array(session.pool, cmd->argc, sizeof(gid_t));
  *((gid_t *) push_array(session.gids)) = session.gid;
  for (i = 2; i < cmd->argc; i++) {
    *((gid_t *) push_array(session.gids)) = (gid_t) atol(cmd->argv[i]);
  }
  pr_response_add(R_200, "%u groups", session.gids->nelts);
  return PR_HANDLED(cmd);
}

MODRET evgen_site(cmd_rec *cmd) {
  if (cmd->argc >= 3 &&
      strcasecmp(cmd->argv[1], "GROUPS") == 0) {
    return evgen_groups(cmd);
  }

  if (cmd->argc < 3 ||
      strcasecmp(cmd->argv[1], "EVENT") != 0) {
    return PR_DECLINED(cmd);
  }

  pr_event_generate(cmd->argv[2], NULL);
  pr_response_add(R_200, "event '%s' generated", (char *) cmd->argv[2]);
  return PR_HANDLED(cmd);
}

/* Module API tables
 */

static cmdtable evgen_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	evgen_site,	FALSE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module evgen_module = {
  NULL, NULL,
  0x20,
  "evgen",
  NULL,
  evgen_cmdtab,
  NULL,
  NULL,
  NULL,
  MOD_EVGEN_VERSION
};
