/*
 * ProFTPD: mod_inithang -- a test module whose init() never returns.
 */

#include "conf.h"

module inithang_module;

static int inithang_init(void) {
  volatile unsigned long n = 0;

  for (;;) {
    n++;
  }
  return 0;
}

module inithang_module = {
  NULL, NULL,
  0x20,
  "inithang",
  NULL, NULL, NULL,
  inithang_init,
  NULL,
  "mod_inithang/0.1"
};
