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

int pr_auth_authenticate(pool *p, const char *user, const char *pass) {
  modret_t *mr = auth_dispatch(p, "auth", 2, auth_argv(p, user, pass, 0));
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
