/*
 * ProFTPD: mod_nosym -- a test module whose module struct has the wrong
 * name (wrong_module instead of nosym_module).
 */

#include "conf.h"

module wrong_module = {
  NULL, NULL,
  0x20,
  "nosym",
  NULL, NULL, NULL, NULL, NULL,
  "mod_nosym/0.1"
};
