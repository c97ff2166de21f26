/* prxs SDK: ProFTPD 1.3.8 module ABI -- address ACLs (Allow/Deny style). */

#ifndef PR_NETACL_H
#define PR_NETACL_H

/* pr_netacl_get_str2() flags */
#define PR_NETACL_FL_STR_NO_DESC 0x0001

typedef struct pr_netacl_t pr_netacl_t;

/* Kinds of network ACL entries */
typedef enum {
  PR_NETACL_TYPE_ALL,
  PR_NETACL_TYPE_NONE,
  PR_NETACL_TYPE_IPMASK,
  PR_NETACL_TYPE_IPMATCH,
  PR_NETACL_TYPE_DNSMATCH,
  PR_NETACL_TYPE_IPGLOB,
  PR_NETACL_TYPE_DNSGLOB,
} pr_netacl_type_t;

/* Network ACLs */
pr_netacl_t *pr_netacl_create(pool *, char *);
pr_netacl_t *pr_netacl_dup(pool *, const pr_netacl_t *);
int pr_netacl_get_negated(const pr_netacl_t *);
const char *pr_netacl_get_str(pool *, const pr_netacl_t *);
const char *pr_netacl_get_str2(pool *, const pr_netacl_t *, int);
pr_netacl_type_t pr_netacl_get_type(const pr_netacl_t *);
int pr_netacl_match(const pr_netacl_t *, const pr_netaddr_t *);

#endif
