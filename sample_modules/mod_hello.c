/*
 * ProFTPD: mod_hello -- a sample module built with prxs
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation; either version 2 of the License, or
 * (at your option) any later version.
 *
 * This module answers SITE HELLO with a greeting set by HelloGreeting.
 * It compiles unchanged against the prxs embedded SDK and against an
 * installed ProFTPD's headers.
 */

#include "conf.h"

#define MOD_HELLO_VERSION		"mod_hello/0.1"

module hello_module;

static const char *hello_default_greeting = "Hello";
static unsigned int hello_sess_count = 0;

/* Support routines
 */

static const char *hello_get_greeting(void) {
  const char *greeting;

  greeting = get_param_ptr(main_server->conf, "HelloGreeting", FALSE);
  if (greeting == NULL) {
    greeting = hello_default_greeting;
  }

  return greeting;
}

/* Configuration handlers
 */

/* usage: HelloGreeting text */
MODRET set_hellogreeting(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  if (strlen(cmd->argv[1]) == 0) {
    CONF_ERROR(cmd, "greeting must not be empty");
  }

  add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* Command handlers
 */

MODRET hello_site(cmd_rec *cmd) {
  const char *who = "world";

  if (cmd->argc < 2 ||
      strcasecmp(cmd->argv[1], "HELLO") != 0) {
    return PR_DECLINED(cmd);
  }

  if (cmd->argc >= 3) {
    who = cmd->argv[2];
  }

  pr_log_debug(DEBUG5, MOD_HELLO_VERSION ": greeting '%s'", who);
  pr_response_add(R_200, "%s, %s!", hello_get_greeting(), who);
  return PR_HANDLED(cmd);
}

/* Event handlers
 */

#if defined(PR_SHARED_MODULE)
static void hello_mod_unload_ev(const void *event_data, void *user_data) {
  if (strcmp("mod_hello.c", (const char *) event_data) == 0) {
    pr_event_unregister(&hello_module, NULL, NULL);
  }
}
#endif /* PR_SHARED_MODULE */

/* Initialization routines
 */

static int hello_init(void) {
#if defined(PR_SHARED_MODULE)
  pr_event_register(&hello_module, "core.module-unload", hello_mod_unload_ev,
    NULL);
#endif /* PR_SHARED_MODULE */

  return 0;
}

static int hello_sess_init(void) {
  hello_sess_count++;
  pr_log_debug(DEBUG5, MOD_HELLO_VERSION ": session started, greeting '%s'",
    hello_get_greeting());
  return 0;
}

/* Module API tables
 */

static conftable hello_conftab[] = {
  { "HelloGreeting",	set_hellogreeting,	NULL },
  { NULL }
};

static cmdtable hello_cmdtab[] = {
  { CMD,	C_SITE,	G_NONE,	hello_site,	TRUE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module hello_module = {
  /* Always NULL */
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "hello",

  /* Module configuration handler table */
  hello_conftab,

  /* Module command handler table */
  hello_cmdtab,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  hello_init,

  /* Session initialization */
  hello_sess_init,

  /* Module version */
  MOD_HELLO_VERSION
};
