/* prxs SDK: memory pools and arrays (subset of pool.h). */

#ifndef PR_POOL_H
#define PR_POOL_H

typedef struct pool_rec pool;

extern pool *permanent_pool;

pool *make_sub_pool(pool *);
void destroy_pool(struct pool_rec *);
void *palloc(struct pool_rec *, size_t);
void *pcalloc(struct pool_rec *, size_t);
void pr_pool_tag(struct pool_rec *, const char *);
const char *pr_pool_get_tag(struct pool_rec *);

typedef struct {
  struct pool_rec *pool;
  size_t elt_size;
  unsigned int nelts;
  unsigned int nalloc;
  void *elts;
} array_header;

array_header *make_array(pool *, unsigned int, size_t);
void clear_array(array_header *);
void *push_array(array_header *);
void array_cat(array_header *dst, const array_header *src);
array_header *copy_array(pool *, const array_header *);

void register_cleanup(pool *, void *, void (*)(void *), void (*)(void *));
void unregister_cleanup(pool *, void *, void (*)(void *));

#endif /* PR_POOL_H */
