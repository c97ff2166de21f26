/* prxs SDK: key/value tables (subset of table.h). */

#ifndef PR_TABLE_H
#define PR_TABLE_H

typedef struct table_rec pr_table_t;

pr_table_t *pr_table_alloc(pool *p, int flags);
int pr_table_add(pr_table_t *tab, const char *key_data, const void *value_data,
  size_t value_datasz);
int pr_table_add_dup(pr_table_t *tab, const char *key_data,
  const void *value_data, size_t value_datasz);
int pr_table_count(pr_table_t *tab);
const void *pr_table_get(pr_table_t *tab, const char *key_data,
  size_t *value_datasz);
const void *pr_table_remove(pr_table_t *tab, const char *key_data,
  size_t *value_datasz);
int pr_table_set(pr_table_t *tab, const char *key_data,
  const void *value_data, size_t value_datasz);

#endif /* PR_TABLE_H */
