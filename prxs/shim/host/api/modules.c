/*
 * prxs shim host: the module list, module API helpers and lookups.
 *
 * loaded_modules is ordered by priority: the head is the module loaded
 * last, which is called first, as in proftpd (DSO modules, loaded after the
 * static ones, see a command before the core does).
 */

#include "host.h"
#include "host_cmd.h"
#include "host_ctrls.h"

module *loaded_modules = NULL;
module *host_curr_module = NULL;
static int curr_module_pri = 0;

module *host_static_modules[] = {
  &core_module,
  &xfer_module,
  &rlimit_module,
  &auth_unix_module,
  &auth_file_module,
  &auth_module,
  &ls_module,
  &log_module,
  &site_module,
  &delay_module,
  &facts_module,
  &dso_module,
  &auth_pam_module,
  &cap_module,
  &ctrls_module,
  &lang_module,
  NULL
};

static const char *module_file_name(pool *p, module *m) {
  return psprintf(p, "mod_%s.c", m->name);
}

int host_module_is_static(module *m) {
  unsigned int i;

  for (i = 0; host_static_modules[i] != NULL; i++) {
    if (host_static_modules[i] == m) {
      return TRUE;
    }
  }
  return FALSE;
}

module *pr_module_get(const char *name) {
  module *m;
  char buf[256];

  if (name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  for (m = loaded_modules; m != NULL; m = m->next) {
    snprintf(buf, sizeof(buf), "mod_%s.c", m->name);
    if (strcmp(buf, name) == 0) {
      return m;
    }
  }
  errno = ENOENT;
  return NULL;
}

unsigned char pr_module_exists(const char *name) {
  return pr_module_get(name) != NULL ? TRUE : FALSE;
}

unsigned char command_exists(const char *name) {
  module *m;

  for (m = loaded_modules; m != NULL; m = m->next) {
    cmdtable *ct;
    for (ct = m->cmdtable; ct && ct->command; ct++) {
      if (strcasecmp(ct->command, name) == 0) {
        return TRUE;
      }
    }
  }
  return FALSE;
}

int host_module_load(module *m) {
  char buf[256];
  conftable *conf;
  cmdtable *cmd;
  authtable *auth;

  if (m == NULL || m->name == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (m->api_version < PR_MODULE_API_VERSION) {
    errno = EACCES;
    return -1;
  }
  snprintf(buf, sizeof(buf), "mod_%s.c", m->name);
  if (pr_module_get(buf) != NULL) {
    errno = EEXIST;
    return -1;
  }

  for (conf = m->conftable; conf && conf->directive; conf++) {
    conf->m = m;
  }
  for (cmd = m->cmdtable; cmd && cmd->command; cmd++) {
    cmd->m = m;
  }
  for (auth = m->authtable; auth && auth->name; auth++) {
    auth->m = m;
  }

  if (m->init != NULL) {
    int res;

    host_curr_module = m;
    host_crash_module = m->name;
    host_crash_phase = "init";
    host_module_init_begin(m);
    res = m->init();
    host_module_init_end(m);
    host_crash_module = NULL;
    host_crash_phase = NULL;
    host_curr_module = NULL;
    if (res < 0) {
      host_events_remove_module(m);
      errno = EPERM;
      return -1;
    }
  }

  m->priority = curr_module_pri++;
  m->prev = NULL;
  m->next = loaded_modules;
  if (loaded_modules != NULL) {
    loaded_modules->prev = m;
  }
  loaded_modules = m;

  pr_event_generate("core.module-load", buf);
  return 0;
}

int host_module_unload(module *m) {
  char buf[256];

  if (m == NULL) {
    errno = EINVAL;
    return -1;
  }
  snprintf(buf, sizeof(buf), "mod_%s.c", m->name);
  if (pr_module_get(buf) != m) {
    errno = ENOENT;
    return -1;
  }

  pr_event_generate("core.module-unload", buf);

  if (m->prev != NULL) {
    m->prev->next = m->next;
  } else {
    loaded_modules = m->next;
  }
  if (m->next != NULL) {
    m->next->prev = m->prev;
  }
  m->next = m->prev = NULL;

  host_events_remove_module(m);
  if (!host_module_is_static(m)) {
    host_ctrls_registry_drop_module(m);
  }
  return 0;
}

int host_modules_init(void) {
  unsigned int i;

  host_core_features_init();

  for (i = 0; host_static_modules[i] != NULL; i++) {
    module *m = host_static_modules[i];

    if (host_module_load(m) < 0) {
      host_log_msg("fatal: static module 'mod_%s.c' failed to initialize: "
        "%s", m->name, strerror(errno));
      return -1;
    }
  }
  return 0;
}

int host_modules_sess_init(const char **failed) {
  module *m;

  for (m = loaded_modules; m != NULL; m = m->next) {
    if (m->sess_init != NULL) {
      int res;

      host_curr_module = m;
      host_crash_module = m->name;
      host_crash_phase = "sess_init";
      res = m->sess_init();
      host_crash_module = NULL;
      host_crash_phase = NULL;
      host_curr_module = NULL;
      if (res < 0) {
        int xerrno = errno;

        *failed = module_file_name(session.pool, m);
        errno = xerrno;
        return -1;
      }
    }
  }
  return 0;
}

conftable *host_find_conftable(const char *directive, conftable *prev) {
  module *m;
  int seen = (prev == NULL);

  for (m = loaded_modules; m != NULL; m = m->next) {
    conftable *ct;
    for (ct = m->conftable; ct && ct->directive; ct++) {
      if (!seen) {
        if (ct == prev) {
          seen = TRUE;
        }
        continue;
      }
      if (strcasecmp(ct->directive, directive) == 0) {
        return ct;
      }
    }
  }
  return NULL;
}

/* Give the modules in order[] (highest priority first, as in a ModuleOrder
 * directive) the highest priorities, in that order.  Modules not named keep
 * their relative order after them; nothing is ever dropped (proftpd's own
 * ModuleOrder unloads every module it is not given).
 */
int host_modules_reorder(module **order, unsigned int n) {
  module *head = NULL, *tail = NULL, *m, *next;
  unsigned int i;

  /* The named modules first, in the order given... */
  for (i = 0; i < n; i++) {
    m = order[i];
    if (m->prev != NULL) {
      m->prev->next = m->next;
    } else if (loaded_modules == m) {
      loaded_modules = m->next;
    }
    if (m->next != NULL) {
      m->next->prev = m->prev;
    }
    m->prev = tail;
    m->next = NULL;
    if (tail != NULL) {
      tail->next = m;
    } else {
      head = m;
    }
    tail = m;
  }

  /* ...then what remains of the list, in its order. */
  for (m = loaded_modules; m != NULL; m = next) {
    next = m->next;
    m->prev = tail;
    m->next = NULL;
    if (tail != NULL) {
      tail->next = m;
    } else {
      head = m;
    }
    tail = m;
  }
  loaded_modules = head;

  /* Renumber: the list head has the highest priority. */
  curr_module_pri = 0;
  for (m = tail; m != NULL; m = m->prev) {
    m->priority = curr_module_pri++;
  }
  return 0;
}

/* List modules in load order (lowest priority first), as proftpd -l. */
void host_modules_list(int fd, int with_static) {
  module *m, *tail = NULL;
  FILE *fh = fdopen(dup(fd), "w");

  if (fh == NULL) {
    return;
  }
  if (with_static) {
    unsigned int i;

    fprintf(fh, "Compiled-in modules:\n");
    for (i = 0; host_static_modules[i] != NULL; i++) {
      fprintf(fh, "  mod_%s.c\n", host_static_modules[i]->name);
    }
  } else {
    fprintf(fh, "Loaded Modules:\n");
    for (m = loaded_modules; m != NULL; m = m->next) {
      tail = m;
    }
    for (m = tail; m != NULL; m = m->prev) {
      fprintf(fh, "  mod_%s.c%s\n", m->name,
        host_module_is_static(m) ? "" : " (shared)");
    }
  }
  fclose(fh);
}

/* The common part of the mod_create_*() results: allocated from the
 * command's pool and attributed to the module whose handler is running.
 */
static modret_t *modret_alloc(cmd_rec *cmd, pool **p) {
  modret_t *ret;

  if (cmd == NULL) {
    errno = EINVAL;
    return NULL;
  }
  *p = cmd->tmp_pool ? cmd->tmp_pool : cmd->pool;
  ret = pcalloc(*p, sizeof(modret_t));
  ret->mr_handler_module = host_curr_module;
  return ret;
}

modret_t *mod_create_ret(cmd_rec *cmd, unsigned char err, const char *n,
    const char *m) {
  pool *p;
  modret_t *ret = modret_alloc(cmd, &p);

  if (ret != NULL) {
    ret->mr_error = err;
    ret->mr_numeric = n ? pstrdup(p, n) : NULL;
    ret->mr_message = m ? pstrdup(p, m) : NULL;
  }
  return ret;
}

modret_t *mod_create_error(cmd_rec *cmd, int mr_errno) {
  pool *p;
  modret_t *ret = modret_alloc(cmd, &p);

  if (ret != NULL) {
    ret->mr_error = mr_errno;
  }
  return ret;
}

modret_t *mod_create_data(cmd_rec *cmd, void *d) {
  pool *p;
  modret_t *ret = modret_alloc(cmd, &p);

  if (ret != NULL) {
    ret->data = d;
  }
  return ret;
}

/* Call a module's handler as proftpd does: with that module current (for
 * pr_log/pr_trace and the module's own tables) and a temporary pool in the
 * command, which outlives the call (its result may live there).
 */
modret_t *pr_module_call(module *m, modret_t *(*func)(cmd_rec *),
    cmd_rec *cmd) {
  module *prev = host_curr_module;
  modret_t *res;

  if (m == NULL || func == NULL || cmd == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (cmd->tmp_pool == NULL) {
    cmd->tmp_pool = make_sub_pool(cmd->pool);
    pr_pool_tag(cmd->tmp_pool, "Module call tmp_pool");
  }
  host_curr_module = m;
  res = func(cmd);
  host_curr_module = prev;
  return res;
}
