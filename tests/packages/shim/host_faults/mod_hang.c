/*
 * ProFTPD: mod_hang -- a test module whose handlers never return:
 *   SITE SPIN       loops forever without a system call
 *   SITE BLOCK      blocks forever in pause(2)
 *   SITE FORKCRASH  forks a child that keeps the connection open, then
 *                   dereferences NULL
 */

#include "conf.h"

module hang_module;

MODRET hang_site(cmd_rec *cmd) {
  if (cmd->argc < 2) {
    return PR_DECLINED(cmd);
  }
  if (strcasecmp(cmd->argv[1], "SPIN") == 0) {
    volatile unsigned long n = 0;

    for (;;) {
      n++;
    }
  }
  if (strcasecmp(cmd->argv[1], "BLOCK") == 0) {
    for (;;) {
      pause();
    }
  }
  if (strcasecmp(cmd->argv[1], "FORKCRASH") == 0) {
    volatile int *p = NULL;
    pid_t pid = fork();

    if (pid == 0) {
      /* The child holds every descriptor the session had. */
      sleep(60);
      _exit(0);
    }
    *p = 42;
  }
  return PR_DECLINED(cmd);
}

static cmdtable hang_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	hang_site,	FALSE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module hang_module = {
  NULL, NULL,
  0x20,
  "hang",
  NULL,
  hang_cmdtab,
  NULL, NULL, NULL,
  "mod_hang/0.1"
};
