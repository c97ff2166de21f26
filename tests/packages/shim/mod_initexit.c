/*
 * ProFTPD: mod_initexit -- a test module whose init() calls exit(3).
 */

#include "conf.h"

module initexit_module;

static int initexit_init(void) {
  exit(3);
  return 0;
}

module initexit_module = {
  NULL, NULL,
  0x20,
  "initexit",
  NULL, NULL, NULL,
  initexit_init,
  NULL,
  "mod_initexit/0.1"
};
