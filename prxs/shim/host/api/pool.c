/*
 * prxs shim host: memory pools, arrays, sets and pool-based strings.
 *
 * Pools form a tree; destroying a pool runs its cleanups and frees its
 * sub-pools and blocks.  Allocation is a bump pointer within blocks.
 */

#include "host.h"

#define POOL_BLOCK_SIZE		8192
#define POOL_ALIGN		16

struct pool_block {
  struct pool_block *next;
  size_t size, used;
  /* data follows */
};

struct pool_cleanup {
  struct pool_cleanup *next;
  void *data;
  void (*plain_cleanup)(void *);
  void (*child_cleanup)(void *);
};

struct pool_rec {
  struct pool_rec *parent, *sub_pools, *sub_next, *sub_prev;
  struct pool_block *blocks;
  struct pool_cleanup *cleanups;
  const char *tag;
};

pool *permanent_pool = NULL;

static void *pool_oom(size_t sz) {
  /* As in ProFTPD: running out of memory is fatal. */
  host_log_msg("fatal: out of memory allocating %lu bytes",
    (unsigned long) sz);
  _exit(1);
}

static void *xcalloc(size_t n) {
  void *p = calloc(1, n);
  if (p == NULL) {
    pool_oom(n);
  }
  return p;
}

void host_pools_init(void) {
  if (permanent_pool == NULL) {
    permanent_pool = make_sub_pool(NULL);
    pr_pool_tag(permanent_pool, "permanent_pool");
  }
}

pool *make_sub_pool(pool *parent) {
  pool *p = xcalloc(sizeof(struct pool_rec));

  p->parent = parent;
  if (parent != NULL) {
    p->sub_next = parent->sub_pools;
    if (parent->sub_pools != NULL) {
      parent->sub_pools->sub_prev = p;
    }
    parent->sub_pools = p;
  }
  return p;
}

static void run_cleanups(pool *p) {
  struct pool_cleanup *c = p->cleanups;

  p->cleanups = NULL;
  while (c != NULL) {
    struct pool_cleanup *next = c->next;
    if (c->plain_cleanup != NULL) {
      c->plain_cleanup(c->data);
    }
    c = next;
  }
}

void destroy_pool(pool *p) {
  struct pool_block *b;

  if (p == NULL) {
    return;
  }

  run_cleanups(p);

  while (p->sub_pools != NULL) {
    destroy_pool(p->sub_pools);
  }

  if (p->parent != NULL) {
    if (p->sub_prev != NULL) {
      p->sub_prev->sub_next = p->sub_next;
    } else {
      p->parent->sub_pools = p->sub_next;
    }
    if (p->sub_next != NULL) {
      p->sub_next->sub_prev = p->sub_prev;
    }
  }

  b = p->blocks;
  while (b != NULL) {
    struct pool_block *next = b->next;
    free(b);
    b = next;
  }

  if (p == permanent_pool) {
    permanent_pool = NULL;
  }
  free(p);
}

void *palloc(pool *p, size_t sz) {
  struct pool_block *b;
  size_t need = (sz + POOL_ALIGN - 1) & ~((size_t) POOL_ALIGN - 1);
  size_t hdr = (sizeof(struct pool_block) + POOL_ALIGN - 1) &
    ~((size_t) POOL_ALIGN - 1);
  char *mem;

  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (need == 0) {
    need = POOL_ALIGN;
  }

  b = p->blocks;
  if (b == NULL || b->size - b->used < need) {
    size_t bsz = need > POOL_BLOCK_SIZE ? need : POOL_BLOCK_SIZE;

    b = xcalloc(hdr + bsz);
    b->size = bsz;
    b->used = 0;
    b->next = p->blocks;
    p->blocks = b;
  }

  mem = ((char *) b) + hdr + b->used;
  b->used += need;
  return mem;
}

void *pcalloc(pool *p, size_t sz) {
  void *mem = palloc(p, sz);
  if (mem != NULL) {
    memset(mem, 0, sz);
  }
  return mem;
}

void pr_pool_tag(pool *p, const char *tag) {
  if (p != NULL) {
    p->tag = tag;
  }
}

const char *pr_pool_get_tag(pool *p) {
  return p ? p->tag : NULL;
}

void register_cleanup(pool *p, void *data, void (*plain_cleanup)(void *),
    void (*child_cleanup)(void *)) {
  struct pool_cleanup *c;

  if (p == NULL) {
    return;
  }
  c = palloc(p, sizeof(struct pool_cleanup));
  c->data = data;
  c->plain_cleanup = plain_cleanup;
  c->child_cleanup = child_cleanup;
  c->next = p->cleanups;
  p->cleanups = c;
}

void unregister_cleanup(pool *p, void *data, void (*cleanup)(void *)) {
  struct pool_cleanup **cp;

  if (p == NULL) {
    return;
  }
  for (cp = &p->cleanups; *cp != NULL; cp = &(*cp)->next) {
    if ((*cp)->data == data &&
        (cleanup == NULL || (*cp)->plain_cleanup == cleanup)) {
      *cp = (*cp)->next;
      return;
    }
  }
}

/* Arrays
 */

array_header *make_array(pool *p, unsigned int nelts, size_t elt_size) {
  array_header *res = palloc(p, sizeof(array_header));

  if (nelts < 1) {
    nelts = 1;
  }
  res->elts = pcalloc(p, nelts * elt_size);
  res->pool = p;
  res->elt_size = elt_size;
  res->nelts = 0;
  res->nalloc = nelts;
  return res;
}

void clear_array(array_header *arr) {
  if (arr != NULL) {
    arr->nelts = 0;
  }
}

void *push_array(array_header *arr) {
  if (arr == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (arr->nelts == arr->nalloc) {
    char *new_data = pcalloc(arr->pool, arr->nalloc * 2 * arr->elt_size);
    memcpy(new_data, arr->elts, arr->nalloc * arr->elt_size);
    arr->elts = new_data;
    arr->nalloc *= 2;
  }
  arr->nelts++;
  return ((char *) arr->elts) + (arr->elt_size * (arr->nelts - 1));
}

void array_cat(array_header *dst, const array_header *src) {
  unsigned int i;

  if (dst == NULL || src == NULL) {
    return;
  }
  for (i = 0; i < src->nelts; i++) {
    void *elt = push_array(dst);
    memcpy(elt, ((char *) src->elts) + (i * src->elt_size), dst->elt_size);
  }
}

array_header *copy_array(pool *p, const array_header *arr) {
  array_header *res = make_array(p, arr->nalloc, arr->elt_size);

  memcpy(res->elts, arr->elts, arr->elt_size * arr->nelts);
  res->nelts = arr->nelts;
  return res;
}

/* Sets
 */

xaset_t *xaset_create(pool *p, XASET_COMPARE compf) {
  xaset_t *set;

  if (p == NULL) {
    p = permanent_pool;
  }
  set = pcalloc(p, sizeof(xaset_t));
  set->pool = p;
  set->xas_compare = compf;
  return set;
}

int xaset_insert(xaset_t *set, xasetmember_t *m) {
  if (set == NULL || m == NULL) {
    errno = EINVAL;
    return -1;
  }
  m->prev = NULL;
  m->next = set->xas_list;
  if (m->next != NULL) {
    m->next->prev = m;
  }
  set->xas_list = m;
  return 0;
}

int xaset_insert_end(xaset_t *set, xasetmember_t *m) {
  xasetmember_t **tmp, *prev = NULL;

  if (set == NULL || m == NULL) {
    errno = EINVAL;
    return -1;
  }
  for (tmp = &set->xas_list; *tmp != NULL; prev = *tmp, tmp = &(*tmp)->next);
  *tmp = m;
  m->prev = prev;
  m->next = NULL;
  return 0;
}

int xaset_remove(xaset_t *set, xasetmember_t *m) {
  if (set == NULL || m == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (m->prev != NULL) {
    m->prev->next = m->next;
  } else {
    if (set->xas_list != m) {
      errno = ENOENT;
      return -1;
    }
    set->xas_list = m->next;
  }
  if (m->next != NULL) {
    m->next->prev = m->prev;
  }
  m->next = m->prev = NULL;
  return 0;
}
