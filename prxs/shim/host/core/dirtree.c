/*
 * prxs shim host: the configuration tree after parsing, as ProFTPD 1.3.8's
 * dirtree: <Directory> sections put under the section of their parent
 * directory and mergeable records copied down (fixup_dirs()), "~" and
 * "%u" <Directory> paths resolved once the user is known
 * (resolve_deferred_dirs(), path_subst_uservar()) and the verdict of
 * <Limit LOGIN> sections (login_check_limits()).  Modules that change the
 * configuration of a session (mod_ifsession) call them.
 */

#include "host_parse.h"

/* "%u" in *path replaced by the session's user name, "%u[N]" by its Nth
 * character; the path unchanged when no user is known yet, or when an index
 * is not a number or out of range.
 */
const char *path_subst_uservar(pool *path_pool, const char **path) {
  const char *res, *sub;
  size_t user_len;

  if (path_pool == NULL || path == NULL || *path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (strstr(*path, "%u") == NULL || session.user == NULL) {
    return *path;
  }
  user_len = strlen(session.user);

  res = *path;
  sub = strstr(res, "%u[");
  while (sub != NULL) {
    const char *end = strchr(sub, ']');
    char *index, *endp = NULL, ref[2] = { '\0', '\0' };
    long i;

    if (end == NULL) {
      break;
    }
    if (end == sub + 3) {
      /* "%u[]": only bare "%u" is replaced, in the original path. */
      res = *path;
      break;
    }
    index = pstrndup(path_pool, sub + 3, (size_t) (end - sub - 3));
    i = strtol(index, &endp, 10);
    if (endp != NULL && *endp != '\0') {
      pr_trace_msg("auth", 3, "invalid index number syntax found in '%s', "
        "ignoring", index);
      return *path;
    }
    if (i < 0 || (size_t) i > user_len - 1) {
      pr_trace_msg("auth", 3, "out-of-bounds index number (%ld) found in "
        "'%s', ignoring", i, index);
      return *path;
    }
    ref[0] = session.user[i];
    res = sreplace(path_pool, res, pstrndup(path_pool, sub,
      (size_t) (end - sub + 1)), ref, NULL);
    sub = res ? strstr(res, "%u[") : NULL;
  }

  if (res != NULL && strstr(res, "%u") != NULL) {
    res = sreplace(path_pool, res, "%u", session.user, NULL);
  }
  return res;
}

/* "~user/rest" or "~/rest" (the session's user) with the user's home, as
 * dir_interpolate(); NULL for an unknown user.
 */
static char *dirtree_interpolate(pool *p, const char *path) {
  const char *rest, *user;
  struct passwd *pw;

  if (path[0] != '~') {
    return pstrdup(p, path);
  }
  rest = strchr(path, '/');
  user = rest ? pstrndup(p, path + 1, (size_t) (rest - path - 1)) :
    pstrdup(p, path + 1);
  if (*user == '\0') {
    user = session.user;
  }
  if (user == NULL) {
    return NULL;
  }
  pw = pr_auth_getpwnam(p, user);
  if (pw == NULL || pw->pw_dir == NULL) {
    return NULL;
  }
  return rest ? pdircat(p, pw->pw_dir, rest, NULL) : pstrdup(p, pw->pw_dir);
}

/* <Directory> sections whose path waits for the user ("~", "%u"; flagged
 * CF_DEFER by the parser): the path made absolute and real now.
 */
void resolve_deferred_dirs(server_rec *s) {
  config_rec *c;

  if (s == NULL || s->conf == NULL) {
    return;
  }
  for (c = (config_rec *) s->conf->xas_list; c != NULL; c = c->next) {
    char *dir, *real;

    if (c->config_type != CONF_DIR || !(c->flags & CF_DEFER)) {
      continue;
    }
    c->name = (char *) path_subst_uservar(c->pool, (const char **) &c->name);
    dir = dirtree_interpolate(c->pool, c->name);
    if (dir == NULL) {
      dir = c->name;
    }
    real = dir_best_path(c->pool, dir);
    if (real != NULL) {
      c->name = real;
    }
    pr_trace_msg("directory", 11, "resolved <Directory> to <Directory %s>",
      c->name);
    c->flags &= ~CF_DEFER;
  }
}

/* Length of the part of path that a <Directory name> covers ('*' and '/'
 * at its end ignored), 0 when it does not cover it.
 */
static size_t dirtree_match(const char *name, const char *path) {
  size_t len = strlen(name), pathlen = strlen(path);

  while (len > 0 && (name[len - 1] == '*' || name[len - 1] == '/')) {
    len--;
  }
  if (len >= pathlen || path[len] != '/' || strncmp(name, path, len) != 0) {
    return 0;
  }
  return len + 1;
}

/* The <Directory> in set (or below) that is the closest parent of path. */
static config_rec *dirtree_best(xaset_t *set, const char *path,
    size_t *matchlen) {
  config_rec *c, *res = NULL;

  *matchlen = 0;
  if (set == NULL) {
    return NULL;
  }
  for (c = (config_rec *) set->xas_list; c != NULL; c = c->next) {
    config_rec *inner;
    size_t len, ilen;

    if (c->config_type != CONF_DIR || c->name == path) {
      continue;
    }
    len = dirtree_match(c->name, path);
    if (len == 0) {
      continue;
    }
    inner = dirtree_best(c->subset, path, &ilen);
    if (inner == NULL && len > *matchlen) {
      res = c;
      *matchlen = len;
    } else if (inner != NULL && ilen > *matchlen) {
      res = inner;
      *matchlen = ilen;
    }
  }
  return res;
}

static void dirtree_reparent_all(config_rec *newparent, xaset_t *set) {
  config_rec *c, *next;

  if (newparent->subset == NULL) {
    newparent->subset = xaset_create(newparent->pool, NULL);
  }
  for (c = (config_rec *) set->xas_list; c != NULL; c = next) {
    next = c->next;
    xaset_remove(set, (xasetmember_t *) c);
    xaset_insert(newparent->subset, (xasetmember_t *) c);
    c->set = newparent->subset;
    c->parent = newparent;
  }
}

/* Each <Directory> moved into the <Directory> of its closest parent
 * directory; with CF_DEFER only the deferred ones ("~" paths), else only
 * the others.  <Directory *> in <Anonymous> gives its records to the
 * <Anonymous>.
 */
static void dirtree_reorder(xaset_t *set, int flags) {
  config_rec *c, *next;
  int skip_deferred;

  if (set == NULL || set->xas_list == NULL) {
    return;
  }
  flags &= ~CF_SILENT;
  skip_deferred = !(flags & CF_DEFER);

  for (c = (config_rec *) set->xas_list; c != NULL; c = next) {
    next = c->next;
    if (c->config_type != CONF_DIR) {
      continue;
    }
    if ((flags && !(c->flags & flags)) ||
        (skip_deferred && (c->flags & CF_DEFER))) {
      continue;
    }
    if (c->parent != NULL && c->parent->config_type == CONF_ANON &&
        strcmp(c->name, "*") == 0) {
      if (c->subset != NULL) {
        dirtree_reparent_all(c->parent, c->subset);
      }
      xaset_remove(c->parent->subset, (xasetmember_t *) c);
    } else {
      size_t len;
      config_rec *parent = dirtree_best(set, c->name, &len);

      if (parent != NULL) {
        if (parent->subset == NULL) {
          parent->subset = xaset_create(parent->pool, NULL);
        }
        xaset_remove(c->set, (xasetmember_t *) c);
        xaset_insert(parent->subset, (xasetmember_t *) c);
        c->set = parent->subset;
        c->parent = parent;
      }
    }
  }

  for (c = (config_rec *) set->xas_list; c != NULL; c = c->next) {
    if (c->config_type == CONF_DIR || c->config_type == CONF_ANON) {
      dirtree_reorder(c->subset, flags);
    }
  }
}

void fixup_dirs(server_rec *s, int flags) {
  if (s == NULL) {
    return;
  }
  if (s->conf != NULL) {
    dirtree_reorder(s->conf, flags);
    pr_config_merge_down(s->conf, FALSE);
  }
  if (!(flags & CF_SILENT)) {
    pr_log_debug(DEBUG5, "%s", "");
    pr_log_debug(DEBUG5, "Config for %s:", s->ServerName);
    pr_config_dump(NULL, s->conf, NULL);
  }
}

/* The <Limit LOGIN> sections of set (and, recurse, of its <Anonymous>
 * sections): and: all that decide must allow; else one allowing is enough.
 * *found counts the sections that decided; none: allowed.
 */
int login_check_limits(xaset_t *set, int recurse, int and, int *found) {
  int res = and, rfound = 0;
  config_rec *c;

  *found = 0;
  if (set == NULL || set->xas_list == NULL) {
    return TRUE;
  }

  for (c = (config_rec *) set->xas_list; c != NULL; c = c->next) {
    unsigned int i;
    int verdict;

    if (c->config_type != CONF_LIMIT) {
      continue;
    }
    for (i = 0; i < c->argc; i++) {
      if (strcasecmp(c->argv[i], "LOGIN") == 0) {
        break;
      }
    }
    if (i == c->argc) {
      continue;
    }
    verdict = host_limit_decide(c);
    if (verdict == 0) {
      continue;
    }
    (*found)++;
    if (and) {
      res = res && verdict > 0;
      if (!res) {
        break;
      }
    } else if (verdict > 0) {
      res = TRUE;
    }
  }

  if (((res && and) || (!res && !and && *found)) && recurse) {
    for (c = (config_rec *) set->xas_list; c != NULL; c = c->next) {
      if (c->config_type != CONF_ANON || c->subset == NULL ||
          c->subset->xas_list == NULL) {
        continue;
      }
      if (and) {
        res = res && login_check_limits(c->subset, recurse, and, &rfound);
        *found += rfound;
        if (!res) {
          break;
        }
      } else {
        int rres = login_check_limits(c->subset, recurse, and, &rfound);

        if (rfound) {
          res = res || rres;
        }
        *found += rfound;
        if (res) {
          break;
        }
      }
    }
  }

  if (*found == 0 && !and) {
    return TRUE;
  }
  return res;
}
