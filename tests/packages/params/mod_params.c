/*
 * mod_params: a test module that reports how the built-in modules'
 * directives are stored, through get_param_ptr(), as the XPARAMS command's
 * reply; run on the shim and on proftpd, the replies must be the same.
 */

#include "conf.h"

#define MOD_PARAMS_VERSION	"mod_params/0.1"

module params_module;

/* Command handlers
 */

static const char *params_value(pool *p, const char *name, char type) {
  void *v = get_param_ptr(main_server->conf, name, FALSE);
  char buf[256];

  if (v == NULL) {
    return "unset";
  }
  switch (type) {
    case 'c':
      pr_snprintf(buf, sizeof(buf), "%u", (unsigned int) *((unsigned char *) v));
      break;
    case 'i':
      pr_snprintf(buf, sizeof(buf), "%d", *((int *) v));
      break;
    case 'u':
      pr_snprintf(buf, sizeof(buf), "%u", *((unsigned int *) v));
      break;
    default:
      pr_snprintf(buf, sizeof(buf), "'%s'", (char *) v);
      break;
  }
  return pstrdup(p, buf);
}

MODRET params_xparams(cmd_rec *cmd) {
  static const struct { const char *name; char type; } params[] = {
    { "ShowSymlinks", 'c' }, { "TimesGMT", 'c' }, { "UseGlobbing", 'c' },
    { "DelayEngine", 'u' }, { "RLimitChroot", 'i' },
    { "AllowChrootSymlinks", 'i' }, { "LangEngine", 'i' },
    { "FactsAdvertise", 'i' }, { "RequireValidShell", 'c' }, { "RootLogin", 'c' },
    { "DisplayLogin", 's' }, { "AccessGrantMsg", 's' }, { "CDPath", 's' },
    { "DisplayQuit", 's' }, { "ListOptions", 's' },
  };
  char *text = "";
  size_t i;

  for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
    text = pstrcat(cmd->tmp_pool, text, i ? " " : "", params[i].name, "=",
      params_value(cmd->tmp_pool, params[i].name, params[i].type), NULL);
  }
  pr_response_add(R_200, "%s", text);
  return PR_HANDLED(cmd);
}

/* Module API tables
 */

static cmdtable params_cmdtab[] = {
  { CMD, "XPARAMS", G_NONE, params_xparams, FALSE, FALSE, CL_MISC },
  { 0, NULL }
};

module params_module = {
  NULL, NULL,			/* always NULL */
  0x20,				/* API version */
  "params",			/* module name */
  NULL,				/* configuration directives */
  params_cmdtab,		/* command handlers */
  NULL,				/* authentication handlers */
  NULL,				/* init */
  NULL,				/* session init */
  MOD_PARAMS_VERSION		/* version */
};
