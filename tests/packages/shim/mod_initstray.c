/*
 * ProFTPD: mod_initstray -- a test module whose init() forks a child that
 * runs forever, then returns as if all were well.
 */

#include "conf.h"

module initstray_module;

static int initstray_init(void) {
  pid_t pid = fork();

  if (pid == 0) {
    for (;;) {
      pause();
    }
  }
  return 0;
}

module initstray_module = {
  NULL, NULL,
  0x20,
  "initstray",
  NULL, NULL, NULL,
  initstray_init,
  NULL,
  "mod_initstray/0.1"
};
