/*
 * prxs shim host: the symbol stash (pr_stash_get_symbol2): a module finds
 * another module's directive, command, auth or hook handler by name.
 *
 * The shim keeps no hash of symbols: the loaded modules' tables are the
 * stash, searched in the order dispatch uses (the module list), names
 * compared without regard to case, as proftpd's stash compares them.
 */

#include "host.h"

/* Whether entry e of its table has the type and name asked for. */
static void *stash_entry(pr_stash_type_t type, module *m, size_t i,
    const char *name) {
  switch (type) {
    case PR_SYM_CONF:
      return strcasecmp(m->conftable[i].directive, name) == 0 ?
        &m->conftable[i] : NULL;

    case PR_SYM_CMD:
    case PR_SYM_HOOK: {
      cmdtable *c = &m->cmdtable[i];
      int is_hook = (c->cmd_type == HOOK);

      if (is_hook != (type == PR_SYM_HOOK)) {
        return NULL;
      }
      return strcasecmp(c->command, name) == 0 ? c : NULL;
    }

    case PR_SYM_AUTH:
      return strcasecmp(m->authtable[i].name, name) == 0 ?
        &m->authtable[i] : NULL;
  }
  return NULL;
}

static size_t stash_count(pr_stash_type_t type, module *m) {
  size_t n = 0;

  switch (type) {
    case PR_SYM_CONF:
      while (m->conftable && m->conftable[n].directive) n++;
      break;
    case PR_SYM_CMD:
    case PR_SYM_HOOK:
      while (m->cmdtable && m->cmdtable[n].command) n++;
      break;
    case PR_SYM_AUTH:
      while (m->authtable && m->authtable[n].name) n++;
      break;
  }
  return n;
}

/* The first symbol of that type and name, or with prev the one after prev;
 * NULL with ENOENT when there is none (EINVAL for an unknown type).  The
 * caches are the caller's to keep between calls: filled, never required.
 */
void *pr_stash_get_symbol2(pr_stash_type_t type, const char *name,
    void *prev, int *idx_cache, unsigned int *hash_cache) {
  module *m;
  int past_prev = (prev == NULL);

  if (type != PR_SYM_CONF && type != PR_SYM_CMD && type != PR_SYM_AUTH &&
      type != PR_SYM_HOOK) {
    errno = EINVAL;
    return NULL;
  }
  if (idx_cache != NULL && *idx_cache == -1) {
    *idx_cache = 0;
  }
  if (hash_cache != NULL && *hash_cache == 0) {
    *hash_cache = 1;
  }
  if (name == NULL) {
    errno = ENOENT;
    return NULL;
  }
  for (m = loaded_modules; m != NULL; m = m->next) {
    size_t i, n = stash_count(type, m);

    for (i = 0; i < n; i++) {
      void *sym = stash_entry(type, m, i, name);

      if (sym == NULL) {
        continue;
      }
      if (past_prev) {
        return sym;
      }
      if (sym == prev) {
        past_prev = TRUE;
      }
    }
  }
  errno = ENOENT;
  return NULL;
}

void *pr_stash_get_symbol(pr_stash_type_t type, const char *name, void *prev,
    int *idx_cache) {
  return pr_stash_get_symbol2(type, name, prev, idx_cache, NULL);
}
