/*
 * mod_slowinit: a test module whose init() takes 30 seconds, to check that
 * a host start is bounded by its start timeout.
 */

#include "conf.h"

#include <unistd.h>

#define MOD_SLOWINIT_VERSION "mod_slowinit/0.1"

module slowinit_module;

/* Initialization routines
 */

static int slowinit_init(void) {
  sleep(30);
  return 0;
}

/* Module API tables
 */

module slowinit_module = {
  NULL, NULL,                   /* always NULL */
  0x20,                         /* module API version */
  "slowinit",                   /* module name */
  NULL,                         /* configuration table */
  NULL,                         /* command table */
  NULL,                         /* authentication table */
  slowinit_init,                /* module initialization */
  NULL,                         /* session initialization */
  MOD_SLOWINIT_VERSION          /* module version */
};
