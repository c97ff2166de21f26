/*
 * prxs shim host: key/value tables (pr_table_*), a small linked list.
 */

#include "host.h"

struct table_entry {
  struct table_entry *next;
  const char *key;
  const void *value;
  size_t valuesz;
};

struct table_rec {
  pool *pool;
  int flags;
  int count;
  struct table_entry *head;
  /* pr_table_next(): the entry it returns next; iter_started is 0 after
   * pr_table_rewind() (the next call starts at the head). */
  struct table_entry *iter;
  int iter_started;
};

pr_table_t *pr_table_alloc(pool *p, int flags) {
  pr_table_t *tab;

  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  tab = pcalloc(p, sizeof(pr_table_t));
  tab->pool = p;
  tab->flags = flags;
  return tab;
}

static struct table_entry *table_find(pr_table_t *tab, const char *key) {
  struct table_entry *e;

  for (e = tab->head; e != NULL; e = e->next) {
    if (strcmp(e->key, key) == 0) {
      return e;
    }
  }
  return NULL;
}

int pr_table_add(pr_table_t *tab, const char *key, const void *value,
    size_t valuesz) {
  struct table_entry *e, **ep;

  if (tab == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (table_find(tab, key) != NULL) {
    errno = EEXIST;
    return -1;
  }
  e = pcalloc(tab->pool, sizeof(struct table_entry));
  e->key = pstrdup(tab->pool, key);
  e->value = value;
  e->valuesz = valuesz;
  for (ep = &tab->head; *ep != NULL; ep = &(*ep)->next);
  *ep = e;
  tab->count++;
  return 0;
}

int pr_table_add_dup(pr_table_t *tab, const char *key, const void *value,
    size_t valuesz) {
  void *copy = NULL;

  if (tab == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (value != NULL) {
    if (valuesz == 0) {
      valuesz = strlen(value) + 1;
    }
    copy = palloc(tab->pool, valuesz);
    memcpy(copy, value, valuesz);
  }
  return pr_table_add(tab, key, copy, valuesz);
}

int pr_table_count(pr_table_t *tab) {
  if (tab == NULL) {
    errno = EINVAL;
    return -1;
  }
  return tab->count;
}

const void *pr_table_get(pr_table_t *tab, const char *key, size_t *valuesz) {
  struct table_entry *e;

  if (tab == NULL || key == NULL) {
    errno = EINVAL;
    return NULL;
  }
  e = table_find(tab, key);
  if (e == NULL) {
    errno = ENOENT;
    return NULL;
  }
  if (valuesz != NULL) {
    *valuesz = e->valuesz;
  }
  return e->value;
}

const void *pr_table_remove(pr_table_t *tab, const char *key,
    size_t *valuesz) {
  struct table_entry **ep;

  if (tab == NULL || key == NULL) {
    errno = EINVAL;
    return NULL;
  }
  for (ep = &tab->head; *ep != NULL; ep = &(*ep)->next) {
    if (strcmp((*ep)->key, key) == 0) {
      struct table_entry *e = *ep;
      *ep = e->next;
      if (tab->iter == e) {
        tab->iter = e->next;
      }
      tab->count--;
      if (valuesz != NULL) {
        *valuesz = e->valuesz;
      }
      return e->value;
    }
  }
  errno = ENOENT;
  return NULL;
}

int pr_table_set(pr_table_t *tab, const char *key, const void *value,
    size_t valuesz) {
  struct table_entry *e;

  if (tab == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  e = table_find(tab, key);
  if (e == NULL) {
    errno = ENOENT;
    return -1;
  }
  e->value = value;
  e->valuesz = valuesz;
  return 0;
}

/* 1 (the key's number of values) if the key is in the table, 0 if not, -1
 * with ENOENT for an empty table, as proftpd.
 */
int pr_table_exists(pr_table_t *tab, const char *key) {
  if (tab == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (tab->count == 0) {
    errno = ENOENT;
    return -1;
  }
  return table_find(tab, key) != NULL ? 1 : 0;
}

/* The iteration starts again at the first key. */
int pr_table_rewind(pr_table_t *tab) {
  if (tab == NULL) {
    errno = EINVAL;
    return -1;
  }
  tab->iter = NULL;
  tab->iter_started = 0;
  return 0;
}

/* The next key of the table (in the order they were added); NULL with
 * EPERM after the last one.
 */
const void *pr_table_next(pr_table_t *tab) {
  struct table_entry *e;

  if (tab == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (!tab->iter_started) {
    tab->iter = tab->head;
    tab->iter_started = 1;
  }
  e = tab->iter;
  if (e == NULL) {
    errno = EPERM;
    return NULL;
  }
  tab->iter = e->next;
  return e->key;
}
