/*
 * prxs shim host: mod_core (core directives, directory and session
 * commands) and mod_site (SITE HELP, SITE CHMOD, unknown SITE commands).
 */

#include "host.h"
#include "host_cmd.h"
#include "host_fs.h"
#include "host_scoreboard.h"

#include <dirent.h>
#include <locale.h>
#include <netdb.h>
#include <arpa/inet.h>

#define MOD_CORE_VERSION	"mod_core/1.0"
#define MOD_SITE_VERSION	"mod_site/1.0"

/* proftpd refuses an OPTS with more parameters than this. */
#define PR_OPTS_MAX_PARAM_COUNT	8

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

/* PASV: a real listening socket on the session's local address (its
 * "core.data-listen" event generated, as proftpd does), answered with its
 * port and the MasqueradeAddress, if one is resolved, else the local
 * address.  The shim's transfers themselves do not use it. */
MODRET core_pasv(cmd_rec *cmd) {
  const pr_netaddr_t *bind_addr = session.c->local_addr;
  char *addrstr, *tmp;
  unsigned int port;
  config_rec *c;

  if (session.sf_flags & SF_EPSV_ALL) {
    pr_response_add_err(R_500, _("Illegal PASV command, EPSV ALL in effect"));
    pr_cmd_set_errno(cmd, EPERM);
    errno = EPERM;
    return PR_ERROR(cmd);
  }
  CHECK_CMD_ARGS(cmd, 1);

  if (session.d != NULL) {
    pr_inet_close(session.d->pool, session.d);
    session.d = NULL;
  }
  if (pr_netaddr_get_family(session.c->local_addr) == AF_INET6 &&
      pr_netaddr_is_v4mappedv6(session.c->local_addr) == TRUE) {
    bind_addr = pr_netaddr_v6tov4(cmd->pool, session.c->local_addr);
  }
  session.d = pr_inet_create_conn(session.pool, -1, bind_addr, INPORT_ANY,
    FALSE);
  if (session.d == NULL) {
    int xerrno = errno;

    pr_response_add_err(R_425, _("Unable to build data connection: %s"),
      strerror(xerrno));
    pr_cmd_set_errno(cmd, xerrno);
    errno = xerrno;
    return PR_ERROR(cmd);
  }
  pr_inet_generate_socket_event("core.data-listen", main_server,
    session.d->local_addr, session.d->listen_fd);
  if (pr_inet_listen(session.pool, session.d, 1, 0) < 0) {
    int xerrno = errno;

    pr_response_add_err(R_425, "%s: %s", (char *) cmd->argv[0],
      strerror(xerrno));
    pr_inet_close(session.d->pool, session.d);
    session.d = NULL;
    pr_cmd_set_errno(cmd, xerrno);
    errno = xerrno;
    return PR_ERROR(cmd);
  }

  port = session.data_port = (unsigned short) session.d->local_port;
  session.sf_flags |= SF_PASSIVE;
  addrstr = pstrdup(cmd->tmp_pool, pr_netaddr_get_ipstr(session.d->local_addr));
  c = find_config(main_server->conf, CONF_PARAM, "MasqueradeAddress", FALSE);
  if (c != NULL && c->argv[0] != NULL) {
    addrstr = pstrdup(cmd->tmp_pool, pr_netaddr_get_ipstr(c->argv[0]));
  }
  tmp = strrchr(addrstr, ':');
  if (tmp != NULL) {
    addrstr = tmp + 1;
  }
  for (tmp = addrstr; *tmp; tmp++) {
    if (*tmp == '.') {
      *tmp = ',';
    }
  }
  pr_log_debug(DEBUG1, "Entering Passive Mode (%s,%u,%u).", addrstr,
    (port >> 8) & 255, port & 255);
  /* Not localised, as in proftpd: clients parse it. */
  pr_response_add(R_227, "Entering Passive Mode (%s,%u,%u).", addrstr,
    (port >> 8) & 255, port & 255);
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
  if (pr_fsio_chdir(path, FALSE) < 0) {
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
  if (pr_fsio_chdir("..", FALSE) < 0) {
    pr_response_add_err(R_550, "%s: %s", session.cwd, strerror(errno));
    return PR_ERROR(cmd);
  }
  core_update_cwd();
  pr_response_add(R_250, _("%s command successful"), (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

/* As proftpd's mod_core: a path that PathAllowFilter/PathDenyFilter of
 * the command's directory refuses gets "550 <arg>: Forbidden filename".
 */
int host_path_filtered(cmd_rec *cmd, const char *path) {
  int res = pr_filter_allow_path(CURRENT_CONF, path);

  if (res == PR_FILTER_ERR_FAILS_ALLOW_FILTER ||
      res == PR_FILTER_ERR_FAILS_DENY_FILTER) {
    pr_log_debug(DEBUG2, "'%s %s' denied by %s", (char *) cmd->argv[0],
      path, res == PR_FILTER_ERR_FAILS_ALLOW_FILTER ? "PathAllowFilter" :
      "PathDenyFilter");
    pr_response_add_err(R_550, _("%s: Forbidden filename"), cmd->arg);
    errno = EACCES;
    return TRUE;
  }
  return FALSE;
}

MODRET core_dele(cmd_rec *cmd) {
  CHECK_CMD_MIN_ARGS(cmd, 2);
  if (host_path_filtered(cmd, cmd->arg)) {
    return PR_ERROR(cmd);
  }
  if (pr_fsio_unlink(host_abs_path(cmd->tmp_pool, cmd->arg)) < 0) {
    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(errno));
    return PR_ERROR(cmd);
  }
  pr_response_add(R_250, _("%s command successful"), (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

MODRET core_host(cmd_rec *cmd) {
  server_rec *s;

  CHECK_CMD_ARGS(cmd, 2);
  if (host_authenticated()) {
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
  if (host_path_filtered(cmd, cmd->arg)) {
    return PR_ERROR(cmd);
  }
  path = host_abs_path(cmd->tmp_pool, cmd->arg);
  if (pr_fsio_mkdir(path, 0777) < 0) {
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
  if (host_path_filtered(cmd, cmd->arg)) {
    return PR_ERROR(cmd);
  }
  if (pr_fsio_rmdir(host_abs_path(cmd->tmp_pool, cmd->arg)) < 0) {
    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(errno));
    return PR_ERROR(cmd);
  }
  pr_response_add(R_250, _("%s command successful"), (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

/* As proftpd's: the file's modification time (UTC) of the path with its
 * links resolved; 550 with the system's reason for a path that does not
 * exist or that a <Limit> denies, "not a plain file" for the rest.
 */
MODRET core_mdtm(cmd_rec *cmd) {
  char buf[16] = {'\0'};
  const char *path;
  struct stat st;
  struct tm *tm;

  CHECK_CMD_MIN_ARGS(cmd, 2);
  pr_fs_clear_cache2(cmd->arg);
  path = dir_realpath(cmd->tmp_pool, cmd->arg);
  if (path == NULL ||
      !dir_check(cmd->tmp_pool, cmd, cmd->group, path, NULL) ||
      pr_fsio_stat(path, &st) < 0) {
    int xerrno = errno;

    pr_response_add_err(R_550, "%s: %s", cmd->arg, strerror(xerrno));
    errno = xerrno;
    return PR_ERROR(cmd);
  }
  if (!S_ISREG(st.st_mode)) {
    pr_response_add_err(R_550, _("%s: not a plain file"), cmd->arg);
    errno = EINVAL;
    return PR_ERROR(cmd);
  }
  tm = pr_gmtime(cmd->tmp_pool, &st.st_mtime);
  if (tm != NULL) {
    pr_snprintf(buf, sizeof(buf), "%04d%02d%02d%02d%02d%02d",
      tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour,
      tm->tm_min, tm->tm_sec);
  } else {
    sstrncpy(buf, "00000000000000", sizeof(buf));
  }
  pr_response_add(R_213, "%s", buf);
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
  if (pr_fsio_stat(host_abs_path(cmd->tmp_pool, cmd->arg), &st) < 0) {
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

/* FEAT and HELP, as proftpd's mod_core */

static int core_feat_cmp(const void *a, const void *b) {
  return strcasecmp(*((const char **) a), *((const char **) b));
}

MODRET core_feat(cmd_rec *cmd) {
  array_header *feats;
  const char *feat;
  unsigned int i;

  CHECK_CMD_ARGS(cmd, 1);

  feat = pr_feat_get();
  if (feat == NULL) {
    pr_response_add(R_211, _("No features supported"));
    return PR_HANDLED(cmd);
  }
  feats = make_array(cmd->tmp_pool, 0, sizeof(char *));
  while (feat != NULL) {
    *((char **) push_array(feats)) = pstrdup(cmd->tmp_pool, feat);
    feat = pr_feat_get_next();
  }
  qsort(feats->elts, feats->nelts, sizeof(char *), core_feat_cmp);
  pr_response_add(R_211, "%s", _("Features:"));
  for (i = 0; i < feats->nelts; i++) {
    pr_response_add(R_DUP, "%s", ((const char **) feats->elts)[i]);
  }
  pr_response_add(R_DUP, _("End"));
  return PR_HANDLED(cmd);
}

/* proftpd's default ServerAdmin: root@ the server's DNS name. */
static void core_default_admin(void) {
  char host[NI_MAXHOST];
  const pr_netaddr_t *na;
  const char *fqdn = main_server->ServerFQDN;

  if (main_server->ServerAdmin != NULL) {
    return;
  }
  na = session.c != NULL ? session.c->local_addr : NULL;
  if (fqdn == NULL && na != NULL) {
    struct sockaddr_storage ss;
    struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
    socklen_t len = 0;

    fqdn = pr_netaddr_get_ipstr(na);
    memset(&ss, 0, sizeof(ss));
    if (fqdn != NULL && inet_pton(AF_INET, fqdn, &sin->sin_addr) == 1) {
      sin->sin_family = AF_INET;
      len = sizeof(*sin);
    } else if (fqdn != NULL && inet_pton(AF_INET6, fqdn, &sin6->sin6_addr) == 1) {
      sin6->sin6_family = AF_INET6;
      len = sizeof(*sin6);
    }
    if (len > 0 && getnameinfo((struct sockaddr *) &ss, len, host,
        sizeof(host), NULL, 0, NI_NAMEREQD) == 0) {
      fqdn = host;
    }
  }
  main_server->ServerAdmin = pstrcat(main_server->pool, "root@",
    fqdn != NULL ? fqdn : "localhost", NULL);
}

/* OPTS: "OPTS X args" is dispatched as the command OPTS_X (mod_digest's
 * OPTS HASH, mod_lang's OPTS UTF8), as proftpd's mod_core does.
 */
MODRET core_opts(cmd_rec *cmd) {
  cmd_rec *sub;
  char *arg = "";
  int i;

  CHECK_CMD_MIN_ARGS(cmd, 2);
  if (cmd->argc - 1 > PR_OPTS_MAX_PARAM_COUNT) {
    pr_log_debug(DEBUG2, "OPTS command with too many parameters (%d), "
      "rejecting", cmd->argc - 1);
    pr_response_add_err(R_550, "%s: %s", (char *) cmd->argv[0],
      strerror(EINVAL));
    pr_cmd_set_errno(cmd, EINVAL);
    errno = EINVAL;
    return PR_ERROR(cmd);
  }
  sub = pr_cmd_alloc(cmd->tmp_pool, cmd->argc - 1, NULL);
  sub->argv[0] = pstrcat(cmd->tmp_pool, "OPTS_", (char *) cmd->argv[1], NULL);
  sub->group = cmd->group;
  if (host_limit_denied(sub, NULL)) {
    pr_log_debug(DEBUG7, "OPTS %s denied by <Limit> configuration",
      (char *) cmd->argv[1]);
    pr_response_add_err(R_550, "%s %s: %s", (char *) cmd->argv[0],
      (char *) cmd->argv[1], strerror(EACCES));
    pr_cmd_set_errno(cmd, EACCES);
    errno = EACCES;
    return PR_ERROR(cmd);
  }
  for (i = 2; i < cmd->argc; i++) {
    sub->argv[i - 1] = cmd->argv[i];
    arg = pstrcat(cmd->tmp_pool, arg, *arg ? " " : "", (char *) cmd->argv[i],
      NULL);
  }
  sub->arg = arg;
  if (pr_cmd_dispatch_phase(sub, 0, PR_CMD_DISPATCH_FL_SEND_RESPONSE|
      PR_CMD_DISPATCH_FL_CLEAR_RESPONSE) < 0) {
    return PR_ERROR(cmd);
  }
  return PR_HANDLED(cmd);
}

MODRET site_dispatch(cmd_rec *cmd);

MODRET core_help(cmd_rec *cmd) {
  char *cp;

  core_default_admin();
  if (cmd->argc == 1) {
    pr_help_add_response(cmd, NULL);
    return PR_HANDLED(cmd);
  }
  for (cp = cmd->argv[1]; *cp; cp++) {
    *cp = (char) toupper((unsigned char) *cp);
  }
  if (strcasecmp(cmd->argv[1], C_SITE) == 0) {
    return pr_module_call(&site_module, site_dispatch, cmd);
  }
  if (pr_help_add_response(cmd, cmd->argv[1]) == 0) {
    return PR_HANDLED(cmd);
  }
  pr_response_add_err(R_502, _("Unknown command '%s'"), (char *) cmd->argv[1]);
  pr_cmd_set_errno(cmd, EINVAL);
  errno = EINVAL;
  return PR_ERROR(cmd);
}

/* The HELP and FEAT entries of proftpd's built-in modules, in the order
 * their init functions add them (mod_core, mod_xfer, mod_auth, mod_ls,
 * mod_site, mod_facts), when the host starts, before any DSO's.
 */
void host_core_features_init(void) {
  static const struct {
    const char *cmd, *syntax;
    int impl;
  } help[] = {
    { C_CWD, "<sp> pathname", TRUE }, { C_XCWD, "<sp> pathname", TRUE },
    { C_CDUP, "(up one directory)", TRUE },
    { C_XCUP, "(up one directory)", TRUE },
    { C_SMNT, "is not implemented", FALSE },
    { C_QUIT, "(close control connection)", TRUE },
    { C_PORT, "<sp> h1,h2,h3,h4,p1,p2", TRUE },
    { C_PASV, "(returns address/port)", TRUE },
    { C_EPRT, "<sp> |proto|addr|port|", TRUE },
    { C_EPSV, "(returns port |||port|)", TRUE },
    { C_ALLO, "<sp> size", TRUE }, { C_RNFR, "<sp> pathname", TRUE },
    { C_RNTO, "<sp> pathname", TRUE }, { C_DELE, "<sp> pathname", TRUE },
    { C_MDTM, "<sp> pathname", TRUE }, { C_RMD, "<sp> pathname", TRUE },
    { C_XRMD, "<sp> pathname", TRUE }, { C_MKD, "<sp> pathname", TRUE },
    { C_XMKD, "<sp> pathname", TRUE },
    { C_PWD, "(returns current working directory)", TRUE },
    { C_XPWD, "(returns current working directory)", TRUE },
    { C_SIZE, "<sp> pathname", TRUE },
    { C_SYST, "(returns system type)", TRUE },
    { C_HELP, "[<sp> command]", TRUE }, { C_NOOP, "(no operation)", TRUE },
    { C_FEAT, "(returns feature list)", TRUE },
    { C_OPTS, "<sp> command [<sp> options]", TRUE },
    { C_HOST, "<cp> hostname", TRUE }, { C_CLNT, "<cp> client-info", TRUE },
    { C_AUTH, "<sp> base64-data", FALSE },
    { C_CCC, "(clears protection level)", FALSE },
    { C_CONF, "<sp> base64-data", FALSE }, { C_ENC, "<sp> base64-data", FALSE },
    { C_MIC, "<sp> base64-data", FALSE },
    { C_PBSZ, "<sp> protection buffer size", FALSE },
    { C_PROT, "<sp> protection code", FALSE },
    /* mod_xfer */
    { C_TYPE, "<sp> type-code (A, I, L 7, L 8)", TRUE },
    { C_STRU, "is not implemented (always F)", TRUE },
    { C_MODE, "is not implemented (always S)", TRUE },
    { C_RETR, "<sp> pathname", TRUE }, { C_STOR, "<sp> pathname", TRUE },
    { C_STOU, "(store unique filename)", TRUE },
    { C_APPE, "<sp> pathname", TRUE }, { C_REST, "<sp> byte-count", TRUE },
    { C_ABOR, "(abort current operation)", TRUE },
    { C_RANG, "<sp> start-point <sp> end-point", TRUE },
    /* mod_auth */
    { C_USER, "<sp> username", TRUE }, { C_PASS, "<sp> password", TRUE },
    { C_ACCT, "is not implemented", FALSE },
    { C_REIN, "is not implemented", FALSE },
    /* mod_ls */
    { C_LIST, "[<sp> pathname]", TRUE }, { C_NLST, "[<sp> (pathname)]", TRUE },
    { C_STAT, "[<sp> pathname]", TRUE },
    /* mod_site, mod_facts */
    { C_SITE, "<sp> string", TRUE },
    { C_MLSD, "[<sp> pathname]", TRUE }, { C_MLST, "[<sp> pathname]", TRUE },
  };
  static const char *feats[] = {
    C_CLNT, C_CSID, C_MDTM, "REST STREAM", C_SIZE, C_HOST,	/* mod_core */
    C_RANG " STREAM",						/* mod_xfer */
    "MFF modify;UNIX.group;UNIX.mode;", "MFMT", "TVFS",		/* mod_facts */
  };
  size_t i;

  for (i = 0; i < sizeof(help) / sizeof(help[0]); i++) {
    pr_help_add(help[i].cmd, _(help[i].syntax), help[i].impl);
  }
  for (i = 0; i < sizeof(feats) / sizeof(feats[0]); i++) {
    pr_feat_add(feats[i]);
  }
}

/* mod_lang's language: the locale of LC_MESSAGES the environment names
 * (as setlocale(3) takes it), en_US for C/POSIX or one not installed.
 */
static const char *core_lang_curr(void) {
  static const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
  const char *name = NULL;
  locale_t loc;
  size_t i;

  for (i = 0; i < sizeof(vars) / sizeof(vars[0]) && name == NULL; i++) {
    const char *v = getenv(vars[i]);
    if (v != NULL && *v != '\0') {
      name = v;
    }
  }
  if (name == NULL || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0) {
    return "en_US";
  }
  loc = newlocale(LC_MESSAGES_MASK, name, (locale_t) 0);
  if (loc == (locale_t) 0) {
    return "en_US";
  }
  freelocale(loc);
  return name;
}

/* mod_lang's LANG feature: the languages with proftpd's messages installed
 * (LangPath, /usr/share/locale) that the system supports, and the current
 * one, marked "*", in RFC 1766 form.
 */
static void core_lang_feat(pool *p) {
  const char *curr = core_lang_curr(), *path = "/usr/share/locale";
  array_header *langs = make_array(p, 4, sizeof(char *));
  config_rec *c;
  char *feat = "";
  unsigned int i;
  int have_curr = FALSE;
  DIR *dir;

  c = find_config(main_server->conf, CONF_PARAM, "LangPath", FALSE);
  if (c != NULL && c->argc > 0) {
    path = c->argv[0];
  }
  dir = opendir(path);
  if (dir != NULL) {
    struct dirent *ent;

    while ((ent = readdir(dir)) != NULL) {
      struct stat st;
      locale_t loc;

      if (ent->d_name[0] == '.' || stat(pdircat(p, path, ent->d_name,
          "LC_MESSAGES", "proftpd.mo", NULL), &st) < 0) {
        continue;
      }
      loc = newlocale(LC_MESSAGES_MASK, ent->d_name, (locale_t) 0);
      if (loc == (locale_t) 0) {
        continue;
      }
      freelocale(loc);
      *((char **) push_array(langs)) = pstrdup(p, ent->d_name);
      if (strcmp(ent->d_name, curr) == 0) {
        have_curr = TRUE;
      }
    }
    closedir(dir);
  }
  if (!have_curr) {
    *((const char **) push_array(langs)) = curr;
  }
  for (i = 0; i < langs->nelts; i++) {
    char *lang = pstrdup(p, ((char **) langs->elts)[i]), *us;

    us = strchr(lang, '_');
    if (us != NULL) {
      *us = '-';
    }
    feat = pstrcat(p, feat, i > 0 ? ";" : "", lang, NULL);
    if (strcasecmp(curr, lang) == 0 ||
        strcasecmp(curr, ((char **) langs->elts)[i]) == 0) {
      feat = pstrcat(p, feat, "*", NULL);
    }
  }
  pr_feat_add(pstrcat(p, "LANG ", feat, NULL));
}

/* The features proftpd's built-in modules add when a session starts:
 * EPRT and EPSV (unless a <Limit> denies them), mod_facts' MLST facts,
 * mod_lang's UTF8 and LANG.
 */
void host_core_sess_features(void) {
  static const char *eprt[] = { C_EPRT, C_EPSV };
  pool *p = make_sub_pool(session.pool ? session.pool : permanent_pool);
  size_t i;

  for (i = 0; i < 2; i++) {
    cmd_rec *cmd = pr_cmd_alloc(p, 1, pstrdup(p, eprt[i]));

    if (cmd != NULL && !host_limit_denied(cmd, NULL)) {
      pr_feat_add(eprt[i]);
    }
  }
  pr_feat_add("MLST modify*;perm*;size*;type*;unique*;UNIX.group*;"
    "UNIX.groupname*;UNIX.mode*;UNIX.owner*;UNIX.ownername*;");
  pr_feat_add("UTF8");
  core_lang_feat(p);
  destroy_pool(p);
  /* proftpd sets the default ServerAdmin when it starts; modules show it
   * (mod_quotatab's SITE QUOTA, HELP). */
  core_default_admin();
}

/* mod_site: SITE's own subcommands, as proftpd's mod_site: dispatched
 * with the command shifted by one word (argv[0] the subcommand), so that
 * "HELP SITE" reaches the same table.
 */
static const struct {
  const char *cmd, *syntax;
} site_help_list[] = {
  { "HELP", "[<sp> site-command]" },
  { "CHGRP", "<sp> group <sp> pathname" },
  { "CHMOD", "<sp> mode <sp> pathname" },
};
#define SITE_HELP_COUNT	(sizeof(site_help_list) / sizeof(site_help_list[0]))

/* The words from i on, joined by spaces (a path with spaces). */
static char *site_words(cmd_rec *cmd, int from) {
  char *arg = "";
  int i;

  for (i = from; i < cmd->argc; i++) {
    arg = pstrcat(cmd->tmp_pool, arg, *arg ? " " : "", (char *) cmd->argv[i],
      NULL);
  }
  return arg;
}

static modret_t *site_help(cmd_rec *cmd) {
  size_t i;

  if (cmd->argc == 1 || (cmd->argc == 2 &&
      ((strcasecmp(cmd->argv[0], "SITE") == 0 &&
        strcasecmp(cmd->argv[1], "HELP") == 0) ||
       (strcasecmp(cmd->argv[0], "HELP") == 0 &&
        strcasecmp(cmd->argv[1], "SITE") == 0)))) {
    for (i = 0; i < SITE_HELP_COUNT; i++) {
      pr_response_add(i != 0 ? R_DUP : R_214, "%s", site_help_list[i].cmd);
    }
    return PR_HANDLED(cmd);
  }
  for (i = 0; i < SITE_HELP_COUNT; i++) {
    if (strcasecmp(cmd->argv[1], site_help_list[i].cmd) == 0) {
      pr_response_add(R_214, _("Syntax: SITE %s %s"), (char *) cmd->argv[1],
        site_help_list[i].syntax);
      return PR_HANDLED(cmd);
    }
  }
  pr_response_add_err(R_502, _("Unknown command 'SITE %s'"), cmd->arg);
  pr_cmd_set_errno(cmd, ENOSYS);
  errno = ENOSYS;
  return PR_ERROR(cmd);
}

static modret_t *site_chmod(cmd_rec *cmd) {
  char *end = NULL, *arg;
  long mode;

  if (cmd->argc < 3) {
    pr_response_add_err(R_500, _("'SITE %s' not understood"),
      site_words(cmd, 0));
    return PR_ERROR(cmd);
  }
  arg = site_words(cmd, 2);
  mode = strtol(cmd->argv[1], &end, 8);
  if (end == NULL || *end != '\0' || mode < 0 || mode > 07777) {
    pr_response_add_err(R_501, _("Bad mode: %s"), (char *) cmd->argv[1]);
    return PR_ERROR(cmd);
  }
  if (pr_fsio_chmod(host_abs_path(cmd->tmp_pool, arg), (mode_t) mode) < 0) {
    int xerrno = errno;

    pr_response_add_err(R_550, "%s: %s", arg, strerror(xerrno));
    pr_cmd_set_errno(cmd, xerrno);
    errno = xerrno;
    return PR_ERROR(cmd);
  }
  pr_response_add(R_200, _("SITE %s command successful"),
    (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

static modret_t *site_chgrp(cmd_rec *cmd) {
  char *arg, *end = NULL;
  gid_t gid;

  if (cmd->argc < 3) {
    pr_response_add_err(R_500, _("'SITE %s' not understood"),
      site_words(cmd, 0));
    return PR_ERROR(cmd);
  }
  arg = site_words(cmd, 2);
  gid = (gid_t) strtoul(cmd->argv[1], &end, 10);
  if (end != NULL && *end != '\0') {
    gid = pr_auth_name2gid(cmd->tmp_pool, cmd->argv[1]);
    if (gid == (gid_t) -1) {
      pr_response_add_err(R_550, "%s: %s", arg, strerror(EINVAL));
      pr_cmd_set_errno(cmd, EINVAL);
      errno = EINVAL;
      return PR_ERROR(cmd);
    }
  }
  if (pr_fsio_chown(host_abs_path(cmd->tmp_pool, arg), (uid_t) -1, gid) < 0) {
    int xerrno = errno;

    pr_response_add_err(R_550, "%s: %s", arg, strerror(xerrno));
    pr_cmd_set_errno(cmd, xerrno);
    errno = xerrno;
    return PR_ERROR(cmd);
  }
  pr_response_add(R_200, _("SITE %s command successful"),
    (char *) cmd->argv[0]);
  return PR_HANDLED(cmd);
}

/* cmd: argv[0] the SITE subcommand (or HELP, for "HELP SITE"). */
MODRET site_dispatch(cmd_rec *cmd) {
  if (cmd->argc == 0) {
    pr_response_add_err(R_500, _("'SITE' requires parameters"));
    pr_cmd_set_errno(cmd, EINVAL);
    errno = EINVAL;
    return PR_ERROR(cmd);
  }
  if (strcmp(cmd->argv[0], "HELP") == 0) {
    return site_help(cmd);
  }
  if (strcmp(cmd->argv[0], "CHGRP") == 0 ||
      strcmp(cmd->argv[0], "CHMOD") == 0) {
    if (!host_auth_check(cmd)) {
      /* As proftpd's mod_site: the auth check has sent its 530, and
       * mod_site sends one more. */
      pr_response_send(R_530, _("Please login with USER and PASS"));
      pr_cmd_set_errno(cmd, EPERM);
      errno = EPERM;
      return PR_ERROR(cmd);
    }
    return strcmp(cmd->argv[0], "CHGRP") == 0 ? site_chgrp(cmd) :
      site_chmod(cmd);
  }
  pr_response_add_err(R_500, _("'SITE %s' not understood"),
    (char *) cmd->argv[0]);
  pr_cmd_set_errno(cmd, EINVAL);
  errno = EINVAL;
  return PR_ERROR(cmd);
}

MODRET site_pre_cmd(cmd_rec *cmd) {
  if (cmd->argc > 1 && strcasecmp(cmd->argv[1], "help") == 0) {
    pr_response_add(R_214, _("The following SITE commands are recognized "
      "(* =>'s unimplemented)"));
  }
  return PR_DECLINED(cmd);
}

MODRET site_cmd(cmd_rec *cmd) {
  cmd_rec *sub = pcalloc(cmd->pool, sizeof(cmd_rec));
  char *cp;

  memcpy(sub, cmd, sizeof(cmd_rec));
  sub->argc--;
  sub->argv++;
  if (sub->argc > 0) {
    for (cp = sub->argv[0]; *cp; cp++) {
      *cp = (char) toupper((unsigned char) *cp);
    }
  }
  return site_dispatch(sub);
}

MODRET site_post_cmd(cmd_rec *cmd) {
  if (cmd->argc > 1 && strcasecmp(cmd->argv[1], "help") == 0) {
    core_default_admin();
    pr_response_add(R_214, _("Direct comments to %s"),
      cmd->server->ServerAdmin ? cmd->server->ServerAdmin : "ftp-admin");
  }
  return PR_DECLINED(cmd);
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

  host_core_sess_features();
  host_fs_sess_init();
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
  { "FSCachePolicy",	host_set_fscachepolicy,	NULL },
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
  { "PathAllowFilter", host_set_pathfilter,	NULL },
  { "PathDenyFilter", host_set_pathfilter,	NULL },
  { "PidFile",	host_set_directive,	NULL },
  { "Port",		set_serverport,		NULL },
  { "ProcessTitles",	host_set_directive,	NULL },
  { "Protocols",	host_set_directive,	NULL },
  { "RegexOptions",	host_set_directive,	NULL },
  { "Satisfy",	host_set_directive,	NULL },
  { "ScoreboardFile", host_scoreboard_set_file,	NULL },
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
  { CMD,	C_FEAT,	G_NONE,	core_feat,	FALSE,	FALSE,	CL_INFO },
  { CMD,	C_HELP,	G_NONE,	core_help,	FALSE,	FALSE,	CL_INFO },
  { CMD,	C_OPTS,	G_NONE,	core_opts,	FALSE,	FALSE,	CL_MISC },
  { CMD,	C_HOST,	G_NONE,	core_host,	FALSE,	FALSE,	CL_AUTH },
  { CMD,	C_MKD,	G_WRITE, core_mkd,	TRUE,	FALSE,	CL_DIRS|CL_WRITE },
  { CMD,	C_NOOP,	G_NONE,	core_noop,	FALSE,	FALSE,	CL_MISC },
  { CMD,	C_PASV,	G_NONE,	core_pasv,	TRUE,	FALSE,	CL_MISC },
  { CMD,	C_PWD,	G_DIRS,	core_pwd,	TRUE,	FALSE,	CL_INFO|CL_DIRS },
  { CMD,	C_QUIT,	G_NONE,	core_quit,	FALSE,	FALSE,	CL_INFO },
  { CMD,	C_RMD,	G_WRITE, core_rmd,	TRUE,	FALSE,	CL_DIRS|CL_WRITE },
  { CMD,	C_MDTM,	G_DIRS,	core_mdtm,	TRUE,	FALSE,	CL_INFO|CL_DIRS },
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
  { PRE_CMD,	C_SITE,	G_NONE,	site_pre_cmd,	FALSE,	FALSE },
  { CMD,	C_SITE,	G_NONE,	site_cmd,	FALSE,	FALSE,	CL_MISC },
  { POST_CMD,	C_SITE,	G_NONE,	site_post_cmd,	FALSE,	FALSE },
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
