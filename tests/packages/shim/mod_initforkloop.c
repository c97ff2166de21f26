/*
 * ProFTPD: mod_initforkloop -- a test module whose init() forks, then both
 * processes wait forever.
 */

#include "conf.h"

module initforkloop_module;

static int initforkloop_init(void) {
  (void) fork();
  for (;;) {
    pause();
  }
  return 0;
}

module initforkloop_module = {
  NULL, NULL,
  0x20,
  "initforkloop",
  NULL, NULL, NULL,
  initforkloop_init,
  NULL,
  "mod_initforkloop/0.1"
};
