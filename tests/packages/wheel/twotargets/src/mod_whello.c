/*
 * ProFTPD: mod_whello -- a module shipped inside a Python wheel.
 */

#include "conf.h"
#include "whello.h"
#include "whello/version.h"

module whello_module;

/* Initialization routines
 */

static int whello_init(void) {
  pr_log_debug(DEBUG2, MOD_WHELLO_VERSION ": %s", whello_greeting());
  return 0;
}

/* Module API tables
 */

module whello_module = {
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "whello",

  /* Module configuration handler table */
  NULL,

  /* Module command handler table */
  NULL,

  /* Module authentication handler table */
  NULL,

  /* Module initialization function */
  whello_init,

  /* Session initialization function */
  NULL,

  /* Module version */
  MOD_WHELLO_VERSION
};
