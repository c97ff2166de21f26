/*
 * prxs shim host: the <Directory> section that applies to a command.
 *
 * Before a command is dispatched, the host points session.dir_config at
 * the closest <Directory> for the command's target (the file or directory
 * it names, else the current directory), so that modules find
 * per-directory settings through CURRENT_CONF.  (proftpd's core does this
 * while the command is handled, so there a PRE_CMD handler may still see
 * the previous command's section; dir_match_path() gives any path's.)  The
 * closest section is the one with the longest matching path, nested
 * sections included; inside <Anonymous> only that section's <Directory>
 * sections count.
 */

#include "host.h"

#include <fnmatch.h>

/* Commands whose argument names a file or directory. */
static const char *dirconf_path_cmds[] = {
  C_APPE, C_CWD, C_DELE, C_LIST, C_MDTM, C_MKD, C_MLSD, C_MLST, C_NLST,
  C_RETR, C_RMD, C_RNFR, C_RNTO, C_SIZE, C_STOR, C_STOU, C_XCWD, C_XMKD,
  C_XRMD, NULL
};

/* Length of the part of path that <Directory name> covers, or 0. */
static size_t dirconf_match(pool *p, const char *name, const char *path) {
  size_t len = strlen(name);

  if (len > 1 && name[len - 1] == '*' && name[len - 2] == '/') {
    len -= 2;
  }
  while (len > 1 && name[len - 1] == '/') {
    len--;
  }

  if (strpbrk(name, "*?[") != NULL &&
      strncmp(name, path, len) != 0) {
    char *pattern = pstrndup(p, name, len);

    return fnmatch(pattern, path, FNM_PATHNAME) == 0 ||
      fnmatch(pstrcat(p, pattern, "/*", NULL), path, 0) == 0 ?
      len : 0;
  }

  if (strncmp(name, path, len) == 0 &&
      (path[len] == '\0' || path[len] == '/' || len == 1)) {
    return len;
  }
  return 0;
}

static void dirconf_best(pool *p, xaset_t *set, const char *path,
    config_rec **best, size_t *best_len) {
  config_rec *c;

  if (set == NULL) {
    return;
  }
  for (c = (config_rec *) set->xas_list; c != NULL; c = c->next) {
    size_t len;

    if (c->config_type != CONF_DIR || c->name == NULL || *c->name != '/') {
      continue;
    }
    len = dirconf_match(p, c->name, path);
    if (len > 0 && len >= *best_len) {
      *best = c;
      *best_len = len;
    }
    if (len > 0) {
      dirconf_best(p, c->subset, path, best, best_len);
    }
  }
}

/* The absolute path a command works on: its argument's, or the cwd. */
static const char *dirconf_target(cmd_rec *cmd) {
  const char *arg = cmd->arg;
  unsigned int i;

  for (i = 0; dirconf_path_cmds[i] != NULL; i++) {
    if (strcasecmp(cmd->argv[0], dirconf_path_cmds[i]) == 0) {
      break;
    }
  }
  if (dirconf_path_cmds[i] == NULL) {
    arg = NULL;
  }

  /* LIST -la dir: skip the options. */
  while (arg != NULL && *arg == '-') {
    arg += strcspn(arg, " ");
    while (*arg == ' ') {
      arg++;
    }
  }

  return host_abs_path(cmd->pool, arg);
}

/* As proftpd's: path is as the session sees it (inside any chroot). */
config_rec *dir_match_path(pool *p, char *path) {
  config_rec *best = NULL;
  size_t best_len = 0;
  const char *full = path;
  xaset_t *top;

  if (p == NULL || path == NULL || *path != '/' || main_server == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (session.chroot_path != NULL && strcmp(session.chroot_path, "/") != 0) {
    full = pdircat(p, session.chroot_path, path, NULL);
  }
  top = session.anon_config ? session.anon_config->subset : main_server->conf;
  dirconf_best(p, top, full, &best, &best_len);
  return best;
}

void host_dir_config_set(cmd_rec *cmd) {
  session.dir_config = NULL;
  if (main_server == NULL || cmd == NULL || cmd->argc == 0) {
    return;
  }
  session.dir_config = dir_match_path(cmd->pool,
    (char *) dirconf_target(cmd));
}
