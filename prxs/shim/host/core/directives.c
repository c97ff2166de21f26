/*
 * prxs shim host: the directives of the modules Debian's proftpd has built
 * in (proftpd -l) which the shim accepts through one table-driven handler.
 *
 * Each row says where proftpd 1.3.8 allows the directive, how many
 * parameters it needs at least, and how it is stored (as the real module's
 * handler stores it, so find_config()/get_param_ptr() return the same argv
 * types).  Rows of kind K_ACCEPT are checked (context, parameter count) and
 * accepted without effect and without a config_rec: the README lists them
 * with the reason.  The facts were read from proftpd's modules/mod_*.c sources.
 */

#include "host.h"

#define K_ACCEPT	0	/* checked, accepted, not stored */
#define K_BOOL_UCHAR	1	/* on|off, argv[0] is an unsigned char */
#define K_BOOL_INT	2	/* on|off, argv[0] is an int */
#define K_BOOL_UINT	3	/* on|off, argv[0] is an unsigned int */
#define K_STR		4	/* one word, argv[0] is a string */

struct host_directive {
  const char *name;
  const char *module;		/* the proftpd module that owns it */
  int contexts;
  unsigned int min_args;
  int kind;
  const char *bool_err;		/* the module's text for a bad Boolean */
};

static const struct host_directive host_directives[] = {
  { "Allow", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL },
  { "AllowClass", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL },
  { "AllowFilter", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR|CONF_LIMIT, 1, K_ACCEPT, NULL },
  { "AllowForeignAddress", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL },
  { "AllowGroup", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL },
  { "AllowOverride", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL },
  { "AuthOrder", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "CDPath", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL },
  { "DefaultAddress", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "DefaultServer", "mod_core", CONF_ROOT|CONF_VIRTUAL, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "Deny", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL },
  { "DenyClass", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL },
  { "DenyFilter", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR|CONF_LIMIT, 1, K_ACCEPT, NULL },
  { "DenyGroup", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL },
  { "DisplayChdir", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL },
  { "DisplayConnect", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL },
  { "DisplayQuit", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL },
  { "From", "mod_core", CONF_CLASS, 1, K_ACCEPT, NULL },
  { "FSOptions", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "GroupOwner", "mod_core", CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_STR, NULL },
  { "HideFiles", "mod_core", CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "HideGroup", "mod_core", CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL },
  { "HideNoAccess", "mod_core", CONF_ANON|CONF_DIR, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "HideUser", "mod_core", CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL },
  { "IgnoreHidden", "mod_core", CONF_LIMIT, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "IncludeOptions", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "MasqueradeAddress", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "MaxCommandRate", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "Order", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL },
  { "PassivePorts", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 2, K_ACCEPT, NULL },
  { "PidFile", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "ProcessTitles", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "Protocols", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "RegexOptions", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "Satisfy", "mod_core", CONF_CLASS, 1, K_ACCEPT, NULL },
  { "ScoreboardFile", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "ScoreboardMutex", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "ScoreboardScrub", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "SetEnv", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 2, K_ACCEPT, NULL },
  { "SocketBindTight", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "SocketOptions", "mod_core", CONF_ROOT|CONF_VIRTUAL, 1, K_ACCEPT, NULL },
  { "SyslogFacility", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "SyslogLevel", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "TimeoutLinger", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "TimesGMT", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "Trace", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "TraceLog", "mod_core", CONF_ROOT|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "TraceOptions", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "TransferLog", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL },
  { "Umask", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "UnsetEnv", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL },
  { "UseIPv6", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "UserOwner", "mod_core", CONF_ANON|CONF_DIR, 1, K_STR, NULL },
  { "TCPBackLog", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "TCPNoDelay", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "AllowRetrieveRestart", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_BOOL_UCHAR, "expected boolean parameter" },
  { "DefaultTransferMode", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "DeleteAbortedStores", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "DisplayFileTransfer", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL },
  { "HiddenStores", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL },
  { "MaxRetrieveFileSize", "mod_xfer", CONF_ROOT|CONF_ANON|CONF_VIRTUAL|CONF_GLOBAL|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "MaxStoreFileSize", "mod_xfer", CONF_ROOT|CONF_ANON|CONF_VIRTUAL|CONF_GLOBAL|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "MaxTransfersPerHost", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "MaxTransfersPerUser", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "StoreUniquePrefix", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_STR, NULL },
  { "TransferOptions", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "TransferRate", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "UseSendfile", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "RLimitChroot", "mod_rlimit", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter" },
  { "RLimitCPU", "mod_rlimit", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "RLimitMemory", "mod_rlimit", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "RLimitOpenFiles", "mod_rlimit", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "AuthUnixOptions", "mod_auth_unix", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "PersistentPasswd", "mod_auth_unix", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter" },
  { "AuthFileOptions", "mod_auth_file", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "AccessDenyMsg", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL },
  { "AccessGrantMsg", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL },
  { "AllowChrootSymlinks", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter" },
  { "AllowEmptyPasswords", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_INT, "expected Boolean parameter" },
  { "AnonAllowRobots", "mod_auth", CONF_ANON, 1, K_BOOL_INT, "expected Boolean parameter" },
  { "AnonRequirePassword", "mod_auth", CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "AnonRejectPasswords", "mod_auth", CONF_ANON, 1, K_ACCEPT, NULL },
  { "AuthAliasOnly", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "AuthUsingAlias", "mod_auth", CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "CreateHome", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "DefaultChdir", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL },
  { "DisplayLogin", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL },
  { "MaxClients", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL },
  { "MaxClientsPerClass", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "MaxClientsPerHost", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL },
  { "MaxClientsPerUser", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL },
  { "MaxConnectionsPerHost", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "MaxHostsPerUser", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL },
  { "MaxLoginAttempts", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "MaxPasswordSize", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "RequireValidShell", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "RewriteHome", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter" },
  { "RootLogin", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "UseFtpUsers", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "UseLastlog", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "UserDirRoot", "mod_auth", CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "UserPassword", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 2, K_ACCEPT, NULL },
  { "WtmpLog", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "DirFakeUser", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_ANON|CONF_GLOBAL|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "DirFakeGroup", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_ANON|CONF_GLOBAL|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "DirFakeMode", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "ListOptions", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL },
  { "ListStyle", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL },
  { "ShowSymlinks", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "UseGlobbing", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "AllowLogSymlinks", "mod_log", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "ExtendedLog", "mod_log", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL },
  { "LogFormat", "mod_log", CONF_ROOT|CONF_GLOBAL, 2, K_ACCEPT, NULL },
  { "LogOptions", "mod_log", CONF_ROOT|CONF_GLOBAL|CONF_VIRTUAL, 1, K_ACCEPT, NULL },
  { "ServerLog", "mod_log", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL },
  { "SystemLog", "mod_log", CONF_ROOT|CONF_GLOBAL, 1, K_STR, NULL },
  { "DelayControlsACLs", "mod_delay", CONF_ROOT, 4, K_ACCEPT, NULL },
  { "DelayEngine", "mod_delay", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UINT, "expected Boolean parameter" },
  { "DelayOnEvent", "mod_delay", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 2, K_ACCEPT, NULL },
  { "DelayTable", "mod_delay", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "FactsAdvertise", "mod_facts", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter" },
  { "FactsDefault", "mod_facts", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "FactsOptions", "mod_facts", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "AuthPAM", "mod_auth_pam", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expected Boolean parameter" },
  { "AuthPAMConfig", "mod_auth_pam", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL },
  { "AuthPAMOptions", "mod_auth_pam", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "CapabilitiesEngine", "mod_cap", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expecting Boolean parameter" },
  { "CapabilitiesRootRevoke", "mod_cap", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter" },
  { "CapabilitiesSet", "mod_cap", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "ControlsACLs", "mod_ctrls", CONF_ROOT, 4, K_ACCEPT, NULL },
  { "ControlsAuthFreshness", "mod_ctrls", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "ControlsLog", "mod_ctrls", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "LangDefault", "mod_lang", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL },
  { "LangEngine", "mod_lang", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter" },
  { "LangOptions", "mod_lang", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { "LangPath", "mod_lang", CONF_ROOT, 1, K_ACCEPT, NULL },
  { "UseEncoding", "mod_lang", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL },
  { NULL, NULL, 0, 0, 0, NULL }
};

static const struct host_directive *directive_find(const char *name) {
  const struct host_directive *d;

  for (d = host_directives; d->name != NULL; d++) {
    if (strcasecmp(d->name, name) == 0) {
      return d;
    }
  }
  return NULL;
}

/* The number of rows of each kind for a module ("mod_ls"), for -V. */
void host_directives_count(const char *module, unsigned int *stored,
    unsigned int *accepted) {
  const struct host_directive *d;

  *stored = *accepted = 0;
  for (d = host_directives; d->name != NULL; d++) {
    if (strcmp(d->module, module) == 0) {
      if (d->kind == K_ACCEPT) {
        (*accepted)++;
      } else {
        (*stored)++;
      }
    }
  }
}

/* usage: any directive of the table above */
modret_t *host_set_directive(cmd_rec *cmd) {
  const struct host_directive *d = directive_find(cmd->argv[0]);
  config_rec *c;
  int b;

  if (d == NULL) {
    return PR_DECLINED(cmd);
  }
  CHECK_ARGS(cmd, d->min_args);
  CHECK_CONF(cmd, d->contexts);

  switch (d->kind) {
    case K_BOOL_UCHAR:
    case K_BOOL_INT:
    case K_BOOL_UINT:
      b = get_boolean(cmd, 1);
      if (b == -1) {
        CONF_ERROR(cmd, d->bool_err);
      }
      c = add_config_param(cmd->argv[0], 1, NULL);
      if (d->kind == K_BOOL_UCHAR) {
        c->argv[0] = pcalloc(c->pool, sizeof(unsigned char));
        *((unsigned char *) c->argv[0]) = (unsigned char) b;
      } else if (d->kind == K_BOOL_INT) {
        c->argv[0] = pcalloc(c->pool, sizeof(int));
        *((int *) c->argv[0]) = b;
      } else {
        c->argv[0] = pcalloc(c->pool, sizeof(unsigned int));
        *((unsigned int *) c->argv[0]) = (unsigned int) b;
      }
      c->flags |= CF_MERGEDOWN;
      break;

    case K_STR:
      c = add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
      c->flags |= CF_MERGEDOWN;
      break;

    default:
      pr_log_debug(DEBUG5, "%s: '%s' accepted, no effect in the shim",
        d->module, (char *) cmd->argv[0]);
      break;
  }
  return PR_HANDLED(cmd);
}
