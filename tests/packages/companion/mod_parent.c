/*
 * ProFTPD: mod_parent -- a parent module for prxs's companion-module tests
 *
 * Exports parent_register() and parent_count(), as mod_quotatab exports its
 * backend API to mod_quotatab_file and friends.
 */

#include "conf.h"
#include "mod_parent.h"

#define MOD_PARENT_VERSION		"mod_parent/0.1"

module parent_module;

static int parent_registered = 0;

/* Support routines
 */

int parent_register(const char *name) {
  pr_log_debug(DEBUG5, MOD_PARENT_VERSION ": '%s' registered", name);
  return ++parent_registered;
}

int parent_count(void) {
  return parent_registered;
}

/* Module API tables
 */

module parent_module = {
  /* Always NULL */
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "parent",

  /* Module configuration handler table */
  NULL,

  /* Module command handler table */
  NULL,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  NULL,

  /* Session initialization */
  NULL,

  /* Module version */
  MOD_PARENT_VERSION
};
