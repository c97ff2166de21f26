/* prxs SDK: network addresses (subset of netaddr.h). */

#ifndef PR_NETADDR_H
#define PR_NETADDR_H

typedef struct netaddr_struc pr_netaddr_t;

const char *pr_netaddr_get_ipstr(const pr_netaddr_t *);
const pr_netaddr_t *pr_netaddr_get_sess_local_addr(void);
const pr_netaddr_t *pr_netaddr_get_sess_remote_addr(void);
const char *pr_netaddr_get_sess_remote_name(void);

#endif /* PR_NETADDR_H */
