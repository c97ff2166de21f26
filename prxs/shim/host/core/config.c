/*
 * prxs shim host: configuration records and servers (configdb/dirtree).
 *
 * The parser keeps a current context (a server and, inside a section such
 * as <Directory>, a config_rec); add_config_param() and friends add to it.
 */

#include "host.h"

server_rec *main_server = NULL;
xaset_t *server_list = NULL;
xaset_t *host_global_set = NULL;

static xaset_t *find_top = NULL;
static config_rec *last_param = NULL;
static unsigned int next_sid = 1;
static pool *config_pool = NULL;

/* config_rec.config_id: one id per directive name, as proftpd's
 * pr_config_set_id() (the same name always gets the same id); a small hash
 * table, as records are made for every directive parsed.
 */
#define CONFIG_ID_BUCKETS	256

struct config_id {
  struct config_id *next;
  const char *name;
  unsigned int id;
};

static struct config_id *config_ids[CONFIG_ID_BUCKETS];
static pool *config_id_pool = NULL;
static unsigned int config_last_id = 0;

static struct config_id **config_id_slot(const char *name) {
  unsigned int h = 5381;
  const unsigned char *cp;
  struct config_id **ep;

  for (cp = (const unsigned char *) name; *cp; cp++) {
    h = h * 33 + *cp;
  }
  for (ep = &config_ids[h % CONFIG_ID_BUCKETS]; *ep; ep = &(*ep)->next) {
    if (strcmp((*ep)->name, name) == 0) {
      break;
    }
  }
  return ep;
}

unsigned int host_config_id(const char *name) {
  struct config_id **ep, *e;

  if (name == NULL) {
    return 0;
  }
  ep = config_id_slot(name);
  if (*ep != NULL) {
    return (*ep)->id;
  }
  if (config_id_pool == NULL) {
    config_id_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(config_id_pool, "Config Table Pool");
  }
  e = pcalloc(config_id_pool, sizeof(struct config_id));
  e->name = pstrdup(config_id_pool, name);
  e->id = ++config_last_id;
  *ep = e;
  return e->id;
}

unsigned int pr_config_get_id(const char *name) {
  struct config_id **ep;

  if (name == NULL) {
    errno = EINVAL;
    return 0;
  }
  if (config_id_pool == NULL) {
    errno = EPERM;
    return 0;
  }
  ep = config_id_slot(name);
  if (*ep == NULL) {
    errno = ENOENT;
    return 0;
  }
  return (*ep)->id;
}

/* As proftpd's pr_table_remove() of the name: the name has no id until
 * a record of that name is made again.
 */
static void config_id_forget(const char *name) {
  struct config_id **ep = config_id_slot(name);

  if (*ep != NULL) {
    *ep = (*ep)->next;
  }
}

server_rec *host_server_new(const char *name, int config_type) {
  server_rec *s;
  pool *p;

  if (config_pool == NULL) {
    config_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(config_pool, "config pool");
  }
  if (server_list == NULL) {
    server_list = xaset_create(config_pool, NULL);
  }

  p = make_sub_pool(config_pool);
  s = pcalloc(p, sizeof(server_rec));
  s->pool = p;
  s->set = server_list;
  s->ServerName = pstrdup(p, name);
  s->ServerPort = 21;
  s->config_type = config_type;
  s->sid = next_sid++;
  s->conf = xaset_create(p, NULL);
  s->notes = pr_table_alloc(p, 0);
  xaset_insert_end(server_list, (xasetmember_t *) s);
  return s;
}

void host_servers_reset(void) {
  if (config_pool != NULL) {
    destroy_pool(config_pool);
    config_pool = NULL;
  }
  main_server = NULL;
  server_list = NULL;
  host_global_set = NULL;
  find_top = NULL;
  last_param = NULL;
  next_sid = 1;
}

config_rec *host_config_new(pool *p, xaset_t **set, const char *name,
    int config_type, config_rec *parent, server_rec *s) {
  config_rec *c;
  pool *cp;

  if (*set == NULL) {
    *set = xaset_create(p, NULL);
  }
  cp = make_sub_pool((*set)->pool);
  c = pcalloc(cp, sizeof(config_rec));
  c->pool = cp;
  c->set = *set;
  c->name = name ? pstrdup(cp, name) : NULL;
  c->config_type = config_type;
  c->config_id = host_config_id(c->name);
  c->parent = parent;
  c->server = s;
  xaset_insert_end(*set, (xasetmember_t *) c);
  return c;
}

/* The set the current context adds to. */
static xaset_t **ctx_set(server_rec **sp, config_rec **parent) {
  server_rec *s = host_config_get_server();

  *sp = s;
  *parent = host_config_get_ctx();
  if (*parent != NULL) {
    return &(*parent)->subset;
  }
  if (s == NULL) {
    return NULL;
  }
  return &s->conf;
}

/* A new record in *set (made when NULL), at its end or, with
 * PR_CONFIG_FL_INSERT_HEAD, its head; its parent is that of the set's
 * other records, as proftpd's.
 */
config_rec *pr_config_add_set(xaset_t **set, const char *name, int flags) {
  config_rec *c, *parent = NULL;
  pool *cp;

  if (set == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (*set == NULL) {
    pool *set_pool = make_sub_pool(permanent_pool);

    pr_pool_tag(set_pool, "config set pool");
    *set = xaset_create(set_pool, NULL);
    (*set)->pool = set_pool;
  }
  if ((*set)->xas_list != NULL) {
    parent = ((config_rec *) (*set)->xas_list)->parent;
  }

  cp = make_sub_pool((*set)->pool);
  pr_pool_tag(cp, "config_rec pool");
  c = pcalloc(cp, sizeof(config_rec));
  c->pool = cp;
  c->set = *set;
  c->parent = parent;
  if (name != NULL) {
    c->name = pstrdup(cp, name);
    c->config_id = host_config_id(c->name);
  }
  if (flags & PR_CONFIG_FL_INSERT_HEAD) {
    xaset_insert(*set, (xasetmember_t *) c);
  } else {
    xaset_insert_end(*set, (xasetmember_t *) c);
  }
  pr_event_generate("core.added-config", c);
  return c;
}

config_rec *add_config_set(xaset_t **set, const char *name) {
  return pr_config_add_set(set, name, 0);
}

config_rec *add_config(server_rec *s, const char *name) {
  server_rec *cs;
  config_rec *parent;
  xaset_t **set;

  if (s != NULL && s != host_config_get_server()) {
    return host_config_new(s->pool, &s->conf, name, 0, NULL, s);
  }
  set = ctx_set(&cs, &parent);
  if (set == NULL) {
    errno = EPERM;
    return NULL;
  }
  return host_config_new(cs->pool, set, name, 0, parent, cs);
}

static config_rec *add_param_va(xaset_t **set, const char *name,
    unsigned int num, int dup, va_list ap, server_rec *s, config_rec *parent) {
  config_rec *c;
  unsigned int i;

  c = host_config_new(s ? s->pool : permanent_pool, set, name, CONF_PARAM,
    parent, s);
  c->argc = num;
  c->argv = pcalloc(c->pool, (num + 1) * sizeof(void *));
  for (i = 0; i < num; i++) {
    void *v = va_arg(ap, void *);
    c->argv[i] = (dup && v != NULL) ? pstrdup(c->pool, v) : v;
  }
  return c;
}

config_rec *add_config_param(const char *name, unsigned int num, ...) {
  server_rec *s;
  config_rec *parent, *c;
  xaset_t **set;
  va_list ap;

  if (name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  set = ctx_set(&s, &parent);
  if (set == NULL) {
    errno = EPERM;
    return NULL;
  }
  va_start(ap, num);
  c = add_param_va(set, name, num, FALSE, ap, s, parent);
  va_end(ap);
  return c;
}

config_rec *add_config_param_str(const char *name, unsigned int num, ...) {
  server_rec *s;
  config_rec *parent, *c;
  xaset_t **set;
  va_list ap;

  if (name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  set = ctx_set(&s, &parent);
  if (set == NULL) {
    errno = EPERM;
    return NULL;
  }
  va_start(ap, num);
  c = add_param_va(set, name, num, TRUE, ap, s, parent);
  va_end(ap);
  return c;
}

config_rec *add_config_param_set(xaset_t **set, const char *name,
    unsigned int num, ...) {
  config_rec *c;
  va_list ap;

  if (set == NULL || name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  va_start(ap, num);
  c = add_param_va(set, name, num, FALSE, ap, NULL, NULL);
  va_end(ap);
  return c;
}

/* Pre-order successor of c, staying below the set the search began in. */
static config_rec *config_successor(config_rec *c, int recurse,
    int descend) {
  if (descend && recurse && c->subset != NULL && c->subset->xas_list) {
    return (config_rec *) c->subset->xas_list;
  }
  while (c != NULL) {
    if (c->next != NULL) {
      return c->next;
    }
    if (!recurse || c->set == find_top || c->parent == NULL) {
      return NULL;
    }
    c = c->parent;
  }
  return NULL;
}

config_rec *find_config_next(config_rec *prev, config_rec *c, int type,
    const char *name, int recurse) {
  if (c == NULL) {
    if (prev == NULL || !recurse) {
      return NULL;
    }
    c = config_successor(prev, recurse, FALSE);
  }

  for (; c != NULL; c = config_successor(c, recurse, TRUE)) {
    if ((type == -1 || c->config_type == type) &&
        (name == NULL || (c->name != NULL && strcmp(c->name, name) == 0))) {
      return c;
    }
  }
  return NULL;
}

config_rec *find_config(xaset_t *set, int type, const char *name,
    int recurse) {
  if (set == NULL || set->xas_list == NULL) {
    errno = EINVAL;
    return NULL;
  }
  find_top = set;
  return find_config_next(NULL, (config_rec *) set->xas_list, type, name,
    recurse);
}

/* Every record named name (recurse: in subsets too) out of set; freed
 * unless PR_CONFIG_FL_PRESERVE_ENTRY (mod_ctrls_admin puts one back).
 * Returns how many were removed.
 */
int pr_config_remove(xaset_t *set, const char *name, int flags,
    int recurse) {
  server_rec *s = host_config_get_server();
  config_rec *c;
  int found = 0;

  while ((c = find_config(set, -1, name, recurse)) != NULL) {
    xaset_t *found_set = c->set;

    pr_signals_handle();
    found++;
    xaset_remove(found_set, (xasetmember_t *) c);
    c->set = NULL;
    config_id_forget(name);

    if (found_set->xas_list == NULL) {
      if (c->parent != NULL && c->parent->subset == found_set) {
        c->parent->subset = NULL;
      } else if (s != NULL && s->conf == found_set) {
        s->conf = NULL;
      }
    }
    if (!(flags & PR_CONFIG_FL_PRESERVE_ENTRY)) {
      destroy_pool(c->pool);
    }
    if (found_set == set && set->xas_list == NULL) {
      break;
    }
  }
  return found;
}

int remove_config(xaset_t *set, const char *name, int recurse) {
  return pr_config_remove(set, name, 0, recurse);
}

/* Are a and b the same record (as proftpd's config_cmp(): type, flags,
 * the same argv pointers, id and name)?
 */
static int config_same(const config_rec *a, const config_rec *b) {
  unsigned int i;

  if (a->config_type != b->config_type || a->flags != b->flags ||
      a->argc != b->argc || a->config_id != b->config_id) {
    return FALSE;
  }
  for (i = 0; i < a->argc; i++) {
    if (a->argv[i] != b->argv[i]) {
      return FALSE;
    }
  }
  return a->name != NULL && b->name != NULL && strcmp(a->name, b->name) == 0;
}

static void config_copy_into(const config_rec *src, config_rec *dst) {
  config_rec *c;
  unsigned int i;

  if (dst->subset == NULL) {
    dst->subset = xaset_create(dst->pool, NULL);
  }
  c = pr_config_add_set(&dst->subset, src->name, 0);
  c->config_type = src->config_type;
  c->flags = src->flags;
  c->config_id = src->config_id;
  c->server = src->server;
  c->argc = src->argc;
  c->argv = pcalloc(c->pool, (src->argc + 1) * sizeof(void *));
  for (i = 0; i < src->argc; i++) {
    c->argv[i] = src->argv[i];
  }
}

/* Copy the records flagged CF_MERGEDOWN (unless the level below sets its
 * own) or CF_MERGEDOWN_MULTI into each <Anonymous> and <Directory> of the
 * set, then the same one level down, as proftpd's: a record already there
 * is not copied twice; dynamic: only .ftpaccess (CF_DYNAMIC) records.
 */
void pr_config_merge_down(xaset_t *set, int dynamic) {
  config_rec *c, *dst;

  if (set == NULL || set->xas_list == NULL) {
    return;
  }

  for (c = (config_rec *) set->xas_list; c != NULL; c = c->next) {
    if (!(c->flags & (CF_MERGEDOWN|CF_MERGEDOWN_MULTI))) {
      continue;
    }
    for (dst = (config_rec *) set->xas_list; dst != NULL; dst = dst->next) {
      config_rec *r;
      int merge = TRUE;

      if (dst->config_type != CONF_ANON && dst->config_type != CONF_DIR) {
        continue;
      }
      if ((c->flags & CF_MERGEDOWN) && dst->subset != NULL &&
          dst->subset->xas_list != NULL &&
          find_config(dst->subset, c->config_type, c->name, FALSE)) {
        continue;
      }
      if (dynamic && !(c->flags & CF_DYNAMIC) && !(dst->flags & CF_DYNAMIC)) {
        continue;
      }
      for (r = dst->subset ? (config_rec *) dst->subset->xas_list : NULL;
          r != NULL; r = r->next) {
        if (config_same(r, c)) {
          merge = FALSE;
          break;
        }
      }
      if (merge) {
        config_copy_into(c, dst);
      }
    }
  }

  for (c = (config_rec *) set->xas_list; c != NULL; c = c->next) {
    if (c->config_type == CONF_ANON || c->config_type == CONF_DIR) {
      pr_config_merge_down(c->subset, dynamic);
    }
  }
}

static void config_dumpf(const char *fmt, ...) {
  char buf[PR_TUNABLE_BUFFER_SIZE];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  pr_log_debug(DEBUG5, "%s", buf);
}

/* Each record's name (not those starting with '_'), a level's records
 * indented one space more; through dumpf, else the debug log at DEBUG5.
 */
void pr_config_dump(void (*dumpf)(const char *, ...), xaset_t *set,
    char *indent) {
  config_rec *c;

  if (dumpf == NULL) {
    dumpf = config_dumpf;
  }
  if (set == NULL) {
    return;
  }
  if (indent == NULL) {
    indent = "";
  }
  for (c = (config_rec *) set->xas_list; c != NULL; c = c->next) {
    if (c->name != NULL && *c->name != '_') {
      dumpf("%s%s", indent, c->name);
    }
    if (c->subset != NULL) {
      pool *tmp = make_sub_pool(c->pool);

      pr_config_dump(dumpf, c->subset, pstrcat(tmp, indent, " ", NULL));
      destroy_pool(tmp);
    }
  }
}

void *get_param_ptr(xaset_t *set, const char *name, int recurse) {
  config_rec *c;

  if (set == NULL) {
    last_param = NULL;
    errno = ENOENT;
    return NULL;
  }
  c = find_config(set, CONF_PARAM, name, recurse);
  last_param = c;
  if (c == NULL || c->argc == 0) {
    errno = ENOENT;
    return NULL;
  }
  return c->argv[0];
}

void *get_param_ptr_next(const char *name, int recurse) {
  config_rec *c;

  if (last_param == NULL) {
    errno = ENOENT;
    return NULL;
  }
  c = find_config_next(last_param, last_param->next, CONF_PARAM, name,
    recurse);
  last_param = c;
  if (c == NULL || c->argc == 0) {
    errno = ENOENT;
    return NULL;
  }
  return c->argv[0];
}

unsigned char check_context(cmd_rec *cmd, int allowed) {
  int ctxt;

  if (cmd == NULL) {
    return FALSE;
  }
  ctxt = (cmd->config && cmd->config->config_type != CONF_PARAM) ?
    cmd->config->config_type :
    (cmd->server && cmd->server->config_type) ? cmd->server->config_type :
    CONF_ROOT;
  return (ctxt & allowed) ? TRUE : FALSE;
}

char *get_context_name(cmd_rec *cmd) {
  static char cbuf[32];

  if (cmd->config == NULL || cmd->config->config_type == CONF_PARAM) {
    if (cmd->server != NULL && cmd->server->config_type == CONF_VIRTUAL) {
      return "<VirtualHost>";
    }
    return "server config";
  }

  switch (cmd->config->config_type) {
    case CONF_DIR:
      return "<Directory>";
    case CONF_ANON:
      return "<Anonymous>";
    case CONF_CLASS:
      return "<Class>";
    case CONF_LIMIT:
      return "<Limit>";
    case CONF_DYNDIR:
      return ".ftpaccess";
    case CONF_GLOBAL:
      return "<Global>";
    case CONF_USERDATA:
      return "user data";
    default:
      snprintf(cbuf, sizeof(cbuf), "%d", cmd->config->config_type);
      return cbuf;
  }
}

int get_boolean(cmd_rec *cmd, int av) {
  if (cmd == NULL || av < 0 || (unsigned int) av >= cmd->argc) {
    return -1;
  }
  return pr_str_is_boolean(cmd->argv[av]);
}

const char *get_full_cmd(cmd_rec *cmd) {
  if (cmd == NULL) {
    return NULL;
  }
  if (cmd->arg != NULL && *cmd->arg != '\0') {
    return pstrcat(cmd->tmp_pool ? cmd->tmp_pool : cmd->pool,
      (const char *) cmd->argv[0], " ", cmd->arg, NULL);
  }
  return cmd->argv[0];
}

/* Append every <Global> record to each server, after its own records, so a
 * server's own setting is found first.
 */
void host_config_merge_global(void) {
  server_rec *s;
  config_rec *gc, *g;

  if (host_global_set == NULL || server_list == NULL) {
    return;
  }
  for (s = (server_rec *) server_list->xas_list; s; s = s->next) {
    for (gc = (config_rec *) host_global_set->xas_list; gc; gc = gc->next) {
      if (gc->subset == NULL) {
        continue;
      }
      for (g = (config_rec *) gc->subset->xas_list; g; g = g->next) {
        config_rec *c = host_config_new(s->pool, &s->conf, g->name,
          g->config_type, NULL, s);
        c->argc = g->argc;
        c->argv = g->argv;
        c->flags = g->flags;
        c->subset = g->subset;
      }
    }
  }
}
