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

#include "host_parse.h"

#define K_ACCEPT	0	/* checked, accepted, not stored */
#define K_BOOL_UCHAR	1	/* on|off, argv[0] is an unsigned char */
#define K_BOOL_INT	2	/* on|off, argv[0] is an int */
#define K_BOOL_UINT	3	/* on|off, argv[0] is an unsigned int */
#define K_STR		4	/* one word, argv[0] is a string */
#define K_TRACE		5	/* api/trace.c's handlers */
#define K_TRACELOG	6
#define K_TRACEOPTS	7

struct host_directive {
  const char *name;
  const char *module;		/* the proftpd module that owns it */
  int contexts;
  unsigned int min_args;
  int kind;
  const char *bool_err;		/* the module's text for a bad Boolean */
  int mergedown;		/* CF_MERGEDOWN, as the module sets it */
};

static const struct host_directive host_directives[] = {
  { "Allow", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL, 0 },
  { "AllowClass", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL, 0 },
  { "AllowFilter", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR|CONF_LIMIT, 1, K_ACCEPT, NULL, 0 },
  { "AllowForeignAddress", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL, 0 },
  { "AllowGroup", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL, 0 },
  { "AllowOverride", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL, 0 },
  { "AuthOrder", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "CDPath", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL, 1 },
  { "DefaultAddress", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "DefaultServer", "mod_core", CONF_ROOT|CONF_VIRTUAL, 1, K_BOOL_UCHAR, "expected Boolean parameter", 0 },
  { "Deny", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL, 0 },
  { "DenyClass", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL, 0 },
  { "DenyFilter", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR|CONF_LIMIT, 1, K_ACCEPT, NULL, 0 },
  { "DenyGroup", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL, 0 },
  { "DisplayChdir", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL, 0 },
  { "DisplayConnect", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL, 0 },
  { "DisplayQuit", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL, 1 },
  { "From", "mod_core", CONF_CLASS, 1, K_ACCEPT, NULL, 0 },
  { "FSOptions", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "GroupOwner", "mod_core", CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_STR, NULL, 1 },
  { "HideFiles", "mod_core", CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "HideGroup", "mod_core", CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL, 0 },
  { "HideNoAccess", "mod_core", CONF_ANON|CONF_DIR, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "HideUser", "mod_core", CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL, 0 },
  { "IgnoreHidden", "mod_core", CONF_LIMIT, 1, K_BOOL_UCHAR, "expected Boolean parameter", 0 },
  { "IncludeOptions", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "MaxCommandRate", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "Order", "mod_core", CONF_LIMIT, 1, K_ACCEPT, NULL, 0 },
  { "PassivePorts", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 2, K_ACCEPT, NULL, 0 },
  { "PidFile", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "ProcessTitles", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "Protocols", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "RegexOptions", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "Satisfy", "mod_core", CONF_CLASS, 1, K_ACCEPT, NULL, 0 },
  { "ScoreboardFile", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "ScoreboardMutex", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "ScoreboardScrub", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "SetEnv", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 2, K_ACCEPT, NULL, 0 },
  { "SocketBindTight", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "SocketOptions", "mod_core", CONF_ROOT|CONF_VIRTUAL, 1, K_ACCEPT, NULL, 0 },
  { "SyslogFacility", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "SyslogLevel", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "TimeoutLinger", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "TimesGMT", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "Trace", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_TRACE, NULL, 0 },
  { "TraceLog", "mod_core", CONF_ROOT|CONF_GLOBAL, 1, K_TRACELOG, NULL, 0 },
  { "TraceOptions", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_TRACEOPTS, NULL, 0 },
  { "TransferLog", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL, 1 },
  { "Umask", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "UnsetEnv", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL, 0 },
  { "UserOwner", "mod_core", CONF_ANON|CONF_DIR, 1, K_STR, NULL, 1 },
  { "TCPBackLog", "mod_core", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "TCPNoDelay", "mod_core", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expected Boolean parameter", 0 },
  { "AllowRetrieveRestart", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_BOOL_UCHAR, "expected boolean parameter", 1 },
  { "DefaultTransferMode", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "DeleteAbortedStores", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "DisplayFileTransfer", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL, 0 },
  { "HiddenStores", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR, 1, K_ACCEPT, NULL, 0 },
  { "MaxRetrieveFileSize", "mod_xfer", CONF_ROOT|CONF_ANON|CONF_VIRTUAL|CONF_GLOBAL|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "MaxStoreFileSize", "mod_xfer", CONF_ROOT|CONF_ANON|CONF_VIRTUAL|CONF_GLOBAL|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "MaxTransfersPerHost", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "MaxTransfersPerUser", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "StoreUniquePrefix", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_STR, NULL, 1 },
  { "TransferOptions", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "TransferRate", "mod_xfer", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "RLimitChroot", "mod_rlimit", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter", 0 },
  { "RLimitCPU", "mod_rlimit", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "RLimitMemory", "mod_rlimit", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "RLimitOpenFiles", "mod_rlimit", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "AuthUnixOptions", "mod_auth_unix", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "PersistentPasswd", "mod_auth_unix", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter", 0 },
  { "AuthFileOptions", "mod_auth_file", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "AccessDenyMsg", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL, 1 },
  { "AccessGrantMsg", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL, 1 },
  { "AllowChrootSymlinks", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter", 0 },
  { "AllowEmptyPasswords", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_INT, "expected Boolean parameter", 1 },
  { "AnonAllowRobots", "mod_auth", CONF_ANON, 1, K_BOOL_INT, "expected Boolean parameter", 0 },
  { "AnonRequirePassword", "mod_auth", CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 0 },
  { "AnonRejectPasswords", "mod_auth", CONF_ANON, 1, K_ACCEPT, NULL, 0 },
  { "AuthAliasOnly", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "AuthUsingAlias", "mod_auth", CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 0 },
  { "CreateHome", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "DefaultChdir", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL, 0 },
  { "DisplayLogin", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_STR, NULL, 1 },
  { "MaxClients", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL, 0 },
  { "MaxClientsPerClass", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "MaxClientsPerHost", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL, 0 },
  { "MaxClientsPerUser", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL, 0 },
  { "MaxConnectionsPerHost", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "MaxHostsPerUser", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL, 0 },
  { "MaxLoginAttempts", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "MaxPasswordSize", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "RequireValidShell", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "RewriteHome", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter", 0 },
  { "RootLogin", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "UseFtpUsers", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "UseLastlog", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expected Boolean parameter", 0 },
  { "UserDirRoot", "mod_auth", CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 0 },
  { "UserPassword", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 2, K_ACCEPT, NULL, 0 },
  { "WtmpLog", "mod_auth", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "DirFakeUser", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_ANON|CONF_GLOBAL|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "DirFakeGroup", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_ANON|CONF_GLOBAL|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "DirFakeMode", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "ListOptions", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON|CONF_DIR|CONF_DYNDIR, 1, K_ACCEPT, NULL, 0 },
  { "ListStyle", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL, 0 },
  { "ShowSymlinks", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "UseGlobbing", "mod_ls", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_BOOL_UCHAR, "expected Boolean parameter", 1 },
  { "AllowLogSymlinks", "mod_log", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expected Boolean parameter", 0 },
  { "ExtendedLog", "mod_log", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON, 1, K_ACCEPT, NULL, 0 },
  { "LogFormat", "mod_log", CONF_ROOT|CONF_GLOBAL, 2, K_ACCEPT, NULL, 0 },
  { "LogOptions", "mod_log", CONF_ROOT|CONF_GLOBAL|CONF_VIRTUAL, 1, K_ACCEPT, NULL, 0 },
  { "ServerLog", "mod_log", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL, 0 },
  { "SystemLog", "mod_log", CONF_ROOT|CONF_GLOBAL, 1, K_STR, NULL, 0 },
  { "DelayControlsACLs", "mod_delay", CONF_ROOT, 4, K_ACCEPT, NULL, 0 },
  { "DelayEngine", "mod_delay", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UINT, "expected Boolean parameter", 0 },
  { "DelayOnEvent", "mod_delay", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 2, K_ACCEPT, NULL, 0 },
  { "DelayTable", "mod_delay", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "FactsAdvertise", "mod_facts", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter", 0 },
  { "FactsDefault", "mod_facts", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "FactsOptions", "mod_facts", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "AuthPAM", "mod_auth_pam", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expected Boolean parameter", 0 },
  { "AuthPAMConfig", "mod_auth_pam", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL, 0 },
  { "AuthPAMOptions", "mod_auth_pam", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "CapabilitiesEngine", "mod_cap", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_UCHAR, "expecting Boolean parameter", 0 },
  { "CapabilitiesRootRevoke", "mod_cap", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter", 0 },
  { "CapabilitiesSet", "mod_cap", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "ControlsACLs", "mod_ctrls", CONF_ROOT, 4, K_ACCEPT, NULL, 0 },
  { "ControlsAuthFreshness", "mod_ctrls", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "ControlsLog", "mod_ctrls", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "LangDefault", "mod_lang", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_STR, NULL, 0 },
  { "LangEngine", "mod_lang", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_BOOL_INT, "expected Boolean parameter", 0 },
  { "LangOptions", "mod_lang", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { "LangPath", "mod_lang", CONF_ROOT, 1, K_ACCEPT, NULL, 0 },
  { "UseEncoding", "mod_lang", CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL, 1, K_ACCEPT, NULL, 0 },
  { NULL, NULL, 0, 0, 0, NULL, 0 }
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
  switch (d->kind) {
    case K_TRACE:
      return host_set_trace(cmd);
    case K_TRACELOG:
      return host_set_tracelog(cmd);
    case K_TRACEOPTS:
      return host_set_traceoptions(cmd);
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
      break;

    case K_STR:
      c = add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
      break;

    default:
      c = NULL;
      pr_log_debug(DEBUG5, "%s: '%s' accepted, no effect in the shim",
        d->module, (char *) cmd->argv[0]);
      break;
  }
  if (c != NULL && d->mergedown) {
    c->flags |= CF_MERGEDOWN;
  }
  return PR_HANDLED(cmd);
}
