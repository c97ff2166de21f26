/* prxs SDK: ProFTPD 1.3.8 module ABI -- memory pools and array_header. */

#ifndef PR_POOL_H
#define PR_POOL_H

typedef struct pool_rec pool;
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
extern pool *permanent_pool;
void init_pools(void);
void free_pools(void);
pool *make_sub_pool(pool *);
pool *pr_pool_create_sz(pool *parent_pool, size_t sz);
void destroy_pool(struct pool_rec *);
void *palloc(struct pool_rec *, size_t);
void *pallocsz(struct pool_rec *, size_t);
void *pcalloc(struct pool_rec *, size_t);
void *pcallocsz(struct pool_rec *, size_t);
void pr_pool_tag(struct pool_rec *, const char *);
const char *pr_pool_get_tag(struct pool_rec *);
void pr_pool_debug_memory(void (*)(const char *, ...));
void pr_pool_debug_memory2(void (*cb)(const pr_pool_info_t *, void *), void *user_data);
int pr_pool_debug_set_flags(int);

#define PR_POOL_DEBUG_FL_OOM_DUMP_POOLS 0x001

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
int array_cat2(array_header *dst, const array_header *src);
array_header *append_arrays(pool *, const array_header *, const array_header *);
array_header *copy_array(pool *, const array_header *);
array_header *copy_array_str(pool *, const array_header *);
array_header *copy_array_hdr(pool *, const array_header *);
extern void pr_alarms_block(void);
extern void pr_alarms_unblock(void);
void register_cleanup(pool *, void *, void (*)(void *), void (*)(void *));
void register_cleanup2(pool *, void *, void (*)(void *));
void unregister_cleanup(pool *, void *, void (*)(void *));

#define BLOCK_MINFREE PR_TUNABLE_NEW_POOL_SIZE
#endif
