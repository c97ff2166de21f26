/* prxs SDK: ProFTPD 1.3.8 module ABI -- xaset_t: the doubly linked lists configuration uses. */

#ifndef PR_SETS_H
#define PR_SETS_H

#include "pool.h"

typedef struct XAsetmember xasetmember_t;

typedef struct XAset xaset_t;

typedef int (*XASET_COMPARE)(xasetmember_t *, xasetmember_t *);

typedef xasetmember_t *(*XASET_MCOPY)(xasetmember_t *);

/* A member of an ordered set */
struct XAsetmember {
  xasetmember_t *next, *prev;
};

/* An ordered set */
struct XAset {
  xasetmember_t *xas_list;
  struct pool_rec *pool;
  XASET_COMPARE xas_compare;
};

/* Ordered sets (xaset_t) */
xaset_t *xaset_copy(pool *, xaset_t *, size_t, XASET_MCOPY);
xaset_t *xaset_create(pool *, XASET_COMPARE);
int xaset_insert(xaset_t *, xasetmember_t *);
int xaset_insert_end(xaset_t *, xasetmember_t *);
int xaset_insert_sort(xaset_t *, xasetmember_t *, int);
int xaset_remove(xaset_t *, xasetmember_t *);

#endif
