/*
 * ProFTPD: mod_child -- a companion of mod_parent for prxs's tests
 *
 * Calls mod_parent's functions, which only resolve when mod_parent was
 * loaded first (mod_dso loads modules with RTLD_GLOBAL).
 */

#include "conf.h"
#include "mod_parent.h"

#define MOD_CHILD_VERSION		"mod_child/0.1"

module child_module;

/* Initialization routines
 */

static int child_init(void) {
  if (parent_register("child") < 1 || parent_count() < 1) {
    return -1;
  }
  return 0;
}

/* Module API tables
 */

module child_module = {
  /* Always NULL */
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "child",

  /* Module configuration handler table */
  NULL,

  /* Module command handler table */
  NULL,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  child_init,

  /* Session initialization */
  NULL,

  /* Module version */
  MOD_CHILD_VERSION
};
