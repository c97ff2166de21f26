/*
 * ProFTPD: mod_initloop -- a test module whose init() never returns.
 */

#include "conf.h"

module initloop_module;

static int initloop_init(void) {
  volatile unsigned long spins = 0;

  for (;;) {
    spins++;
  }
  return 0;
}

module initloop_module = {
  NULL, NULL,
  0x20,
  "initloop",
  NULL, NULL, NULL,
  initloop_init,
  NULL,
  "mod_initloop/0.1"
};
