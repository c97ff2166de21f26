/*
 * prxs shim host: LogFormat-style variables (var.h): %{name} -> a string,
 * or a function giving one.  mod_core registers the session's counters
 * (%{bytes_xfer}, %{total_bytes_in}...) in its sess_init, as proftpd's does.
 */

#include "host.h"

struct host_var {
  struct host_var *next;
  char *name;
  int type;
  void *val;
  void *data;
  size_t datasz;
};

static pool *var_pool = NULL;
static struct host_var *var_list = NULL;
static struct host_var *var_iter = NULL;

static struct host_var *var_find(const char *name, struct host_var **prev) {
  struct host_var *v, *p = NULL;

  for (v = var_list; v != NULL; p = v, v = v->next) {
    if (strcmp(v->name, name) == 0) {
      if (prev != NULL) {
        *prev = p;
      }
      return v;
    }
  }
  return NULL;
}

static int var_name_ok(const char *name) {
  size_t len;

  if (name == NULL) {
    errno = EINVAL;
    return FALSE;
  }
  len = strlen(name);
  if (len < 4 || strncmp(name, "%{", 2) != 0 || name[len - 1] != '}') {
    errno = EINVAL;
    return FALSE;
  }
  return TRUE;
}

int pr_var_set(pool *p, const char *name, const char *desc, int vtype,
    void *val, void *data, size_t datasz) {
  struct host_var *v;

  (void) p;
  (void) desc;
  if (!var_name_ok(name) || val == NULL ||
      (vtype != PR_VAR_TYPE_STR && vtype != PR_VAR_TYPE_FUNC)) {
    errno = EINVAL;
    return -1;
  }
  if (var_pool == NULL) {
    var_pool = make_sub_pool(permanent_pool);
    pr_pool_tag(var_pool, "Variables Pool");
  }
  v = var_find(name, NULL);
  if (v == NULL) {
    v = pcalloc(var_pool, sizeof(*v));
    v->name = pstrdup(var_pool, name);
    v->next = var_list;
    var_list = v;
  }
  v->type = vtype;
  v->val = vtype == PR_VAR_TYPE_STR ? (void *) pstrdup(var_pool, val) : val;
  v->data = data;
  v->datasz = datasz;
  return 0;
}

const char *pr_var_get(const char *name) {
  struct host_var *v;

  if (!var_name_ok(name)) {
    return NULL;
  }
  v = var_find(name, NULL);
  if (v == NULL) {
    errno = ENOENT;
    return NULL;
  }
  if (v->type == PR_VAR_TYPE_FUNC) {
    const char *(*func)(void *, size_t) = (const char *(*)(void *, size_t)) v->val;
    return func(v->data, v->datasz);
  }
  return v->val;
}

int pr_var_exists(const char *name) {
  if (!var_name_ok(name)) {
    return -1;
  }
  return var_find(name, NULL) != NULL ? TRUE : FALSE;
}

int pr_var_delete(const char *name) {
  struct host_var *v, *prev = NULL;

  if (!var_name_ok(name)) {
    return -1;
  }
  v = var_find(name, &prev);
  if (v == NULL) {
    errno = ENOENT;
    return -1;
  }
  if (prev != NULL) {
    prev->next = v->next;
  } else {
    var_list = v->next;
  }
  if (var_iter == v) {
    var_iter = v->next;
  }
  return 0;
}

void pr_var_rewind(void) {
  var_iter = var_list;
}

const char *pr_var_next(const char **desc) {
  struct host_var *v = var_iter;

  if (v == NULL) {
    return NULL;
  }
  var_iter = v->next;
  if (desc != NULL) {
    *desc = NULL;
  }
  return v->name;
}
