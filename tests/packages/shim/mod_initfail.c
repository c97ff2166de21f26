/*
 * ProFTPD: mod_initfail -- a test module whose init() fails.
 */

#include "conf.h"

module initfail_module;

static int initfail_init(void) {
  pr_log_pri(PR_LOG_ERR, "mod_initfail/0.1: refusing to initialize");
  return -1;
}

module initfail_module = {
  NULL, NULL,
  0x20,
  "initfail",
  NULL, NULL, NULL,
  initfail_init,
  NULL,
  "mod_initfail/0.1"
};
