/*
 * prxs shim host: mod_auth (USER, PASS) and mod_auth_file (AuthUserFile,
 * AuthGroupFile), plus the pr_auth_* API that dispatches to every loaded
 * module's authtable, as proftpd does.
 *
 * AuthUserFile uses proftpd's passwd format:
 *   name:crypted-password:uid:gid:gecos:home:shell
 * and passwords are checked with crypt(3).
 */

#include "host.h"

#include <crypt.h>

#define MOD_AUTH_VERSION	"mod_auth/1.0"
#define MOD_AUTH_FILE_VERSION	"mod_auth_file/1.0"

static char *auth_pending_user = NULL;

/* mod_auth_file: support routines
 */

/* Split a line into exactly n colon-separated fields. */
static int af_split(char *line, char **fields, int n) {
  int i = 0;
  char *cp = line;

  fields[i++] = cp;
  while (*cp) {
    if (*cp == ':') {
      *cp = '\0';
      if (i == n) {
        return -1;
      }
      fields[i++] = cp + 1;
    }
    cp++;
  }
  return i == n ? 0 : -1;
}

/* Find a passwd entry by name (or by uid if name is NULL). */
static struct passwd *af_getpw(pool *p, const char *name, uid_t uid,
    char **crypted) {
  const char *path = get_param_ptr(main_server->conf, "AuthUserFile", FALSE);
  struct passwd *pw = NULL;
  char *line = NULL;
  size_t linesz = 0;
  unsigned int lineno = 0;
  int xerrno;
  FILE *fh;

  if (path == NULL) {
    return NULL;
  }
  /* As proftpd: the file is opened as root, the session may not read it. */
  PRIVS_ROOT
  fh = fopen(path, "r");
  xerrno = errno;
  PRIVS_RELINQUISH
  if (fh == NULL) {
    pr_log_pri(PR_LOG_WARNING, MOD_AUTH_FILE_VERSION ": unable to open "
      "AuthUserFile '%s': %s", path, strerror(xerrno));
    return NULL;
  }
  while (getline(&line, &linesz, fh) >= 0) {
    char *f[7];
    uid_t u;
    gid_t g;

    lineno++;
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0' || line[0] == '#') {
      continue;
    }
    if (af_split(line, f, 7) < 0 || pr_str2uid(f[2], &u) < 0 ||
        pr_str2gid(f[3], &g) < 0) {
      pr_log_pri(PR_LOG_WARNING, MOD_AUTH_FILE_VERSION ": malformed entry "
        "on line %u of AuthUserFile '%s' (expected name:password:uid:gid:"
        "gecos:home:shell), skipping it", lineno, path);
      continue;
    }
    if ((name != NULL && strcmp(f[0], name) == 0) ||
        (name == NULL && u == uid)) {
      pw = pcalloc(p, sizeof(struct passwd));
      pw->pw_name = pstrdup(p, f[0]);
      pw->pw_passwd = pstrdup(p, "x");
      pw->pw_uid = u;
      pw->pw_gid = g;
      pw->pw_gecos = pstrdup(p, f[4]);
      pw->pw_dir = pstrdup(p, f[5]);
      pw->pw_shell = pstrdup(p, f[6]);
      if (crypted != NULL) {
        *crypted = pstrdup(p, f[1]);
      }
      break;
    }
  }
  free(line);
  fclose(fh);
  return pw;
}

static struct group *af_getgr(pool *p, const char *name, gid_t gid) {
  const char *path = get_param_ptr(main_server->conf, "AuthGroupFile", FALSE);
  struct group *gr = NULL;
  char *line = NULL;
  size_t linesz = 0;
  FILE *fh;

  if (path == NULL) {
    return NULL;
  }
  PRIVS_ROOT
  fh = fopen(path, "r");
  PRIVS_RELINQUISH
  if (fh == NULL) {
    return NULL;
  }
  while (getline(&line, &linesz, fh) >= 0) {
    char *f[4];
    gid_t g;

    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0' || line[0] == '#' || af_split(line, f, 4) < 0 ||
        pr_str2gid(f[2], &g) < 0) {
      continue;
    }
    if ((name != NULL && strcmp(f[0], name) == 0) ||
        (name == NULL && g == gid)) {
      gr = pcalloc(p, sizeof(struct group));
      gr->gr_name = pstrdup(p, f[0]);
      gr->gr_passwd = pstrdup(p, "x");
      gr->gr_gid = g;
      gr->gr_mem = pcalloc(p, sizeof(char *));
      break;
    }
  }
  free(line);
  fclose(fh);
  return gr;
}

/* mod_auth_file: authentication handlers
 */

MODRET authfile_getpwnam(cmd_rec *cmd) {
  struct passwd *pw = af_getpw(session.pool ? session.pool : cmd->pool,
    cmd->argv[0], 0, NULL);
  return pw ? mod_create_data(cmd, pw) : PR_DECLINED(cmd);
}

MODRET authfile_getpwuid(cmd_rec *cmd) {
  struct passwd *pw = af_getpw(session.pool ? session.pool : cmd->pool, NULL,
    *((uid_t *) cmd->argv[0]), NULL);
  return pw ? mod_create_data(cmd, pw) : PR_DECLINED(cmd);
}

MODRET authfile_getgrnam(cmd_rec *cmd) {
  struct group *gr = af_getgr(session.pool ? session.pool : cmd->pool,
    cmd->argv[0], 0);
  return gr ? mod_create_data(cmd, gr) : PR_DECLINED(cmd);
}

MODRET authfile_getgrgid(cmd_rec *cmd) {
  struct group *gr = af_getgr(session.pool ? session.pool : cmd->pool, NULL,
    *((gid_t *) cmd->argv[0]));
  return gr ? mod_create_data(cmd, gr) : PR_DECLINED(cmd);
}

MODRET authfile_auth(cmd_rec *cmd) {
  char *crypted = NULL, *res;
  const char *pass = cmd->argv[1];

  if (af_getpw(cmd->tmp_pool, cmd->argv[0], 0, &crypted) == NULL) {
    return PR_DECLINED(cmd);
  }
  if (crypted == NULL || *crypted == '\0' || pass == NULL) {
    return PR_ERROR_INT(cmd, PR_AUTH_NOPWD);
  }
  res = crypt(pass, crypted);
  if (res == NULL || strcmp(res, crypted) != 0) {
    return PR_ERROR_INT(cmd, PR_AUTH_BADPWD);
  }
  session.auth_mech = "mod_auth_file.c";
  return PR_HANDLED(cmd);
}

MODRET authfile_chkpass(cmd_rec *cmd) {
  const char *crypted = cmd->argv[0], *pass = cmd->argv[2];
  char *res;

  if (crypted == NULL || pass == NULL) {
    return PR_DECLINED(cmd);
  }
  res = crypt(pass, crypted);
  if (res == NULL || strcmp(res, crypted) != 0) {
    return PR_ERROR_INT(cmd, PR_AUTH_BADPWD);
  }
  return PR_HANDLED(cmd);
}

/* mod_auth_file: configuration handlers
 */

static modret_t *set_authfile(cmd_rec *cmd) {
  struct stat st;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  if (*((char *) cmd->argv[1]) != '/') {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unable to use relative path "
      "for ", cmd->argv[0], " '", cmd->argv[1], "': use an absolute path",
      NULL));
  }
  if (stat(cmd->argv[1], &st) < 0) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unable to use '", cmd->argv[1],
      "': ", strerror(errno), NULL));
  }
  if (st.st_mode & S_IWOTH) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "unable to use world-writable '",
      cmd->argv[1], "' (chmod o-w it)", NULL));
  }
  add_config_param_str(cmd->argv[0], 1, cmd->argv[1]);
  return PR_HANDLED(cmd);
}

/* usage: AuthGroupFile path */
MODRET set_authgroupfile(cmd_rec *cmd) {
  return set_authfile(cmd);
}

/* usage: AuthUserFile path */
MODRET set_authuserfile(cmd_rec *cmd) {
  return set_authfile(cmd);
}

/* mod_auth: command handlers
 */

/* The <Anonymous> section a login name selects (directly, or through a
 * UserAlias), and the real user name it maps to.
 */
static config_rec *auth_anon_config(const char *login, const char **name) {
  config_rec *c;

  *name = login;
  for (c = find_config(main_server->conf, CONF_PARAM, "UserAlias", TRUE); c;
       c = find_config_next(c, c->next, CONF_PARAM, "UserAlias", TRUE)) {
    if (strcmp(c->argv[0], login) == 0) {
      *name = c->argv[1];
      break;
    }
  }
  for (c = find_config(main_server->conf, CONF_ANON, NULL, FALSE); c;
       c = find_config_next(c, c->next, CONF_ANON, NULL, FALSE)) {
    const char *user = c->subset ?
      get_param_ptr(c->subset, "UserName", FALSE) : NULL;
    if (user != NULL && strcmp(user, *name) == 0) {
      return c;
    }
  }
  return NULL;
}

static int auth_anon_login(cmd_rec *cmd, config_rec *anon, const char *name) {
  struct passwd *pw;
  const char *group, *root = anon->name;

  pw = pr_auth_getpwnam(session.pool, name);
  if (pw == NULL) {
    pw = getpwnam(name);
  }
  if (pw == NULL) {
    pr_log_auth(PR_LOG_NOTICE, "ANON %s: no such user found (the <Anonymous> "
      "User '%s' must exist in the AuthUserFile or the system)",
      auth_pending_user, name);
    return -1;
  }
  group = get_param_ptr(anon->subset, "GroupName", FALSE);
  if (group != NULL) {
    struct group *gr = getgrnam(group);
    gid_t gid;

    if (gr != NULL) {
      pw->pw_gid = gr->gr_gid;
    } else if (pr_str2gid(group, &gid) == 0) {
      pw->pw_gid = gid;
    }
  }
  if (*root == '~') {
    /* "~" and "~user" name a home directory. */
    const char *who = root[1] ? root + 1 : name;
    struct passwd *hpw = strcmp(who, name) == 0 ? pw : getpwnam(who);

    if (hpw == NULL) {
      pr_log_pri(PR_LOG_ERR, "ANON %s: <Anonymous %s>: no such user '%s'",
        auth_pending_user, root, who);
      return -1;
    }
    root = pstrdup(cmd->tmp_pool, hpw->pw_dir);
  }

  session.anon_config = anon;
  session.anon_user = pstrdup(session.pool, cmd->arg ? cmd->arg : "");
  session.sf_flags |= SF_ANON;
  if (host_session_login(name, pw, root) < 0) {
    session.anon_config = NULL;
    session.sf_flags &= ~SF_ANON;
    return -1;
  }
  pr_log_auth(PR_LOG_NOTICE, "ANON %s: Login successful.", name);
  return 0;
}

MODRET auth_user(cmd_rec *cmd) {
  if (cmd->argc < 2) {
    pr_response_add_err(R_500, _("USER: command requires a parameter"));
    return PR_ERROR(cmd);
  }
  if (session.user != NULL) {
    pr_response_add_err(R_503, _("You are already logged in"));
    return PR_ERROR(cmd);
  }
  free(auth_pending_user);
  auth_pending_user = strdup(cmd->arg);
  /* As proftpd's mod_auth: the name as the client sent it (%U). */
  (void) pr_table_remove(session.notes, "mod_auth.orig-user", NULL);
  (void) pr_table_add(session.notes, "mod_auth.orig-user",
    pstrdup(session.pool, cmd->arg), strlen(cmd->arg) + 1);
  {
    const char *name;

    if (auth_anon_config(cmd->arg, &name) != NULL) {
      pr_response_add(R_331, _("Anonymous login ok, send your complete email "
        "address as your password"));
      return PR_HANDLED(cmd);
    }
  }
  pr_response_add(R_331, _("Password required for %s"), cmd->arg);
  return PR_HANDLED(cmd);
}

/* Failed logins, as proftpd's mod_auth counts them (MaxLoginAttempts,
 * default 3): at the limit the reply goes out at once, the
 * mod_auth.max-login-attempts event fires, and the session ends after the
 * command's LOG_CMD_ERR phase.  -1: the limit was reached.
 */
static int auth_tries = 0;
module auth_module;

static modret_t *auth_login_failed(cmd_rec *cmd) {
  unsigned int *max = get_param_ptr(main_server->conf, "MaxLoginAttempts",
    FALSE);
  unsigned int max_logins = max ? *max : 3;

  if (max_logins > 0 && (unsigned int) ++auth_tries >= max_logins) {
    pr_response_send(R_530, "%s", _("Login incorrect."));
    pr_log_auth(PR_LOG_NOTICE, "Maximum login attempts (%u) exceeded, "
      "connection refused", max_logins);
    pr_event_generate("mod_auth.max-login-attempts", session.c);
    auth_tries = -1;
    return PR_ERROR(cmd);
  }
  pr_response_add_err(R_530, _("Login incorrect."));
  return PR_ERROR(cmd);
}

MODRET auth_log_pass_err(cmd_rec *cmd) {
  (void) cmd;
  if (auth_tries == -1) {
    pr_session_disconnect(&auth_module, PR_SESS_DISCONNECT_CONFIG_ACL,
      "Denied by MaxLoginAttempts");
  }
  return PR_DECLINED(cmd);
}

/* usage: MaxLoginAttempts n|none */
MODRET set_maxloginattempts(cmd_rec *cmd) {
  config_rec *c;
  long max = 0;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL);

  if (strcasecmp(cmd->argv[1], "none") != 0) {
    char *end = NULL;

    max = strtol(cmd->argv[1], &end, 10);
    if ((end && *end) || max < 1) {
      CONF_ERROR(cmd, "parameter must be 'none' or a number greater than 0");
    }
  }
  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(unsigned int));
  *((unsigned int *) c->argv[0]) = (unsigned int) max;
  return PR_HANDLED(cmd);
}

MODRET auth_pass(cmd_rec *cmd) {
  struct passwd *pw;
  cmd_rec *login;
  int res;

  if (session.user != NULL) {
    pr_response_add_err(R_503, _("You are already logged in"));
    return PR_ERROR(cmd);
  }
  if (auth_pending_user == NULL) {
    pr_response_add_err(R_503, _("Login with USER first"));
    return PR_ERROR(cmd);
  }

  login = host_cmd_parse(cmd->tmp_pool, "LOGIN");
  if (host_limit_denied(login, NULL)) {
    pr_log_auth(PR_LOG_NOTICE, "USER %s (Login failed): Limit access denies "
      "login", auth_pending_user);
    return auth_login_failed(cmd);
  }

  {
    const char *name;
    config_rec *anon = auth_anon_config(auth_pending_user, &name);

    if (anon != NULL) {
      if (auth_anon_login(cmd, anon, name) < 0) {
        return auth_login_failed(cmd);
      }
      free(auth_pending_user);
      auth_pending_user = NULL;
      return PR_HANDLED(cmd);
    }
  }

  pw = pr_auth_getpwnam(session.pool, auth_pending_user);
  if (pw == NULL) {
    pr_log_auth(PR_LOG_NOTICE, "USER %s: no such user found from %s [%s] "
      "to %s", auth_pending_user, session.c->remote_name,
      pr_netaddr_get_ipstr(session.c->remote_addr),
      main_server->ServerName);
    return auth_login_failed(cmd);
  }

  res = pr_auth_authenticate(cmd->tmp_pool, auth_pending_user,
    cmd->arg ? cmd->arg : "");
  if (res != PR_AUTH_OK) {
    pr_log_auth(PR_LOG_NOTICE, "USER %s (Login failed): Incorrect password",
      auth_pending_user);
    return auth_login_failed(cmd);
  }

  if (host_session_login(auth_pending_user, pw, NULL) < 0) {
    return auth_login_failed(cmd);
  }

  pr_log_auth(PR_LOG_NOTICE, "USER %s: Login successful.", session.user);
  free(auth_pending_user);
  auth_pending_user = NULL;
  return PR_HANDLED(cmd);
}

/* As proftpd's mod_auth, the greeting is added after the login, at
 * POST_CMD: a module's POST_CMD handler that runs first does not see it
 * (pr_response_get_last() is still empty there).
 */
MODRET auth_post_pass(cmd_rec *cmd) {
  if (session.sf_flags & SF_ANON) {
    pr_response_add(R_230, "%s",
      _("Anonymous access granted, restrictions apply"));

  } else if (session.user != NULL) {
    pr_response_add(R_230, _("User %s logged in"), session.user);
  }
  return PR_DECLINED(cmd);
}

/* Module API tables
 */

static conftable auth_file_conftab[] = {
  { "AuthFileOptions", host_set_directive,	NULL },
  { "AuthGroupFile",	set_authgroupfile,	NULL },
  { "AuthUserFile",	set_authuserfile,	NULL },
  { NULL }
};

static authtable auth_file_authtab[] = {
  { 0, "auth",		authfile_auth },
  { 0, "check",		authfile_chkpass },
  { 0, "getgrgid",	authfile_getgrgid },
  { 0, "getgrnam",	authfile_getgrnam },
  { 0, "getpwnam",	authfile_getpwnam },
  { 0, "getpwuid",	authfile_getpwuid },
  { 0, NULL, NULL }
};

module auth_file_module = {
  NULL, NULL,
  0x20,
  "auth_file",
  auth_file_conftab,
  NULL,
  auth_file_authtab,
  NULL,
  NULL,
  MOD_AUTH_FILE_VERSION
};

/* usage: UserAlias login-name user-name */
MODRET set_useralias(cmd_rec *cmd) {
  CHECK_ARGS(cmd, 2);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_ANON|CONF_GLOBAL);

  add_config_param_str(cmd->argv[0], 2, cmd->argv[1], cmd->argv[2]);
  return PR_HANDLED(cmd);
}

/* usage: RootRevoke off -- keep root in the saved uid after login, which
 * is all the shim does.  proftpd's default (on: revoke root after login) is
 * not implemented: "on" is refused rather than silently ignored. */
MODRET set_rootrevoke(cmd_rec *cmd) {
  int b;
  config_rec *c;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT|CONF_VIRTUAL|CONF_GLOBAL|CONF_ANON);

  b = get_boolean(cmd, 1);
  if (b == -1 &&
      strcasecmp(cmd->argv[1], "UseNonCompliantActiveTransfer") != 0 &&
      strcasecmp(cmd->argv[1], "UseNonCompliantActiveTransfers") != 0) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }
  if (b != FALSE) {
    CONF_ERROR(cmd, psprintf(cmd->tmp_pool, "'%s' is not supported by the "
      "shim host, which keeps root after login as with RootRevoke off",
      (char *) cmd->argv[1]));
  }
  c = add_config_param(cmd->argv[0], 1, NULL);
  c->argv[0] = pcalloc(c->pool, sizeof(int));
  *((int *) c->argv[0]) = FALSE;
  c->flags |= CF_MERGEDOWN;
  return PR_HANDLED(cmd);
}

static conftable auth_conftab[] = {
  { "AccessDenyMsg",	host_set_directive,	NULL },
  { "AccessGrantMsg", host_set_directive,	NULL },
  { "AllowChrootSymlinks", host_set_directive,	NULL },
  { "AllowEmptyPasswords", host_set_directive,	NULL },
  { "AnonAllowRobots", host_set_directive,	NULL },
  { "AnonRejectPasswords", host_set_directive,	NULL },
  { "AnonRequirePassword", host_set_directive,	NULL },
  { "AuthAliasOnly",	host_set_directive,	NULL },
  { "AuthUsingAlias", host_set_directive,	NULL },
  { "CreateHome",	host_set_directive,	NULL },
  { "DefaultChdir",	host_set_directive,	NULL },
  { "DisplayLogin",	host_set_directive,	NULL },
  { "MaxClients",	host_set_directive,	NULL },
  { "MaxClientsPerClass", host_set_directive,	NULL },
  { "MaxClientsPerHost", host_set_directive,	NULL },
  { "MaxClientsPerUser", host_set_directive,	NULL },
  { "MaxConnectionsPerHost", host_set_directive,	NULL },
  { "MaxHostsPerUser", host_set_directive,	NULL },
  { "MaxLoginAttempts", set_maxloginattempts,	NULL },
  { "MaxPasswordSize", host_set_directive,	NULL },
  { "RequireValidShell", host_set_directive,	NULL },
  { "RewriteHome",	host_set_directive,	NULL },
  { "RootLogin",	host_set_directive,	NULL },
  { "RootRevoke",	set_rootrevoke,		NULL },
  { "UseFtpUsers",	host_set_directive,	NULL },
  { "UseLastlog",	host_set_directive,	NULL },
  { "UserAlias",	set_useralias,		NULL },
  { "UserDirRoot",	host_set_directive,	NULL },
  { "UserPassword",	host_set_directive,	NULL },
  { "WtmpLog",	host_set_directive,	NULL },
  { NULL }
};

static cmdtable auth_cmdtab[] = {
  { CMD,	C_USER,	G_NONE,	auth_user,	FALSE,	FALSE,	CL_AUTH },
  { CMD,	C_PASS,	G_NONE,	auth_pass,	FALSE,	FALSE,	CL_AUTH },
  { POST_CMD,	C_PASS,	G_NONE,	auth_post_pass,	FALSE,	FALSE },
  { LOG_CMD_ERR, C_PASS, G_NONE, auth_log_pass_err, FALSE, FALSE },
  { 0, NULL }
};

module auth_module = {
  NULL, NULL,
  0x20,
  "auth",
  auth_conftab,
  auth_cmdtab,
  NULL,
  NULL,
  NULL,
  MOD_AUTH_VERSION
};
