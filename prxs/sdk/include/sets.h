/* prxs SDK: ordered sets (subset of sets.h). */

#ifndef PR_SETS_H
#define PR_SETS_H

#include "pool.h"

typedef struct XAsetmember xasetmember_t;
typedef struct XAset xaset_t;

typedef int (*XASET_COMPARE)(xasetmember_t *v1, xasetmember_t *v2);

struct XAsetmember {
  xasetmember_t	*next, *prev;
};

struct XAset {
  xasetmember_t *xas_list;
  struct pool_rec *pool;
  XASET_COMPARE xas_compare;
};

xaset_t *xaset_create(pool *, XASET_COMPARE);
int xaset_insert(xaset_t *, xasetmember_t *);
int xaset_insert_end(xaset_t *, xasetmember_t *);
int xaset_remove(xaset_t *, xasetmember_t *);

#endif /* PR_SETS_H */
