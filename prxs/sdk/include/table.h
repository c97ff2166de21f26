/* prxs SDK: ProFTPD 1.3.8 module ABI -- pr_table_t: pool-backed hash tables. */

#ifndef PR_TABLE_H
#define PR_TABLE_H

#include "os.h"
#include "pool.h"

/* Table flags */
#define PR_TABLE_FL_MULTI_VALUE 0x0001
#define PR_TABLE_FL_USE_CACHE 0x0002

/* pr_table_do() flags */
#define PR_TABLE_DO_FL_ALL 0x0010

/* pr_table_ctl() commands */
#define PR_TABLE_CTL_SET_ENT_INSERT 1
#define PR_TABLE_CTL_SET_ENT_REMOVE 2
#define PR_TABLE_CTL_SET_FLAGS 3
#define PR_TABLE_CTL_SET_KEY_CMP 4
#define PR_TABLE_CTL_SET_KEY_HASH 5
#define PR_TABLE_CTL_SET_NCHAINS 6
#define PR_TABLE_CTL_SET_MAX_ENTS 7

/* A table key: string or binary */
typedef struct tab_key {
  struct tab_key *next;
  const void *key_data;
  size_t key_datasz;
  unsigned int hash;
  unsigned nents;
} pr_table_key_t;

/* A table entry, chained per hash bucket */
typedef struct tab_entry {
  struct tab_entry *next, *prev;
  unsigned int idx;
  pr_table_key_t *key;
  const void *value_data;
  size_t value_datasz;
} pr_table_entry_t;

typedef struct table_rec pr_table_t;

/* Creating and tuning tables */
pr_table_t *pr_table_alloc(pool *, int);
int pr_table_count(pr_table_t *);
int pr_table_ctl(pr_table_t *, int, void *);
void pr_table_dump(void (*)(const char *, ...), pr_table_t *);
int pr_table_empty(pr_table_t *);
int pr_table_free(pr_table_t *);
float pr_table_load(pr_table_t *);
pr_table_t *pr_table_nalloc(pool *, int, unsigned int);
void *pr_table_pcalloc(pr_table_t *, size_t);

/* Entries by string key */
int pr_table_add(pr_table_t *, const char *, const void *, size_t);
int pr_table_add_dup(pr_table_t *, const char *, const void *, size_t);
int pr_table_do(pr_table_t *, int (*)(const void *, size_t, const void *, size_t, void *), void *, int);
int pr_table_exists(pr_table_t *, const char *);
const void *pr_table_get(pr_table_t *, const char *, size_t *);
const void *pr_table_next(pr_table_t *);
const void *pr_table_remove(pr_table_t *, const char *, size_t *);
int pr_table_rewind(pr_table_t *);
int pr_table_set(pr_table_t *, const char *, const void *, size_t);

/* Entries by binary key */
int pr_table_kadd(pr_table_t *, const void *, size_t, const void *, size_t);
int pr_table_kexists(pr_table_t *, const void *, size_t);
const void *pr_table_kget(pr_table_t *, const void *, size_t, size_t *);
const void *pr_table_knext(pr_table_t *, size_t *);
const void *pr_table_kremove(pr_table_t *, const void *, size_t, size_t *);
int pr_table_kset(pr_table_t *, const void *, size_t, const void *, size_t);

/* Signal handling */
int table_handling_signal(int);

#endif
