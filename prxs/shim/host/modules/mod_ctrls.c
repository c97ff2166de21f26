/*
 * prxs shim host: mod_ctrls, the configuration of the Controls socket
 * (served by ctrls.c from the master's event loop).
 *
 *   ControlsEngine on|off            default on; off closes the socket
 *   ControlsSocket /abs/path         listen there (no socket without it)
 *   ControlsSocketOwner user [group] owner of the socket file (root root)
 *   ControlsSocketMode 0770          its mode (prxs only; default 0777, as
 *                                    proftpd, which relies on the ACLs)
 *   ControlsSocketACL allow|deny user|group list
 *                                    who may connect (default: anyone the
 *                                    file mode lets in; actions keep their
 *                                    own ACLs, which deny by default)
 *   ControlsMaxClients n             clients served at once (default 32;
 *                                    more wait in the listen queue)
 */

#include "host_ctrls.h"

static config_rec *ctrls_last_param(const char *name) {
  config_rec *c, *last = NULL;

  if (main_server == NULL) {
    return NULL;
  }
  c = find_config(main_server->conf, CONF_PARAM, name, FALSE);
  while (c != NULL) {
    last = c;
    c = find_config_next(c, c->next, CONF_PARAM, name, FALSE);
  }
  return last;
}

static int *ctrls_int(pool *p, int v) {
  int *ip = palloc(p, sizeof(int));
  *ip = v;
  return ip;
}

/* What ctrls.c needs to know, read from the configuration in force. */
const char *host_ctrls_socket_path(void) {
  config_rec *c = ctrls_last_param("ControlsEngine");

  if (c != NULL && *((int *) c->argv[0]) == FALSE) {
    return NULL;
  }
  c = ctrls_last_param("ControlsSocket");
  return c ? c->argv[0] : NULL;
}

/* Returns TRUE when ControlsSocketOwner is configured. */
int host_ctrls_socket_owner(uid_t *uid, gid_t *gid, mode_t *mode) {
  config_rec *c = ctrls_last_param("ControlsSocketOwner"), *owner = c;

  *uid = 0;
  *gid = 0;
  if (c != NULL) {
    *uid = (uid_t) *((int *) c->argv[0]);
    *gid = (gid_t) *((int *) c->argv[1]);
  }
  c = ctrls_last_param("ControlsSocketMode");
  *mode = c ? (mode_t) *((int *) c->argv[0]) : 0777;
  return owner != NULL;
}

int host_ctrls_max_clients(void) {
  config_rec *c = ctrls_last_param("ControlsMaxClients");
  return c ? *((int *) c->argv[0]) : CTRLS_DEFAULT_MAX_CLIENTS;
}

/* Configuration handlers
 */

/* usage: ControlsEngine on|off */
MODRET set_controlsengine(cmd_rec *cmd) {
  config_rec *c;
  int engine;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  engine = get_boolean(cmd, 1);
  if (engine == -1) {
    CONF_ERROR(cmd, "expected Boolean parameter");
  }
  c = add_config_param("ControlsEngine", 1, NULL);
  c->argv[0] = ctrls_int(c->pool, engine);
  return PR_HANDLED(cmd);
}

/* usage: ControlsMaxClients number */
MODRET set_controlsmaxclients(cmd_rec *cmd) {
  config_rec *c;
  char *end = NULL;
  long n;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  n = strtol(cmd->argv[1], &end, 10);
  if (end == NULL || *end != '\0' || n < 1 || n > HOST_CTRLS_MAX_FDS - 1) {
    CONF_ERROR(cmd, psprintf(cmd->tmp_pool, "must be a number from 1 to %d, "
      "not '%s'", HOST_CTRLS_MAX_FDS - 1, (char *) cmd->argv[1]));
  }
  c = add_config_param("ControlsMaxClients", 1, NULL);
  c->argv[0] = ctrls_int(c->pool, (int) n);
  return PR_HANDLED(cmd);
}

/* usage: ControlsInterval secs -- how often proftpd polls its socket.  The
 * shim answers each request as it arrives: the value is only checked. */
MODRET set_controlsinterval(cmd_rec *cmd) {
  char *end = NULL;
  long n;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  n = strtol(cmd->argv[1], &end, 10);
  if (end == NULL || *end != '\0' || n <= 0) {
    CONF_ERROR(cmd, "must be a positive number");
  }
  return PR_HANDLED(cmd);
}

/* usage: ControlsSocket path */
MODRET set_controlssocket(cmd_rec *cmd) {
  const char *path;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  path = cmd->argv[1];
  if (*path != '/') {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "must be an absolute path (not '",
      path, "')", NULL));
  }
  if (strlen(path) >= sizeof(((struct sockaddr_un *) NULL)->sun_path)) {
    CONF_ERROR(cmd, psprintf(cmd->tmp_pool, "'%s' is too long for a Unix "
      "socket (at most %lu bytes): choose a shorter path", path,
      (unsigned long) sizeof(((struct sockaddr_un *) NULL)->sun_path) - 1));
  }
  add_config_param_str("ControlsSocket", 1, path);
  return PR_HANDLED(cmd);
}

/* usage: ControlsSocketACL allow|deny user|group list */
MODRET set_controlssocketacl(cmd_rec *cmd) {
  struct host_ctrls_acl *acl = NULL;
  config_rec *c;
  char *err;

  CHECK_ARGS(cmd, 3);
  CHECK_CONF(cmd, CONF_ROOT);
  if (cmd->argc != 4) {
    CONF_ERROR(cmd, "expected: allow|deny user|group list");
  }

  c = add_config_param("ControlsSocketACL", 1, NULL);
  err = host_ctrls_acl_parse(c->pool, NULL, NULL, cmd->argv[1], cmd->argv[2],
    cmd->argv[3], &acl);
  if (err != NULL) {
    CONF_ERROR(cmd, err);
  }
  c->argv[0] = acl;
  return PR_HANDLED(cmd);
}

/* usage: ControlsSocketMode mode (octal) */
MODRET set_controlssocketmode(cmd_rec *cmd) {
  config_rec *c;
  char *end = NULL;
  long mode;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  mode = strtol(cmd->argv[1], &end, 8);
  if (end == NULL || *end != '\0' || mode < 0 || mode > 0777) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "expected an octal mode such as "
      "0770, not '", (char *) cmd->argv[1], "'", NULL));
  }
  c = add_config_param("ControlsSocketMode", 1, NULL);
  c->argv[0] = ctrls_int(c->pool, (int) mode);
  return PR_HANDLED(cmd);
}

/* usage: ControlsSocketOwner user [group] */
MODRET set_controlssocketowner(cmd_rec *cmd) {
  struct passwd *pw;
  struct group *gr;
  config_rec *c;
  uid_t uid;
  gid_t gid;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);
  if (cmd->argc > 3) {
    CONF_ERROR(cmd, "expected: user [group]");
  }

  pw = getpwnam(cmd->argv[1]);
  if (pw != NULL) {
    uid = pw->pw_uid;
    gid = pw->pw_gid;
  } else if (pr_str2uid(cmd->argv[1], &uid) == 0) {
    gid = (gid_t) uid;
  } else {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "no such user '",
      (char *) cmd->argv[1], "'", NULL));
  }
  if (cmd->argc == 3) {
    gr = getgrnam(cmd->argv[2]);
    if (gr != NULL) {
      gid = gr->gr_gid;
    } else if (pr_str2gid(cmd->argv[2], &gid) != 0) {
      CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "no such group '",
        (char *) cmd->argv[2], "'", NULL));
    }
  }
  c = add_config_param("ControlsSocketOwner", 2, NULL, NULL);
  c->argv[0] = ctrls_int(c->pool, (int) uid);
  c->argv[1] = ctrls_int(c->pool, (int) gid);
  return PR_HANDLED(cmd);
}

static int ctrls_init(void) {
  host_ctrls_registry_init();
  return 0;
}

/* Module API tables
 */

static conftable ctrls_conftab[] = {
  { "ControlsACLs",		host_ctrls_set_acls,		NULL },
  { "ControlsAuthFreshness", host_set_directive,	NULL },
  { "ControlsEngine",		set_controlsengine,		NULL },
  { "ControlsInterval",		set_controlsinterval,		NULL },
  { "ControlsLog",		host_ctrls_set_log,		NULL },
  { "ControlsMaxClients",	set_controlsmaxclients,		NULL },
  { "ControlsSocket",		set_controlssocket,		NULL },
  { "ControlsSocketACL",	set_controlssocketacl,		NULL },
  { "ControlsSocketMode",	set_controlssocketmode,		NULL },
  { "ControlsSocketOwner",	set_controlssocketowner,	NULL },
  { NULL }
};

module ctrls_module = {
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "ctrls",

  /* Module configuration handler table */
  ctrls_conftab,

  /* Module command handler table */
  NULL,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  ctrls_init,

  /* Session initialization */
  NULL,

  /* Module version */
  MOD_CTRLS_VERSION
};
