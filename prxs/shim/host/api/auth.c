/*
 * prxs shim host: the pr_auth_* API, which dispatches to the authtable of
 * every loaded module in priority order, as proftpd does; the first module
 * that does not decline answers.
 */

#include "host.h"

static modret_t *auth_dispatch(pool *p, const char *name, unsigned int argc,
    void **argv) {
  module *m;
  cmd_rec *cmd;

  cmd = pcalloc(p, sizeof(cmd_rec));
  cmd->pool = cmd->tmp_pool = p;
  cmd->server = main_server;
  cmd->argc = argc;
  cmd->argv = argv;
  cmd->arg = "";

  for (m = loaded_modules; m != NULL; m = m->next) {
    authtable *t;
    for (t = m->authtable; t && t->name; t++) {
      if (strcmp(t->name, name) == 0) {
        modret_t *mr;

        host_curr_module = m;
        mr = t->handler(cmd);
        host_curr_module = NULL;
        if (!MODRET_ISDECLINED(mr)) {
          return mr;
        }
      }
    }
  }
  return NULL;
}

static void **auth_argv(pool *p, const void *a, const void *b,
    const void *c) {
  void **argv = pcalloc(p, 4 * sizeof(void *));
  argv[0] = (void *) a;
  argv[1] = (void *) b;
  argv[2] = (void *) c;
  return argv;
}

/* A lookup handled by an auth module, or NULL with errno ENOENT. */
static void *auth_lookup(pool *p, const char *what, void **argv) {
  modret_t *mr = auth_dispatch(p, what, 1, argv);

  if (MODRET_ISHANDLED(mr) && MODRET_HASDATA(mr)) {
    return mr->data;
  }
  errno = ENOENT;
  return NULL;
}

struct passwd *pr_auth_getpwnam(pool *p, const char *name) {
  return auth_lookup(p, "getpwnam", auth_argv(p, name, 0, 0));
}

struct passwd *pr_auth_getpwuid(pool *p, uid_t uid) {
  return auth_lookup(p, "getpwuid", auth_argv(p, &uid, 0, 0));
}

struct group *pr_auth_getgrnam(pool *p, const char *name) {
  return auth_lookup(p, "getgrnam", auth_argv(p, name, 0, 0));
}

struct group *pr_auth_getgrgid(pool *p, gid_t gid) {
  return auth_lookup(p, "getgrgid", auth_argv(p, &gid, 0, 0));
}

/* Modules that only authenticate (mod_auth_otp, mod_radius, mod_auth_pam):
 * asked first, in the order they were added; the one that handles the
 * password decides.
 */
static array_header *auth_only_list = NULL;

int pr_auth_add_auth_only_module(const char *name) {
  unsigned int i;

  if (name == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (auth_only_list == NULL) {
    auth_only_list = make_array(permanent_pool, 2, sizeof(char *));
  }
  for (i = 0; i < auth_only_list->nelts; i++) {
    if (strcmp(((char **) auth_only_list->elts)[i], name) == 0) {
      errno = EEXIST;
      return -1;
    }
  }
  *((char **) push_array(auth_only_list)) = pstrdup(permanent_pool, name);
  return 0;
}

/* The "auth" handler of the auth-only modules; NULL if none handled. */
static modret_t *auth_only_dispatch(pool *p, void **argv) {
  unsigned int i;
  cmd_rec *cmd;

  if (auth_only_list == NULL) {
    return NULL;
  }
  cmd = pcalloc(p, sizeof(cmd_rec));
  cmd->pool = cmd->tmp_pool = p;
  cmd->server = main_server;
  cmd->argc = 2;
  cmd->argv = argv;
  cmd->arg = "";
  for (i = 0; i < auth_only_list->nelts; i++) {
    module *m = pr_module_get(((char **) auth_only_list->elts)[i]);
    authtable *t;

    for (t = m != NULL ? m->authtable : NULL; t && t->name; t++) {
      if (strcmp(t->name, "auth") == 0) {
        modret_t *mr;

        host_curr_module = m;
        mr = t->handler(cmd);
        host_curr_module = NULL;
        if (MODRET_ISHANDLED(mr)) {
          return mr;
        }
        break;
      }
    }
  }
  return NULL;
}

int pr_auth_authenticate(pool *p, const char *user, const char *pass) {
  modret_t *mr = auth_only_dispatch(p, auth_argv(p, user, pass, 0));

  if (mr != NULL) {
    return MODRET_HASDATA(mr) ? PR_AUTH_RFC2228_OK : PR_AUTH_OK;
  }
  mr = auth_dispatch(p, "auth", 2, auth_argv(p, user, pass, 0));
  if (mr == NULL) {
    return PR_AUTH_NOPWD;
  }
  if (MODRET_ISERROR(mr)) {
    return MODRET_ERROR(mr) < 0 ? MODRET_ERROR(mr) : PR_AUTH_ERROR;
  }
  return PR_AUTH_OK;
}

int pr_auth_check(pool *p, const char *cpw, const char *user,
    const char *pass) {
  modret_t *mr = auth_dispatch(p, "check", 3, auth_argv(p, cpw, user, pass));
  if (mr == NULL) {
    return PR_AUTH_BADPWD;
  }
  if (MODRET_ISERROR(mr)) {
    return MODRET_ERROR(mr) < 0 ? MODRET_ERROR(mr) : PR_AUTH_ERROR;
  }
  return PR_AUTH_OK;
}

const char *pr_auth_uid2name(pool *p, uid_t uid) {
  struct passwd *pw = pr_auth_getpwuid(p, uid);
  if (pw != NULL) {
    return pstrdup(p, pw->pw_name);
  }
  return psprintf(p, "%lu", (unsigned long) uid);
}

const char *pr_auth_gid2name(pool *p, gid_t gid) {
  struct group *gr = pr_auth_getgrgid(p, gid);
  if (gr != NULL) {
    return pstrdup(p, gr->gr_name);
  }
  return psprintf(p, "%lu", (unsigned long) gid);
}

uid_t pr_auth_name2uid(pool *p, const char *name) {
  struct passwd *pw = pr_auth_getpwnam(p, name);
  return pw ? pw->pw_uid : (uid_t) -1;
}

gid_t pr_auth_name2gid(pool *p, const char *name) {
  struct group *gr = pr_auth_getgrnam(p, name);
  return gr ? gr->gr_gid : (gid_t) -1;
}

/* The user's group ids and names (arrays made here, in p), as the auth
 * modules' "getgroups" handlers fill them; their count, or -1.
 */
int pr_auth_getgroups(pool *p, const char *name, array_header **group_ids,
    array_header **group_names) {
  modret_t *mr;

  if (p == NULL || name == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (group_ids != NULL) {
    *group_ids = make_array(p, 2, sizeof(gid_t));
  }
  if (group_names != NULL) {
    *group_names = make_array(p, 2, sizeof(char *));
  }
  mr = auth_dispatch(p, "getgroups", 3, auth_argv(p, name,
    group_ids ? *group_ids : NULL, group_names ? *group_names : NULL));
  if (MODRET_ISHANDLED(mr) && MODRET_HASDATA(mr)) {
    return *((int *) mr->data);
  }
  return -1;
}

/* The <Anonymous> section a login selects: through a UserAlias ("*" or
 * the login; *login_user becomes the aliased name, and the alias inside an
 * <Anonymous> section selects that section), else the <Anonymous> section
 * whose UserName (or the server's) is the login.  *real_user: the
 * UserName that applies; *anon_name: the section's user.  NULL when the
 * login is not anonymous.
 */
config_rec *pr_auth_get_anon_config(pool *p, const char **login_user,
    char **real_user, char **anon_name) {
  config_rec *c, *anon = NULL;
  char *server_user;

  (void) p;
  if (login_user == NULL || *login_user == NULL) {
    errno = EINVAL;
    return NULL;
  }
  server_user = get_param_ptr(main_server->conf, "UserName", FALSE);
  if (server_user != NULL && real_user != NULL) {
    *real_user = server_user;
  }
  for (c = find_config(main_server->conf, CONF_PARAM, "UserAlias", TRUE); c;
       c = find_config_next(c, c->next, CONF_PARAM, "UserAlias", TRUE)) {
    if (strcmp(c->argv[0], "*") == 0 ||
        strcmp(c->argv[0], *login_user) == 0) {
      *login_user = c->argv[1];
      if (c->parent != NULL && c->parent->config_type == CONF_ANON) {
        anon = c->parent;
      }
      break;
    }
  }
  if (anon == NULL) {
    for (c = find_config(main_server->conf, CONF_ANON, NULL, FALSE); c;
         c = find_config_next(c, c->next, CONF_ANON, NULL, FALSE)) {
      char *user = get_param_ptr(c->subset, "UserName", FALSE);

      if (user == NULL) {
        user = server_user;
      }
      if (user != NULL && strcmp(user, *login_user) == 0) {
        anon = c;
        if (anon_name != NULL) {
          *anon_name = user;
        }
        break;
      }
    }
  }
  if (anon != NULL && real_user != NULL) {
    char *user = get_param_ptr(anon->subset, "UserName", FALSE);
    if (user != NULL) {
      *real_user = user;
    }
  }
  return anon;
}
