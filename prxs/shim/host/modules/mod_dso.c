/*
 * prxs shim host: mod_dso, loading modules at run time.
 *
 * LoadModule mod_foo.c looks for <ModulePath>/mod_foo.la first (an
 * uninstalled .la loads <dir>/.libs/<dlname>; an installed .la whose
 * libdir is elsewhere loads <libdir>/<dlname>), then mod_foo.so; checks the
 * prxs target stamp; dlopens with RTLD_NOW|RTLD_GLOBAL so an unresolved
 * symbol is reported now, with its name; finds foo_module; checks its API
 * version and runs its init().  Messages follow proftpd's mod_dso, except
 * where proftpd's would mislead (a missing symbol is not "No such file").
 *
 * LoadFile dlopens with RTLD_NOW|RTLD_GLOBAL (proftpd does not use
 * RTLD_GLOBAL there): a module loaded later may need a library's symbols
 * without naming it in DT_NEEDED, and only a global handle provides them.
 */

#include "host.h"

#include <dlfcn.h>

struct dso_handle {
  struct dso_handle *next;
  char *name;			/* "mod_foo.c", or the path for LoadFile */
  char *path;
  void *handle;
  module *m;			/* NULL for LoadFile */
};

static struct dso_handle *dso_handles = NULL;
static char *dso_module_path = NULL;

static void dso_handle_add(const char *name, const char *path, void *handle,
    module *m) {
  struct dso_handle *h = calloc(1, sizeof(*h));

  if (h == NULL) {
    return;
  }
  h->name = strdup(name);
  h->path = strdup(path);
  h->handle = handle;
  h->m = m;
  h->next = dso_handles;
  dso_handles = h;
}

static void dso_handle_free(struct dso_handle *h) {
  free(h->name);
  free(h->path);
  free(h);
}

static const char *dso_get_module_path(pool *p) {
  const char *slash;

  if (dso_module_path != NULL) {
    return dso_module_path;
  }
  /* No ModulePath: the directory of the configuration file. */
  if (host_config_path != NULL &&
      (slash = strrchr(host_config_path, '/')) != NULL) {
    if (slash == host_config_path) {
      return "/";
    }
    return pstrndup(p, host_config_path, (size_t) (slash - host_config_path));
  }
  return ".";
}

/* Libraries proftpd itself links whose symbols its modules use without
 * linking them (mod_sql's and mod_radius's digests come from proftpd's
 * libcrypto, mod_facl's acl_*() from its libacl): put in the global scope
 * on the first module that lacks a symbol, then that module is loaded
 * again.  TRUE when one was loaded.
 */
static int dso_load_core_libs(void) {
  static const char *libs[] = { "libcrypto.so.3", "libacl.so.1", NULL };
  static int tried = FALSE;
  int loaded = FALSE;
  unsigned int i;

  if (tried) {
    return FALSE;
  }
  tried = TRUE;
  for (i = 0; libs[i] != NULL; i++) {
    if (dlopen(libs[i], RTLD_NOW|RTLD_GLOBAL) != NULL) {
      pr_log_debug(DEBUG2, MOD_DSO_VERSION ": loaded %s, as proftpd links it "
        "for its modules", libs[i]);
      loaded = TRUE;
    }
  }
  dlerror();
  return loaded;
}

/* Turn dlopen's message into what happened and what to do about it. */
static char *dso_explain_dlerror(pool *p, const char *path, const char *dlerr,
    const char *what) {
  const char *undef = strstr(dlerr, "undefined symbol: ");

  if (undef != NULL) {
    const char *sym = undef + strlen("undefined symbol: ");
    return psprintf(p, "undefined symbol '%.*s' in '%s': neither the host "
      "nor a loaded library defines it (LoadFile the library that provides "
      "it before this %s, or link the module against that library)",
      (int) strcspn(sym, " ,("), sym, path, what);
  }
  if (strstr(dlerr, "cannot open shared object file") != NULL &&
      strncmp(dlerr, path, strlen(path)) != 0) {
    /* "libfoo.so.1: cannot open shared object file: ..." for a DT_NEEDED */
    return psprintf(p, "'%s' needs '%.*s', which the dynamic loader cannot "
      "find (LoadFile /path/to/%.*s before this %s, or install the library "
      "where ld.so looks)", path, (int) strcspn(dlerr, ":"), dlerr,
      (int) strcspn(dlerr, ":"), dlerr, what);
  }
  return psprintf(p, "%s", dlerr);
}

int host_dso_load(pool *p, const char *name, char **err) {
  const char *mp, *base, *path, *sym, *la_path, *so_path;
  size_t len = strlen(name);
  struct stat st;
  char *msg = NULL;
  void *handle;
  module *m;
  int res;

  *err = NULL;
  if (strncmp(name, "mod_", 4) != 0 ||
      !((len > 6 && strcmp(name + len - 2, ".c") == 0) ||
        (len > 8 && strcmp(name + len - 4, ".cpp") == 0))) {
    pr_log_pri(PR_LOG_NOTICE, MOD_DSO_VERSION ": module name '%s' must look "
      "like 'mod_foo.c' (start with 'mod_', end with '.c' or '.cpp')", name);
    errno = EINVAL;
    *err = pstrdup(p, strerror(EINVAL));
    return -1;
  }

  base = pstrndup(p, name, strrchr(name, '.') - name);
  mp = dso_get_module_path(p);
  la_path = pstrcat(p, mp, "/", base, ".la", NULL);
  so_path = pstrcat(p, mp, "/", base, ".so", NULL);

  if (pr_module_exists(name)) {
    /* As proftpd: a module loaded already (a built-in one too) is not
     * loaded again, and LoadModule accepts it.  One exception: the shim
     * exists to run a DSO mod_cap, so a mod_cap.la/.so in ModulePath
     * replaces the stand-in for proftpd's built-in mod_cap (proftpd keeps
     * its built-in one and ignores the file).
     */
    if (pr_module_get(name) == &cap_module &&
        (stat(la_path, &st) == 0 || stat(so_path, &st) == 0)) {
      pr_log_debug(DEBUG3, MOD_DSO_VERSION ": '%s' in '%s' replaces the "
        "shim's stand-in for the built-in module", name, mp);
      host_module_unload(&cap_module);
      if (host_dso_load(p, name, err) < 0) {
        int xerrno = errno;

        host_module_load(&cap_module);
        errno = xerrno;
        return -1;
      }
      return 0;
    }
    pr_log_pri(PR_LOG_NOTICE, MOD_DSO_VERSION ": module '%s' already loaded",
      name);
    return 0;
  }

  if (stat(la_path, &st) == 0) {
    path = host_la_resolve(p, la_path, &msg);
    if (path == NULL) {
      errno = EINVAL;
      *err = msg;
      return -1;
    }
    if (stat(path, &st) < 0) {
      pr_log_pri(PR_LOG_NOTICE, MOD_DSO_VERSION ": unable to load '%s': "
        "'%s' names '%s', which does not exist (%s): rebuild the module "
        "(prxs -c) or reinstall it (prxs -i)", name, la_path, path,
        strerror(errno));
      errno = ENOENT;
      *err = pstrdup(p, strerror(ENOENT));
      return -1;
    }
  } else if (stat(so_path, &st) == 0) {
    path = so_path;
  } else {
    pr_log_pri(PR_LOG_NOTICE, MOD_DSO_VERSION ": unable to load '%s'; check "
      "to see if '%s' exists", name, la_path);
    errno = ENOENT;
    *err = pstrdup(p, strerror(ENOENT));
    return -1;
  }

  {
    /* ModulePath was checked when it was set; the file may come from
     * elsewhere (an uninstalled .la's .libs/, an installed .la's libdir):
     * check the directory it is actually loaded from, as proftpd checks
     * ModulePath.
     */
    char *dir = pstrdup(p, path), *slash = strrchr(dir, '/');
    struct stat dst;

    if (slash != NULL) {
      *slash = '\0';
    }
    if (*dir == '\0') {
      dir = "/";
    }
    if (stat(dir, &dst) == 0 && (dst.st_mode & S_IWOTH)) {
      pr_log_pri(PR_LOG_WARNING, MOD_DSO_VERSION ": unable to load '%s': "
        "%s is world-writable (the module would be loaded from '%s')", name,
        dir, path);
      errno = EPERM;
      *err = psprintf(p, "%s is world-writable", dir);
      return -1;
    }
  }

  res = host_stamp_check(p, path, name, &msg);
  if (res == HOST_STAMP_NONE) {
    pr_log_debug(DEBUG1, MOD_DSO_VERSION ": %s", msg);
  } else if (res != HOST_STAMP_OK) {
    pr_log_pri(PR_LOG_NOTICE, MOD_DSO_VERSION ": %s", msg);
    errno = EINVAL;
    *err = msg;
    return -1;
  }

  dlerror();
  handle = dlopen(path, RTLD_NOW|RTLD_GLOBAL);
  if (handle == NULL) {
    const char *dlerr = dlerror();

    if (dlerr != NULL && strstr(dlerr, "undefined symbol: ") != NULL &&
        dso_load_core_libs()) {
      handle = dlopen(path, RTLD_NOW|RTLD_GLOBAL);
      dlerr = handle == NULL ? dlerror() : NULL;
    }
    if (handle == NULL) {
      errno = ENOEXEC;
      *err = dso_explain_dlerror(p, path, dlerr ? dlerr : "dlopen failed",
        "LoadModule");
      return -1;
    }
  }

  sym = pstrcat(p, base + 4, "_module", NULL);
  dlerror();
  m = dlsym(handle, sym);
  if (m == NULL) {
    dlclose(handle);
    errno = ENOENT;
    *err = psprintf(p, "'%s' defines no symbol '%s' (a module file %s.so "
      "must define 'module %s')", path, sym, base, sym);
    return -1;
  }

  if (m->name == NULL) {
    /* Read the struct before dlclose() unmaps it. */
    *err = psprintf(p, "'%s' has an empty '%s' (its name is NULL%s): define "
      "it as 'module %s = { NULL, NULL, 0x20, \"%s\", ... }'", path, sym,
      m->api_version == 0 ? "; it is declared but never initialized" : "",
      sym, base + 4);
    dlclose(handle);
    errno = EINVAL;
    return -1;
  }

  if (m->api_version < PR_MODULE_API_VERSION) {
    pr_log_pri(PR_LOG_ERR, MOD_DSO_VERSION ": module '%s' has wrong API "
      "version (0x%x), must be 0x%x", name, (unsigned int) m->api_version,
      PR_MODULE_API_VERSION);
  }

  m->handle = handle;
  if (host_module_load(m) < 0) {
    int xerrno = errno;

    if (xerrno == EPERM) {
      pr_log_pri(PR_LOG_ERR, MOD_DSO_VERSION ": module '%s' failed to "
        "initialize (its init() returned an error)", name);
    } else if (xerrno == EEXIST) {
      pr_log_pri(PR_LOG_NOTICE, MOD_DSO_VERSION ": '%s' declares the name "
        "'%s', which an already loaded module uses", path, m->name);
    }
    m->handle = NULL;
    dlclose(handle);
    errno = xerrno;
    *err = pstrdup(p, strerror(xerrno));
    return -1;
  }

  if (strncmp(base + 4, m->name, strlen(base + 4) + 1) != 0) {
    pr_log_pri(PR_LOG_WARNING, MOD_DSO_VERSION ": warning: '%s' declares the "
      "module name '%s', not '%s'", path, m->name, base + 4);
  }
  dso_handle_add(name, path, handle, m);
  pr_log_debug(DEBUG2, MOD_DSO_VERSION ": loaded module '%s' from '%s'",
    name, path);
  return 0;
}

int host_dso_unload(const char *name, char **err) {
  struct dso_handle **hp;
  module *m = pr_module_get(name);

  *err = NULL;
  if (m == NULL) {
    *err = "Module not loaded";
    errno = ENOENT;
    return -1;
  }
  if (m == &dso_module) {
    *err = strerror(EPERM);
    errno = EPERM;
    return -1;
  }
  if (host_module_is_static(m)) {
    /* As proftpd's rmmod: the core forgets a static module (it no longer
     * sees directives, commands or events); its code stays in memory.
     */
    host_module_unload(m);
    return 0;
  }
  for (hp = &dso_handles; *hp != NULL; hp = &(*hp)->next) {
    struct dso_handle *h = *hp;

    if (h->m == m) {
      host_module_unload(m);
      /* Listeners it registered under another module's name, too. */
      host_events_remove_object(m);
      *hp = h->next;
      dlclose(h->handle);
      dso_handle_free(h);
      return 0;
    }
  }
  *err = "Module not loaded";
  errno = ENOENT;
  return -1;
}

void host_dso_unload_all(void) {
  while (dso_handles != NULL) {
    struct dso_handle *h = dso_handles;

    dso_handles = h->next;
    if (h->m != NULL) {
      host_module_unload(h->m);
    }
    dlclose(h->handle);
    dso_handle_free(h);
  }
  free(dso_module_path);
  dso_module_path = NULL;
}

/* Configuration handlers
 */

/* usage: LoadFile path */
MODRET set_loadfile(cmd_rec *cmd) {
  const char *path;
  void *handle;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  path = cmd->argv[1];
  if (*path != '/') {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "must be an absolute path (not '",
      path, "')", NULL));
  }

  dlerror();
  handle = dlopen(path, RTLD_NOW|RTLD_GLOBAL);
  if (handle == NULL) {
    const char *dlerr = dlerror();
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "error loading '", path, "': ",
      dso_explain_dlerror(cmd->tmp_pool, path, dlerr ? dlerr : "?",
        "LoadFile"), NULL));
  }
  dso_handle_add(path, path, handle, NULL);
  pr_log_debug(DEBUG2, MOD_DSO_VERSION ": loaded file '%s'", path);
  return PR_HANDLED(cmd);
}

/* usage: LoadModule mod_name.c */
MODRET set_loadmodule(cmd_rec *cmd) {
  char *err = NULL;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  if (host_dso_load(cmd->tmp_pool, cmd->argv[1], &err) < 0) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "error loading module '",
      cmd->argv[1], "': ", err, NULL));
  }
  return PR_HANDLED(cmd);
}

/* usage: ModuleControlsACLs actions allow|deny user|group list */
MODRET set_modulectrlsacls(cmd_rec *cmd) {
  /* The ACLs of insmod, lsmod and rmmod on the ControlsSocket (dso_ctrls.c);
   * the caller's own control channel (stdin) needs none.
   */
  return host_dso_set_ctrls_acls(cmd);
}

/* usage: ModuleOrder mod1 mod2 ... modN (highest priority first) */
MODRET set_moduleorder(cmd_rec *cmd) {
  module **order, *m;
  unsigned int i, j, nunlisted = 0;
  char *unlisted = "";

  if (cmd->argc < 2) {
    CONF_ERROR(cmd, "wrong number of parameters");
  }
  CHECK_CONF(cmd, CONF_ROOT);

  order = pcalloc(cmd->tmp_pool, cmd->argc * sizeof(module *));
  for (i = 1; i < cmd->argc; i++) {
    m = pr_module_get(cmd->argv[i]);
    if (m == NULL) {
      CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "no such module '",
        cmd->argv[i], "' loaded (LoadModule it before ModuleOrder)", NULL));
    }
    for (j = 0; j < i - 1; j++) {
      if (order[j] == m) {
        CONF_ERROR(cmd, psprintf(cmd->tmp_pool, "duplicate module name '%s' "
          "as parameters %u and %u", (char *) cmd->argv[i], j + 1, i));
      }
    }
    order[i - 1] = m;
  }

  for (m = loaded_modules; m != NULL; m = m->next) {
    for (j = 0; j < cmd->argc - 1; j++) {
      if (order[j] == m) {
        break;
      }
    }
    if (j == cmd->argc - 1) {
      unlisted = pstrcat(cmd->tmp_pool, unlisted, nunlisted ? ", " : "",
        "mod_", m->name, ".c", NULL);
      nunlisted++;
    }
  }

  host_modules_reorder(order, cmd->argc - 1);
  if (nunlisted > 0) {
    /* proftpd's ModuleOrder drops these; here they stay, called last. */
    pr_log_pri(PR_LOG_NOTICE, "%s: %u loaded module(s) not listed keep their "
      "relative order, after the listed ones: %s", (char *) cmd->argv[0],
      nunlisted, unlisted);
  }
  pr_log_pri(PR_LOG_NOTICE, "%s: module order is now:",
    (char *) cmd->argv[0]);
  for (m = loaded_modules; m != NULL; m = m->next) {
    pr_log_pri(PR_LOG_NOTICE, " mod_%s.c", m->name);
  }
  return PR_HANDLED(cmd);
}

/* usage: ModulePath path */
MODRET set_modulepath(cmd_rec *cmd) {
  struct stat st;
  const char *path;

  CHECK_ARGS(cmd, 1);
  CHECK_CONF(cmd, CONF_ROOT);

  path = cmd->argv[1];
  if (*path != '/') {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "must be an absolute path (not '",
      path, "')", NULL));
  }
  if (stat(path, &st) < 0) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, "error checking '", path, "': ",
      strerror(errno), NULL));
  }
  if (!S_ISDIR(st.st_mode)) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, path, " is not a directory",
      NULL));
  }
  if (st.st_mode & S_IWOTH) {
    CONF_ERROR(cmd, pstrcat(cmd->tmp_pool, path, " is world-writable", NULL));
  }

  free(dso_module_path);
  dso_module_path = strdup(path);
  return PR_HANDLED(cmd);
}

/* Module API tables
 */

static conftable dso_conftab[] = {
  { "LoadFile",			set_loadfile,		NULL },
  { "LoadModule",		set_loadmodule,		NULL },
  { "ModuleControlsACLs",	set_modulectrlsacls,	NULL },
  { "ModuleOrder",		set_moduleorder,	NULL },
  { "ModulePath",		set_modulepath,		NULL },
  { NULL }
};

module dso_module = {
  NULL, NULL,

  /* Module API version */
  0x20,

  /* Module name */
  "dso",

  /* Module configuration handler table */
  dso_conftab,

  /* Module command handler table */
  NULL,

  /* Module authentication handler table */
  NULL,

  /* Module initialization */
  NULL,

  /* Session initialization */
  NULL,

  /* Module version */
  MOD_DSO_VERSION
};
