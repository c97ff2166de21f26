/*
 * prxs shim host: stand-ins for modules Debian's proftpd has built in
 * (proftpd -l) which the shim does not otherwise implement.  Each carries
 * the directives of its proftpd module (checked and stored by
 * host_set_directive(), see core/directives.c) so that a configuration
 * written for proftpd parses, <IfModule mod_x.c> sees the module, and
 * modules find its values with find_config()/get_param_ptr().  They serve
 * no command: what each directive does in proftpd and does not in the shim
 * is listed in the README.
 */

#include "host.h"
#include "host_data.h"

/* mod_rlimit: resource limits (RLimit*): checked and accepted, the shim sets no limits. */
static conftable rlimit_conftab[] = {
  { "RLimitChroot",	host_set_directive,	NULL },
  { "RLimitCPU",	host_set_directive,	NULL },
  { "RLimitMemory",	host_set_directive,	NULL },
  { "RLimitOpenFiles", host_set_directive,	NULL },
  { NULL }
};

module rlimit_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version */
  "rlimit",			/* module name */
  rlimit_conftab,		/* configuration directives */
  NULL,				/* command handlers */
  NULL,				/* authentication handlers */
  NULL,				/* init */
  NULL,				/* session init */
  "mod_rlimit/1.0"			/* version */
};

/* mod_auth_unix: the system user database options. */
static conftable auth_unix_conftab[] = {
  { "AuthUnixOptions", host_set_directive,	NULL },
  { "PersistentPasswd", host_set_directive,	NULL },
  { NULL }
};

module auth_unix_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version */
  "auth_unix",			/* module name */
  auth_unix_conftab,		/* configuration directives */
  NULL,				/* command handlers */
  NULL,				/* authentication handlers */
  NULL,				/* init */
  NULL,				/* session init */
  "mod_auth_unix/1.0"			/* version */
};

/* mod_log: ExtendedLog, LogFormat, ServerLog, SystemLog. */
static conftable log_conftab[] = {
  { "AllowLogSymlinks", host_set_directive,	NULL },
  { "ExtendedLog",	host_set_directive,	NULL },
  { "LogFormat",	host_set_logformat,	NULL },
  { "LogOptions",	host_set_directive,	NULL },
  { "ServerLog",	host_set_directive,	NULL },
  { "SystemLog",	host_set_directive,	NULL },
  { NULL }
};

module log_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version */
  "log",			/* module name */
  log_conftab,		/* configuration directives */
  NULL,				/* command handlers */
  NULL,				/* authentication handlers */
  NULL,				/* init */
  NULL,				/* session init */
  "mod_log/1.0"			/* version */
};

/* mod_delay: the login delay engine. */
static conftable delay_conftab[] = {
  { "DelayControlsACLs", host_set_directive,	NULL },
  { "DelayEngine",	host_set_directive,	NULL },
  { "DelayOnEvent",	host_set_directive,	NULL },
  { "DelayTable",	host_set_directive,	NULL },
  { NULL }
};

module delay_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version */
  "delay",			/* module name */
  delay_conftab,		/* configuration directives */
  NULL,				/* command handlers */
  NULL,				/* authentication handlers */
  NULL,				/* init */
  NULL,				/* session init */
  "mod_delay/0.8"			/* version */
};

/* mod_facts: the MLSD/MLST facts. */
static conftable facts_conftab[] = {
  { "FactsAdvertise", host_set_directive,	NULL },
  { "FactsDefault",	host_set_directive,	NULL },
  { "FactsOptions",	host_set_directive,	NULL },
  { NULL }
};

module facts_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version */
  "facts",			/* module name */
  facts_conftab,		/* configuration directives */
  NULL,				/* command handlers */
  NULL,				/* authentication handlers */
  NULL,				/* init */
  NULL,				/* session init */
  "mod_facts/0.6"			/* version */
};

/* mod_auth_pam: PAM authentication. */
static conftable auth_pam_conftab[] = {
  { "AuthPAM",	host_set_directive,	NULL },
  { "AuthPAMConfig",	host_set_directive,	NULL },
  { "AuthPAMOptions", host_set_directive,	NULL },
  { NULL }
};

module auth_pam_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version */
  "auth_pam",			/* module name */
  auth_pam_conftab,		/* configuration directives */
  NULL,				/* command handlers */
  NULL,				/* authentication handlers */
  NULL,				/* init */
  NULL,				/* session init */
  "mod_auth_pam/1.2"			/* version */
};

/* mod_cap: POSIX capabilities; a DSO named mod_cap.c (LoadModule) replaces this stand-in, see mod_dso.c. */
static conftable cap_conftab[] = {
  { "CapabilitiesEngine", host_set_directive,	NULL },
  { "CapabilitiesRootRevoke", host_set_directive,	NULL },
  { "CapabilitiesSet", host_set_directive,	NULL },
  { NULL }
};

module cap_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version */
  "cap",			/* module name */
  cap_conftab,		/* configuration directives */
  NULL,				/* command handlers */
  NULL,				/* authentication handlers */
  NULL,				/* init */
  NULL,				/* session init */
  "mod_cap/1.1"			/* version */
};

/* mod_lang: languages and encodings. */
static conftable lang_conftab[] = {
  { "LangDefault",	host_set_directive,	NULL },
  { "LangEngine",	host_set_directive,	NULL },
  { "LangOptions",	host_set_directive,	NULL },
  { "LangPath",	host_set_directive,	NULL },
  { "UseEncoding",	host_set_directive,	NULL },
  { NULL }
};

module lang_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version */
  "lang",			/* module name */
  lang_conftab,		/* configuration directives */
  NULL,				/* command handlers */
  NULL,				/* authentication handlers */
  NULL,				/* init */
  NULL,				/* session init */
  "mod_lang/1.1"			/* version */
};
