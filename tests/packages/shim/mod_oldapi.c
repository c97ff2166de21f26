/*
 * ProFTPD: mod_oldapi -- a test module declaring module API 0x10.
 */

#include "conf.h"

module oldapi_module = {
  NULL, NULL,
  0x10,
  "oldapi",
  NULL, NULL, NULL, NULL, NULL,
  "mod_oldapi/0.1"
};
