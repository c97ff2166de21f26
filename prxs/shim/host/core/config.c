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

static server_rec *ctx_server = NULL;
static config_rec *ctx_config = NULL;
static xaset_t *find_top = NULL;
static config_rec *last_param = NULL;
static unsigned int next_config_id = 1;
static unsigned int next_sid = 1;
static pool *config_pool = NULL;

void host_config_set_ctx(server_rec *s, config_rec *c) {
  ctx_server = s;
  ctx_config = c;
}

config_rec *host_config_get_ctx(void) {
  return ctx_config;
}

server_rec *host_config_get_server(void) {
  return ctx_server ? ctx_server : main_server;
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
  ctx_server = NULL;
  ctx_config = NULL;
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
  c->config_id = next_config_id++;
  c->parent = parent;
  c->server = s;
  xaset_insert_end(*set, (xasetmember_t *) c);
  return c;
}

/* The set the current context adds to. */
static xaset_t **ctx_set(server_rec **sp, config_rec **parent) {
  server_rec *s = host_config_get_server();

  *sp = s;
  *parent = ctx_config;
  if (ctx_config != NULL) {
    return &ctx_config->subset;
  }
  if (s == NULL) {
    return NULL;
  }
  return &s->conf;
}

config_rec *add_config_set(xaset_t **set, const char *name) {
  if (set == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return host_config_new(*set ? (*set)->pool : permanent_pool, set, name, 0,
    NULL, NULL);
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

int remove_config(xaset_t *set, const char *name, int recurse) {
  config_rec *c;
  int found = 0;

  while ((c = find_config(set, -1, name, recurse)) != NULL) {
    xaset_remove(c->set, (xasetmember_t *) c);
    found++;
  }
  return found ? TRUE : FALSE;
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
