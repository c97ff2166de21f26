/*
 * prxs shim host: <Limit> checks.
 *
 * A <Limit> names commands (STOR), command groups (READ, WRITE, DIRS), ALL
 * (every command but LOGIN), LOGIN, or SITE_<cmd>; inside it AllowUser,
 * DenyUser, AllowAll and DenyAll decide, first match wins.  A <Directory>
 * matching the command's directory decides before the server level.
 */

#include "host.h"
#include "host_fs.h"
#include "host_parse.h"

static int limit_list_has(const char *list, const char *name) {
  const char *cp = list;
  size_t nlen;

  if (list == NULL || name == NULL) {
    return FALSE;
  }
  nlen = strlen(name);
  while (*cp) {
    size_t len = strcspn(cp, ",");
    if (len == nlen && strncmp(cp, name, len) == 0) {
      return TRUE;
    }
    cp += len;
    if (*cp == ',') {
      cp++;
    }
  }
  return FALSE;
}

static const char *limit_group(cmd_rec *cmd) {
  module *m;

  for (m = loaded_modules; m != NULL; m = m->next) {
    cmdtable *c;
    for (c = m->cmdtable; c && c->command; c++) {
      if (c->cmd_type == CMD && c->group != NULL &&
          strcasecmp(c->command, cmd->argv[0]) == 0) {
        return c->group;
      }
    }
  }
  return NULL;
}

/* -1 denied, 1 allowed, 0 no decision by this <Limit>. */
int host_limit_decide(config_rec *lim) {
  config_rec *c;
  int res = 0;

  if (lim->subset == NULL) {
    return 0;
  }
  for (c = (config_rec *) lim->subset->xas_list; c; c = c->next) {
    if (c->config_type != CONF_PARAM) {
      continue;
    }
    if (strcmp(c->name, "AllowUser") == 0 &&
        limit_list_has(c->argv[0], session.user)) {
      return 1;
    }
    if (strcmp(c->name, "DenyUser") == 0 &&
        limit_list_has(c->argv[0], session.user)) {
      return -1;
    }
    if (strcmp(c->name, "AllowAll") == 0 && res == 0) {
      res = 1;
    } else if (strcmp(c->name, "DenyAll") == 0 && res == 0) {
      res = -1;
    }
  }
  return res;
}

static int limit_matches(config_rec *lim, cmd_rec *cmd, const char *group) {
  unsigned int i;
  int is_login = strcmp(cmd->argv[0], "LOGIN") == 0;

  for (i = 0; i < lim->argc; i++) {
    const char *w = lim->argv[i];

    if (strcasecmp(w, cmd->argv[0]) == 0 ||
        (!is_login && strcmp(w, "ALL") == 0) ||
        (group != NULL && strcasecmp(w, group) == 0)) {
      return TRUE;
    }
    if (cmd->argc > 1 && strcmp(cmd->argv[0], "SITE") == 0 &&
        strncmp(w, "SITE_", 5) == 0 && strcasecmp(w + 5, cmd->argv[1]) == 0) {
      return TRUE;
    }
  }
  return FALSE;
}

/* Does <Directory c->name> cover dir (a real, absolute path)? */
static int dir_matches(config_rec *c, const char *dir) {
  size_t len;

  if (c->config_type != CONF_DIR || c->name == NULL || *c->name != '/') {
    return FALSE;
  }
  len = strlen(c->name);
  while (len > 1 && c->name[len - 1] == '/') {
    len--;
  }
  if (len > 0 && c->name[len - 1] == '*') {
    len--;
  }
  return strncmp(dir, c->name, len) == 0 &&
    (dir[len] == '\0' || dir[len] == '/' || c->name[len - 1] == '/');
}

static int limit_check_set(xaset_t *set, cmd_rec *cmd, const char *group,
    const char *dir) {
  config_rec *c;
  int res = 0;

  if (set == NULL) {
    return 0;
  }
  /* A matching <Directory> decides before the enclosing level. */
  for (c = (config_rec *) set->xas_list; c; c = c->next) {
    if (dir_matches(c, dir)) {
      res = limit_check_set(c->subset, cmd, group, dir);
      if (res != 0) {
        return res;
      }
    }
  }
  for (c = (config_rec *) set->xas_list; c; c = c->next) {
    if (c->config_type == CONF_LIMIT && limit_matches(c, cmd, group)) {
      res = host_limit_decide(c);
      if (res != 0) {
        return res;
      }
    }
  }
  return 0;
}

/* The real directory a command acts in: its argument's directory for file
 * commands, the argument for CWD/MKD, else the cwd (chroot included).
 */
const char *host_cmd_dir(cmd_rec *cmd) {
  const char *dir = session.cwd;
  const char *name = cmd->argv[0];

  if (cmd->arg && *cmd->arg && strcmp(name, "LOGIN") && strcmp(name, "USER") &&
      strcmp(name, "PASS") && strcmp(name, "SITE") && strcmp(name, "HOST")) {
    char *copy = pstrdup(cmd->pool, host_abs_path(cmd->pool, cmd->arg));
    char *slash = strrchr(copy, '/');

    if (slash != NULL && slash != copy && strcmp(name, "CWD") != 0 &&
        strcmp(name, "XCWD") != 0 && strcmp(name, "MKD") != 0 &&
        strcmp(name, "XMKD") != 0) {
      *slash = '\0';
    }
    dir = copy;
  }
  if (session.chroot_path != NULL) {
    dir = strcmp(dir, "/") == 0 ? pstrdup(cmd->pool, session.chroot_path) :
      pdircat(cmd->pool, session.chroot_path, dir, NULL);
  }
  return dir;
}

/* TRUE if a <Limit> denies this command (in path's directory, or where
 * host_cmd_dir() says it acts).
 */
int host_limit_denied(cmd_rec *cmd, const char *path) {
  const char *dir;

  if (main_server == NULL || cmd == NULL || cmd->argc == 0) {
    return FALSE;
  }
  dir = path ? path : host_cmd_dir(cmd);
  if (session.anon_config != NULL) {
    /* An <Anonymous> section's own limits decide first. */
    int res = limit_check_set(session.anon_config->subset, cmd,
      limit_group(cmd), dir);
    if (res != 0) {
      return res < 0;
    }
  }
  return limit_check_set(main_server->conf, cmd, limit_group(cmd), dir) < 0;
}

/* dir_check(): TRUE unless a <Limit> for cmd, its group or ALL denies it
 * in the real path dir.
 */
int host_limit_allows(cmd_rec *cmd, const char *group, const char *dir) {
  int res = 0;

  if (main_server == NULL || cmd == NULL || cmd->argc == 0 || dir == NULL) {
    return TRUE;
  }
  if (group == NULL) {
    group = limit_group(cmd);
  }
  if (session.anon_config != NULL) {
    res = limit_check_set(session.anon_config->subset, cmd, group, dir);
  }
  if (res == 0) {
    res = limit_check_set(main_server->conf, cmd, group, dir);
  }
  return res >= 0;
}
