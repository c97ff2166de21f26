/* prxs SDK: ProFTPD 1.3.8 module ABI -- connection classes (<Class> sections). */

#ifndef PR_CLASS_H
#define PR_CLASS_H

#include "table.h"
#include "netaddr.h"
#include "netacl.h"

/* How many ACL entries of a class must match */
#define PR_CLASS_SATISFY_ANY 0
#define PR_CLASS_SATISFY_ALL 1

/* A <Class>: a named set of network ACLs */
typedef struct class_struc {
  pool *cls_pool;
  char *cls_name;
  unsigned int cls_satisfy;
  array_header *cls_acls;
  pr_table_t *cls_notes;
  struct class_struc *cls_next;
} pr_class_t;

/* Defining a class while parsing */
int pr_class_add_acl(const pr_netacl_t *);
int pr_class_add_note(const char *, void *, size_t);
int pr_class_close(void);
int pr_class_open(pool *, const char *);
int pr_class_set_satisfy(int);

/* Looking classes up */
const pr_class_t *pr_class_find(const char *);
const pr_class_t *pr_class_get(const pr_class_t *);
const pr_class_t *pr_class_match_addr(const pr_netaddr_t *);
int pr_class_satisfied(pool *, const pr_class_t *, const pr_netaddr_t *);

/* Start-up */
void init_class(void);

#endif
