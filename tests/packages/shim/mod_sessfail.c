/*
 * ProFTPD: mod_sessfail -- a test module whose sess_init() fails.
 */

#include "conf.h"
#include <errno.h>

module sessfail_module;

static int sessfail_sess_init(void) {
  errno = EACCES;
  return -1;
}

module sessfail_module = {
  NULL, NULL,
  0x20,
  "sessfail",
  NULL, NULL, NULL,
  NULL,
  sessfail_sess_init,
  "mod_sessfail/0.1"
};
