/*
 * prxs shim host: mod_core (core directives, directory and session
 * commands) and mod_site (SITE HELP, SITE CHMOD, unknown SITE commands).
 */

#include "host.h"

#define MOD_CORE_VERSION	"mod_core/1.0"
#define MOD_SITE_VERSION	"mod_site/1.0"

int host_session_quit = FALSE;

/* A path as the session sees it (inside any chroot). */
char *host_session_path(pool *p, const char *path) {
  if (*path == '/') {
    return pstrdup(p, path);
  }
  return pdircat(p, session.cwd[0] ? session.cwd : "/", path, NULL);
}

const char *host_abs_path(pool *p, const char *path) {
  if (path == NULL || *path == '\0') {
    return pstrdup(p, session.cwd);
  }
  return host_session_path(p, path);
}

static void core_update_cwd(void) {
  if (getcwd(session.cwd, sizeof(session.cwd)) == NULL) {
    sstrncpy(session.cwd, "/", sizeof(session.cwd));
  }
  sstrncpy(session.vwd, session.cwd, sizeof(session.vwd));
}

/* Configuration handlers
 */

/* usage: AllowAll | DenyAll (in <Limit>, <Anonymous>, <Directory>) */
MODRET set_allowdenyall(cmd_rec *cmd) {
  config_rec *c;

  if (cmd->argc != 1) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }
  CHECK_CONF(cmd, CONF_LIMIT|CONF_ANON|CONF_DIR|CONF_DYNDIR);

  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned char));
  *((unsigned char *) c->argv[0]) = TRUE;
  return PR_HANDLED(cmd);
}

/* usage: AllowUser | DenyUser name[,name...] (in <Limit>) */
MODRET set_allowdenyuser(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_LIMIT);

  add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* usage: DebugLevel 0-10 */
MODRET set_debuglevel(cmd_rec *cmd) {
  char *end = NULL;
  long level;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  level = strtol(cmd->argv[1], &end, 10);
  if (end == NULL || *end != '\0' || level < 0 || level > 10) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "invalid debug level '",
      cmd->argv[1], "': use a number from 0 to 10", NULL));
  }
  if ((int) level > host_debug_level) {
    host_debug_level = (int) level;
  }
  return PR_HANDLED(cmd);
}

/* usage: Define name (any context; names what <IfDefine> tests) */
MODRET set_define(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 1);

  host_define_add(cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* usage: DefaultRoot dir */
MODRET set_defaultroot(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* usage: Group name|gid */
MODRET set_group(cmd_rec *cmd) {
  struct group *gr;
  gid_t gid;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_ANON|CONF_GLOBAL);

  gr = getgrnam(cmd->argv[1]);
  if (gr != NULL) {
    gid = gr->gr_gid;
  } else if (pr_str2gid(cmd->argv[1], &gid) < 0) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unknown group '", cmd->argv[1],
      "': use a group name from /etc/group or a numeric gid", NULL));
  }
  add_config_param_str("GroupName", 1, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* usage: ServerAdmin address */
MODRET set_serveradmin(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL);

  cmd->server->ServerAdmin = pstrdup(cmd->server->pool, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* usage: ServerAlias name [name ...] */
MODRET set_serveralias(cmd_rec *cmd) {
  unsigned int i;

  if (cmd->argc < 2) {
    CONF_ERROR(cmd, "missing parameters");
  }
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL);

  for (i = 1; i < cmd->argc; i++) {
    add_config_param_str(cmd->argv[0], 1, cmd->argv[i]);
  }
  return PR_HANDLED(cmd);
}

/* usage: ServerName "name" */
MODRET set_servername(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL);

  cmd->server->ServerName = pstrdup(cmd->server->pool, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* usage: Port number */
MODRET set_serverport(cmd_rec *cmd) {
  char *end = NULL;
  long port;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL);

  port = strtol(cmd->argv[1], &end, 10);
  if (end == NULL || *end != '\0' || port < 0 || port > 65535) {
    CONF_ERROR(cmd, "value must be between 0 and 65535");
  }
  cmd->server->ServerPort = (unsigned int) port;
  return PR_HANDLED(cmd);
}

/* usage: ServerIdent on|off [identification] */
MODRET set_serverident(cmd_rec *cmd) {
  config_rec *c;
  int b;

  if (cmd->argc < 2 || cmd->argc > 3) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  b = get_boolean(cmd, 1);
  if (b == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }
  c = add_config_param(cmd->argv[0], b && cmd->argc == 3 ? 2 : 1, NULL, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned char));
  *((unsigned char *) c->argv[0]) = (unsigned char) b;
  if (b && cmd->argc == 3) {
    c->argv[1] = pstrdup(c->pool, cmd->argv[2]);
  }
  return PR_HANDLED(cmd);
}

/* usage: DeferWelcome on|off */
MODRET set_deferwelcome(cmd_rec *cmd) {
  config_rec *c;
  int b;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  b = get_boolean(cmd, 1);
  if (b == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }
  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned char));
  *((unsigned char *) c->argv[0]) = (unsigned char) b;
  return PR_HANDLED(cmd);
}

/* Directives proftpd's core knows which change nothing in the shim. */
MODRET set_noop(cmd_rec *cmd) {
  pr_log_debug(DEBUG5, MOD_CORE_VERSION ": '%s' has no effect in the shim",
    (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

/* usage: ServerType standalone|inetd (recorded in ServerType; the shim's
 * master serves the same way whichever it is)
 */
MODRET set_servertype(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  if (strcasecmp(cmd->argv[1], "standalone") == 0) {
    ServerType = SERVER_STANDALONE;
  } else if (strcasecmp(cmd->argv[1], "inetd") == 0) {
    ServerType = SERVER_INETD;
  } else {
    CONF_ERROR(cmd, "type must be either 'inetd' or 'standalone'");
  }
  return PR_HANDLED(cmd);
}

/* usage: UseReverseDNS on|off (recorded in ServerUseReverseDNS) */
MODRET set_usereversedns(cmd_rec *cmd) {
  int b;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  if ((b = get_boolean(cmd, 1)) == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }
  ServerUseReverseDNS = b;
  pr_netaddr_set_reverse_dns(b);
  return PR_HANDLED(cmd);
}

/* usage: MasqueradeAddress name|address|interface (as proftpd: resolved now,
 * kept as argv[0], the address, and argv[1], the name; a name unknown now is
 * kept for later, e.g. mod_dynmasq's refresh) */
MODRET set_masqueradeaddress(cmd_rec *cmd) {
  const pr_netaddr_t *na;
  config_rec *c;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  if (*((char *) cmd->argv[1]) == '\0') {
    CONF_ERROR(cmd, "missing required name parameter");
  }
  na = pr_netaddr_get_addr2(cmd->server->pool, cmd->argv[1], NULL,
    PR_NETADDR_GET_ADDR_FL_INCL_DEVICE);
  if (na == NULL && errno != ENOENT) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unable to resolve '",
      (char *) cmd->argv[1], "'", NULL));
  }
  c = add_config_param(cmd->argv[0], 2, (void *) na, NULL);
  c->argv[1] = pstrdup(c->pool, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* usage: UseIPv6 on|off (IPv6 addresses in the netaddr API) */
MODRET set_useipv6(cmd_rec *cmd) {
  int b;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  if ((b = get_boolean(cmd, 1)) == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }
  if (b == FALSE) {
    pr_log_debug(DEBUG2, "disabling runtime support for IPv6 connections");
    pr_netaddr_disable_ipv6();
  } else {
    pr_netaddr_enable_ipv6();
  }
  return PR_HANDLED(cmd);
}

/* usage: CommandBufferSize size [units] (as proftpd: at most 512 KB) */
MODRET set_commandbuffersize(cmd_rec *cmd) {
  const char *units = cmd->argc == 3 ? cmd->argv[2] : "";
  unsigned long long n, mult = 1;
  char *end = NULL;
  config_rec *c;

  if (cmd->argc < 2 || cmd->argc > 3) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  errno = 0;
  n = strtoull(cmd->argv[1], &end, 10);
  if (*units == '\0' && end != NULL && *end != '\0') {
    units = end;
  } else if (end == NULL || *end != '\0') {
    units = "?";
  }
  if (*units == '\0' || strcasecmp(units, "B") == 0) {
    mult = 1;
  } else if (strcasecmp(units, "KB") == 0) {
    mult = 1024;
  } else if (strcasecmp(units, "MB") == 0) {
    mult = 1024 * 1024;
  } else if (strcasecmp(units, "GB") == 0) {
    mult = 1024 * 1024 * 1024;
  } else {
    mult = 0;
  }
  if (errno != 0 || end == cmd->argv[1] || mult == 0 || n == 0) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unable to parse: ",
      cmd->argv[1], " ", cmd->argc == 3 ? cmd->argv[2] : "", ": ",
      strerror(EINVAL), NULL));
  }
  if (n > (512ULL * 1024) / mult) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "size ", cmd->argv[1],
      cmd->argc == 3 ? cmd->argv[2] : "", "exceeds max size 524288", NULL));
  }
  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(size_t));
  *((size_t *) c->argv[0]) = (size_t) (n * mult);
  return PR_HANDLED(cmd);
}

/* usage: User name|uid */
MODRET set_user(cmd_rec *cmd) {
  struct passwd *pw;
  uid_t uid;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_ANON|CONF_GLOBAL);

  pw = getpwnam(cmd->argv[1]);
  if (pw != NULL) {
    uid = pw->pw_uid;
  } else if (check_context(cmd, CONF_ANON)) {
    /* An <Anonymous> User may come from the AuthUserFile: checked at login. */
    uid = 0;
  } else if (pr_str2uid(cmd->argv[1], &uid) < 0) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unknown user '", cmd->argv[1],
      "': use a user name from /etc/passwd or a numeric uid", NULL));
  }
  add_config_param_str("UserName", 1, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* Command handlers
 */

MODRET core_cwd(cmd_rec *cmd) {
  const char *path;

  CHECK_CMD_MIN_ARGS(cmd, 2);
  path = host_abs_path(cmd->tmp_pool, cmd->arg);
  if (chdir(path) < 0) {
    int xerrno = errno;
    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(xerrno));
    errno = xerrno;
    return PR_ERROR(cmd);
  }
  core_update_cwd();
  pr_response_add(R_250, _("%s command successful"), (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

MODRET core_cdup(cmd_rec *cmd) {
  if (chdir("..") < 0) {
    pr_response_add_err(R_550, "%s: %s", session.cwd, strerror(errno));
    return PR_ERROR(cmd);
  }
  core_update_cwd();
  pr_response_add(R_250, _("%s command successful"), (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

MODRET core_dele(cmd_rec *cmd) {
  CHECK_CMD_MIN_ARGS(cmd, 2);
  if (unlink(host_abs_path(cmd->tmp_pool, cmd->arg)) < 0) {
    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(errno));
    return PR_ERROR(cmd);
  }
  pr_response_add(R_250, _("%s command successful"), (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

MODRET core_host(cmd_rec *cmd) {
  server_rec *s;

  CHECK_CMD_ARGS(cmd, 2);
  if (session.user != NULL) {
    pr_response_add_err(R_503, _("HOST not allowed after login"));
    return PR_ERROR(cmd);
  }
  for (s = (server_rec *) server_list->xas_list; s; s = s->next) {
    config_rec *c;

    if (strcasecmp(s->ServerName, cmd->argv[1]) == 0) {
      break;
    }
    c = find_config(s->conf, CONF_PARAM, "ServerAlias", FALSE);
    while (c != NULL) {
      if (strcasecmp(c->argv[0], cmd->argv[1]) == 0) {
        break;
      }
      c = find_config_next(c, c->next, CONF_PARAM, "ServerAlias", FALSE);
    }
    if (c != NULL) {
      break;
    }
  }
  if (s == NULL) {
    pr_response_add_err(R_504, _("%s: Unknown hostname provided"),
      (char *) cmd->argv[1]);
    return PR_ERROR(cmd);
  }
  if (s != main_server) {
    main_server = s;
    pr_event_generate("core.session-reinit", s);
  }
  pr_response_add(R_220, _("HOST command ok"));
  return PR_HANDLED(cmd);
}

MODRET core_mkd(cmd_rec *cmd) {
  const char *path;

  CHECK_CMD_MIN_ARGS(cmd, 2);
  path = host_abs_path(cmd->tmp_pool, cmd->arg);
  if (mkdir(path, 0777) < 0) {
    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(errno));
    return PR_ERROR(cmd);
  }
  pr_response_add(R_257, _("\"%s\" - Directory successfully created"), path);
  return PR_HANDLED(cmd);
}

MODRET core_noop(cmd_rec *cmd) {
  pr_response_add(R_200, _("NOOP command successful"));
  return PR_HANDLED(cmd);
}

MODRET core_pwd(cmd_rec *cmd) {
  pr_response_add(R_257, _("\"%s\" is the current directory"), session.cwd);
  return PR_HANDLED(cmd);
}

MODRET core_quit(cmd_rec *cmd) {
  pr_response_add(R_221, _("Goodbye."));
  host_session_quit = TRUE;
  return PR_HANDLED(cmd);
}

MODRET core_rmd(cmd_rec *cmd) {
  CHECK_CMD_MIN_ARGS(cmd, 2);
  if (rmdir(host_abs_path(cmd->tmp_pool, cmd->arg)) < 0) {
    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(errno));
    return PR_ERROR(cmd);
  }
  pr_response_add(R_250, _("%s command successful"), (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

MODRET core_size(cmd_rec *cmd) {
  struct stat st;

  CHECK_CMD_MIN_ARGS(cmd, 2);
  /* As Debian's proftpd (built without PR_ALLOW_ASCII_MODE_SIZE): the size
   * on disk is not what an ASCII transfer sends, so SIZE is refused. */
  if (session.sf_flags & SF_ASCII) {
    pr_log_debug(DEBUG5, "%s not allowed in ASCII mode", (char *) cmd->argv[0]);
    pr_response_add_err(R_550, _("%s not allowed in ASCII mode"),
      (char *) cmd->argv[0]);
    errno = EPERM;
    return PR_ERROR(cmd);
  }
  if (stat(host_abs_path(cmd->tmp_pool, cmd->arg), &st) < 0) {
    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(errno));
    return PR_ERROR(cmd);
  }
  if (!S_ISREG(st.st_mode)) {
    pr_response_add_err(R_550, _("%s: not a regular file"), cmd->arg);
    return PR_ERROR(cmd);
  }
  pr_response_add(R_213, "%llu", (unsigned long long) st.st_size);
  return PR_HANDLED(cmd);
}

MODRET core_syst(cmd_rec *cmd) {
  pr_response_add(R_215, "UNIX Type: L8");
  return PR_HANDLED(cmd);
}

/* mod_site */
MODRET site_dispatch(cmd_rec *cmd) {
  if (cmd->argc < 2) {
    pr_response_add_err(R_500, _("'SITE' requires parameters"));
    return PR_ERROR(cmd);
  }

  if (strcasecmp(cmd->argv[1], "HELP") == 0) {
    pr_response_add(R_214, _("The following SITE commands are recognized "
      "(* =>'s unimplemented)"));
    pr_response_add(R_DUP, " CHMOD HELP");
    pr_response_add(R_214, _("Direct comments to %s"),
      main_server->ServerAdmin ? main_server->ServerAdmin : "ftp-admin");
    return PR_HANDLED(cmd);
  }

  if (strcasecmp(cmd->argv[1], "CHMOD") == 0) {
    char *end = NULL;
    long mode;

    if (cmd->argc < 4) {
      pr_response_add_err(R_501, _("'SITE %s' not understood"),
        (char *) cmd->argv[1]);
      return PR_ERROR(cmd);
    }
    mode = strtol(cmd->argv[2], &end, 8);
    if (end == NULL || *end != '\0' || mode < 0 || mode > 07777) {
      pr_response_add_err(R_501, _("Bad mode: %s"), (char *) cmd->argv[2]);
      return PR_ERROR(cmd);
    }
    if (chmod(host_abs_path(cmd->tmp_pool, cmd->argv[3]), (mode_t) mode) < 0) {
      pr_response_add_err(R_550, "%s: %s", (char *) cmd->argv[3],
        strerror(errno));
      return PR_ERROR(cmd);
    }
    pr_response_add(R_200, _("SITE %s command successful"),
      (char *) cmd->argv[1]);
    return PR_HANDLED(cmd);
  }

  pr_response_add_err(R_500, _("'SITE %s' not understood"),
    (char *) cmd->argv[1]);
  return PR_ERROR(cmd);
}

/* Initialization routines
 */

/* A session counter as text: data points at it, datasz is its size. */
static const char *core_var_counter(void *data, size_t datasz) {
  char buf[32];

  if (datasz == sizeof(off_t)) {
    pr_snprintf(buf, sizeof(buf), "%llu",
      (unsigned long long) *((off_t *) data));
  } else {
    pr_snprintf(buf, sizeof(buf), "%u", *((unsigned int *) data));
  }
  return pstrdup(session.pool ? session.pool : permanent_pool, buf);
}

/* As proftpd's mod_core: the session's transfer counters as variables,
 * defined here, so after the sess_init of every module loaded later (the
 * DSOs come first in the module list).
 */
static int core_sess_init(void) {
  static const struct {
    const char *name;
    void *field;
    size_t size;
  } vars[] = {
    { "%{bytes_xfer}", &session.xfer.total_bytes, sizeof(off_t) },
    { "%{total_bytes_in}", &session.total_bytes_in, sizeof(off_t) },
    { "%{total_bytes_out}", &session.total_bytes_out, sizeof(off_t) },
    { "%{total_bytes_xfer}", &session.total_bytes, sizeof(off_t) },
    { "%{total_files_in}", &session.total_files_in, sizeof(unsigned int) },
    { "%{total_files_out}", &session.total_files_out, sizeof(unsigned int) },
    { "%{total_files_xfer}", &session.total_files_xfer, sizeof(unsigned int) },
  };
  size_t i;

  for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
    if (pr_var_set(session.pool, vars[i].name, NULL, PR_VAR_TYPE_FUNC,
        (void *) core_var_counter, vars[i].field, vars[i].size) < 0) {
      pr_log_debug(DEBUG0, MOD_CORE_VERSION ": error setting %s: %s",
        vars[i].name, strerror(errno));
    }
  }
  return 0;
}

/* Module API tables
 */

static conftable core_conftab[] = {
  { "Allow",	host_set_directive,	NULL },
  { "AllowAll",		set_allowdenyall,	NULL },
  { "AllowClass",	host_set_directive,	NULL },
  { "AllowFilter",	host_set_directive,	NULL },
  { "AllowForeignAddress", host_set_directive,	NULL },
  { "AllowGroup",	host_set_directive,	NULL },
  { "AllowOverride",	host_set_directive,	NULL },
  { "AllowUser",	set_allowdenyuser,	NULL },
  { "AuthOrder",	host_set_directive,	NULL },
  { "CDPath",	host_set_directive,	NULL },
  { "CommandBufferSize", set_commandbuffersize, NULL },
  { "DebugLevel",	set_debuglevel,		NULL },
  { "DefaultAddress", host_set_directive,	NULL },
  { "DefaultRoot",	set_defaultroot,	NULL },
  { "DefaultServer",	host_set_directive,	NULL },
  { "DeferWelcome",	set_deferwelcome,	NULL },
  { "Define",		set_define,		NULL },
  { "Deny",	host_set_directive,	NULL },
  { "DenyAll",		set_allowdenyall,	NULL },
  { "DenyClass",	host_set_directive,	NULL },
  { "DenyFilter",	host_set_directive,	NULL },
  { "DenyGroup",	host_set_directive,	NULL },
  { "DenyUser",		set_allowdenyuser,	NULL },
  { "DisplayChdir",	host_set_directive,	NULL },
  { "DisplayConnect", host_set_directive,	NULL },
  { "DisplayQuit",	host_set_directive,	NULL },
  { "From",	host_set_directive,	NULL },
  { "FSCachePolicy",	host_set_directive,	NULL },
  { "FSOptions",	host_set_directive,	NULL },
  { "Group",		set_group,		NULL },
  { "GroupOwner",	host_set_directive,	NULL },
  { "HideFiles",	host_set_directive,	NULL },
  { "HideGroup",	host_set_directive,	NULL },
  { "HideNoAccess",	host_set_directive,	NULL },
  { "HideUser",	host_set_directive,	NULL },
  { "IgnoreHidden",	host_set_directive,	NULL },
  { "IncludeOptions", host_set_directive,	NULL },
  { "MasqueradeAddress", set_masqueradeaddress, NULL },
  { "MaxCommandRate", host_set_directive,	NULL },
  { "MaxConnectionRate", set_maxconnectionrate, NULL },
  { "MaxInstances",	set_maxinstances,	NULL },
  { "MultilineRFC2228",	set_noop,		NULL },
  { "Order",	host_set_directive,	NULL },
  { "PassivePorts",	host_set_directive,	NULL },
  { "PathAllowFilter", host_set_directive,	NULL },
  { "PathDenyFilter", host_set_directive,	NULL },
  { "PidFile",	host_set_directive,	NULL },
  { "Port",		set_serverport,		NULL },
  { "ProcessTitles",	host_set_directive,	NULL },
  { "Protocols",	host_set_directive,	NULL },
  { "RegexOptions",	host_set_directive,	NULL },
  { "Satisfy",	host_set_directive,	NULL },
  { "ScoreboardFile", host_set_directive,	NULL },
  { "ScoreboardMutex", host_set_directive,	NULL },
  { "ScoreboardScrub", host_set_directive,	NULL },
  { "ServerAdmin",	set_serveradmin,	NULL },
  { "ServerAlias",	set_serveralias,	NULL },
  { "ServerIdent",	set_serverident,	NULL },
  { "ServerName",	set_servername,		NULL },
  { "ServerType",	set_servertype,		NULL },
  { "SetEnv",	host_set_directive,	NULL },
  { "SocketBindTight", host_set_directive,	NULL },
  { "SocketOptions",	host_set_directive,	NULL },
  { "SyslogFacility", host_set_directive,	NULL },
  { "SyslogLevel",	host_set_directive,	NULL },
  { "TCPBackLog",	host_set_directive,	NULL },
  { "TCPNoDelay",	host_set_directive,	NULL },
  { "TimeoutIdle",	host_set_timeout,		NULL },
  { "TimeoutLinger",	host_set_directive,	NULL },
  { "TimeoutLogin",	host_set_timeout,		NULL },
  { "TimeoutNoTransfer", host_set_timeout,		NULL },
  { "TimeoutSession",	host_set_timeout,	NULL },
  { "TimeoutStalled",	host_set_timeout,	NULL },
  { "TimesGMT",	host_set_directive,	NULL },
  { "Trace",	host_set_directive,	NULL },
  { "TraceLog",	host_set_directive,	NULL },
  { "TraceOptions",	host_set_directive,	NULL },
  { "TransferLog",	host_set_directive,	NULL },
  { "Umask",	host_set_directive,	NULL },
  { "UnsetEnv",	host_set_directive,	NULL },
  { "UseIPv6",	set_useipv6,		NULL },
  { "User",		set_user,		NULL },
  { "UseReverseDNS",	set_usereversedns,	NULL },
  { "UserOwner",	host_set_directive,	NULL },
  { NULL }
};

static cmdtable core_cmdtab[] = {
  { CMD,	C_CDUP,	G_DIRS,	core_cdup,	TRUE,	FALSE,	CL_DIRS },
  { CMD,	C_CWD,	G_DIRS,	core_cwd,	TRUE,	FALSE,	CL_DIRS },
  { CMD,	C_DELE,	G_WRITE, core_dele,	TRUE,	FALSE,	CL_WRITE },
  { CMD,	C_HOST,	G_NONE,	core_host,	FALSE,	FALSE,	CL_AUTH },
  { CMD,	C_MKD,	G_WRITE, core_mkd,	TRUE,	FALSE,	CL_DIRS|CL_WRITE },
  { CMD,	C_NOOP,	G_NONE,	core_noop,	FALSE,	FALSE,	CL_MISC },
  { CMD,	C_PWD,	G_DIRS,	core_pwd,	TRUE,	FALSE,	CL_INFO|CL_DIRS },
  { CMD,	C_QUIT,	G_NONE,	core_quit,	FALSE,	FALSE,	CL_INFO },
  { CMD,	C_RMD,	G_WRITE, core_rmd,	TRUE,	FALSE,	CL_DIRS|CL_WRITE },
  { CMD,	C_SIZE,	G_READ,	core_size,	TRUE,	FALSE,	CL_INFO },
  { CMD,	C_SYST,	G_NONE,	core_syst,	FALSE,	FALSE,	CL_INFO },
  { CMD,	C_XCUP,	G_DIRS,	core_cdup,	TRUE,	FALSE,	CL_DIRS },
  { CMD,	C_XCWD,	G_DIRS,	core_cwd,	TRUE,	FALSE,	CL_DIRS },
  { CMD,	C_XMKD,	G_WRITE, core_mkd,	TRUE,	FALSE,	CL_DIRS|CL_WRITE },
  { CMD,	C_XPWD,	G_DIRS,	core_pwd,	TRUE,	FALSE,	CL_INFO|CL_DIRS },
  { CMD,	C_XRMD,	G_WRITE, core_rmd,	TRUE,	FALSE,	CL_DIRS|CL_WRITE },
  { 0, NULL }
};

module core_module = {
  NULL, NULL,
  0x20,
  "core",
  core_conftab,
  core_cmdtab,
  NULL,
  NULL,
  core_sess_init,
  MOD_CORE_VERSION
};

static cmdtable site_cmdtab[] = {
  { CMD,	C_SITE,	G_WRITE, site_dispatch,	FALSE,	FALSE,	CL_MISC },
  { 0, NULL }
};

module site_module = {
  NULL, NULL,
  0x20,
  "site",
  NULL,
  site_cmdtab,
  NULL,
  NULL,
  NULL,
  MOD_SITE_VERSION
};
