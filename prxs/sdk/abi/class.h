/* prxs SDK: ProFTPD 1.3.8 module ABI -- connection classes (<Class> sections). */

#ifndef PR_CLASS_H
#define PR_CLASS_H
#include "table.h"
#include "netaddr.h"
#include "netacl.h"

typedef struct class_struc {
  pool *cls_pool;
  char *cls_name;
  unsigned int cls_satisfy;
  array_header *cls_acls;
  pr_table_t *cls_notes;
  struct class_struc *cls_next;
} pr_class_t;

#define PR_CLASS_SATISFY_ANY 0
#define PR_CLASS_SATISFY_ALL 1

const pr_class_t *pr_class_find(const char *name);
const pr_class_t *pr_class_get(const pr_class_t *prev);
int pr_class_satisfied(pool *p, const pr_class_t *cls, const pr_netaddr_t *addr);
const pr_class_t *pr_class_match_addr(const pr_netaddr_t *addr);
int pr_class_open(pool *p, const char *name);
int pr_class_close(void);
int pr_class_add_acl(const pr_netacl_t *acl);
int pr_class_set_satisfy(int flags);
int pr_class_add_note(const char *key, void *val, size_t valsz);
void init_class(void);

#endif
