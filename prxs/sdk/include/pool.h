/* prxs SDK: ProFTPD 1.3.8 module ABI -- memory pools and array_header. */

#ifndef PR_POOL_H
#define PR_POOL_H

/* Pool debugging flags and sizes */
#define PR_POOL_DEBUG_FL_OOM_DUMP_POOLS 0x001
#define BLOCK_MINFREE PR_TUNABLE_NEW_POOL_SIZE

/* Memory pools; the record is private to the core */
typedef struct pool_rec pool;

/* What pr_pool_debug_memory2() reports for a pool */
typedef struct {
  int have_pool_info;
  const char *tag;
  const void *ptr;
  unsigned long byte_count;
  unsigned long block_count;
  unsigned int subpool_count;
  unsigned long level;
  int have_freelist_info;
  unsigned long freelist_byte_count;
  unsigned long freelist_block_count;
  int have_total_info;
  unsigned long total_byte_count;
  unsigned long total_blocks_allocated;
  unsigned long total_blocks_reused;
} pr_pool_info_t;

/* A growable array allocated from a pool */
typedef struct {
  struct pool_rec *pool;
  size_t elt_size;
  unsigned int nelts;
  unsigned int nalloc;
  void *elts;
} array_header;

/* The pool that lives as long as the process */
extern pool *permanent_pool;

/* Creating and destroying pools */
void destroy_pool(struct pool_rec *);
void free_pools(void);
void init_pools(void);
pool *make_sub_pool(pool *);
pool *pr_pool_create_sz(pool *, size_t);
void pr_pool_debug_memory(void (*)(const char *, ...));
void pr_pool_debug_memory2(void (*)(const pr_pool_info_t *, void *), void *);
int pr_pool_debug_set_flags(int);
const char *pr_pool_get_tag(struct pool_rec *);
void pr_pool_tag(struct pool_rec *, const char *);

/* Allocating from a pool */
void *palloc(struct pool_rec *, size_t);
void *pallocsz(struct pool_rec *, size_t);
void *pcalloc(struct pool_rec *, size_t);
void *pcallocsz(struct pool_rec *, size_t);

/* Arrays */
array_header *append_arrays(pool *, const array_header *, const array_header *);
void array_cat(array_header *, const array_header *);
int array_cat2(array_header *, const array_header *);
void clear_array(array_header *);
array_header *copy_array(pool *, const array_header *);
array_header *copy_array_hdr(pool *, const array_header *);
array_header *copy_array_str(pool *, const array_header *);
array_header *make_array(pool *, unsigned int, size_t);
void *push_array(array_header *);

/* Cleanups run when a pool is destroyed */
void register_cleanup(pool *, void *, void (*)(void *), void (*)(void *));
void register_cleanup2(pool *, void *, void (*)(void *));
void unregister_cleanup(pool *, void *, void (*)(void *));

/* Blocking timer signals around allocations */
void pr_alarms_block(void);
void pr_alarms_unblock(void);

#endif
