/* prxs SDK: ProFTPD 1.3.8 module ABI -- network addresses: pr_netaddr_t and DNS/IP helpers. */

#ifndef PR_NETADDR_H
#define PR_NETADDR_H

#include "os.h"
#include "pool.h"

/* Resolver functions used as-is */
#define pr_getaddrinfo getaddrinfo
#define pr_freeaddrinfo freeaddrinfo
#define pr_getnameinfo getnameinfo
#define pr_inet_ntop inet_ntop
#define pr_inet_pton inet_pton

/* pr_netaddr_get_addr2() flags */
#define PR_NETADDR_GET_ADDR_FL_INCL_DEVICE 0x001
#define PR_NETADDR_GET_ADDR_FL_EXCL_DNS 0x002
#define PR_NETADDR_GET_ADDR_FL_EXCL_CACHE 0x004

/* pr_netaddr_fnmatch() flags */
#define PR_NETADDR_MATCH_DNS 0x001
#define PR_NETADDR_MATCH_IP 0x002

/* A network address (IPv4 or IPv6) */
struct netaddr_struc {
  int na_family;
  char na_dnsstr[256];
  int na_have_dnsstr;
  char na_ipstr[INET6_ADDRSTRLEN];
  int na_have_ipstr;
  union {
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
  } na_addr;
};

typedef struct netaddr_struc pr_netaddr_t;

/* Allocating and comparing addresses */
pr_netaddr_t *pr_netaddr_alloc(pool *);
void pr_netaddr_clear(pr_netaddr_t *);
int pr_netaddr_cmp(const pr_netaddr_t *, const pr_netaddr_t *);
pr_netaddr_t *pr_netaddr_dup(pool *, const pr_netaddr_t *);
int pr_netaddr_fnmatch(const pr_netaddr_t *, const char *, int);
int pr_netaddr_ncmp(const pr_netaddr_t *, const pr_netaddr_t *, unsigned int);

/* Resolving names */
const pr_netaddr_t *pr_netaddr_get_addr(pool *, const char *, array_header **);
const pr_netaddr_t *pr_netaddr_get_addr2(pool *, const char *, array_header **, unsigned int);
const char *pr_netaddr_get_dnsstr(const pr_netaddr_t *);
array_header *pr_netaddr_get_dnsstr_list(pool *, const pr_netaddr_t *);
int pr_netaddr_set_reverse_dns(int);
char *pr_netaddr_validate_dns_str(char *);

/* Fields: family, sockaddr, port */
int pr_netaddr_get_family(const pr_netaddr_t *);
void *pr_netaddr_get_inaddr(const pr_netaddr_t *);
size_t pr_netaddr_get_inaddr_len(const pr_netaddr_t *);
unsigned int pr_netaddr_get_port(const pr_netaddr_t *);
struct sockaddr *pr_netaddr_get_sockaddr(const pr_netaddr_t *);
size_t pr_netaddr_get_sockaddr_len(const pr_netaddr_t *);
int pr_netaddr_set_family(pr_netaddr_t *, int);
int pr_netaddr_set_port(pr_netaddr_t *, unsigned int);
int pr_netaddr_set_port2(pr_netaddr_t *, unsigned int);
int pr_netaddr_set_sockaddr(pr_netaddr_t *, struct sockaddr *);
int pr_netaddr_set_sockaddr_any(pr_netaddr_t *);

/* Text forms */
uint32_t pr_netaddr_get_addrno(const pr_netaddr_t *);
const char *pr_netaddr_get_ipstr(const pr_netaddr_t *);
const char *pr_netaddr_get_localaddr_str(pool *);
int pr_netaddr_set_localaddr_str(const char *);

/* Address classes and IPv4/IPv6 mapping */
int pr_netaddr_is_loopback(const pr_netaddr_t *);
int pr_netaddr_is_rfc1918(const pr_netaddr_t *);
int pr_netaddr_is_v4(const char *);
int pr_netaddr_is_v4mappedv6(const pr_netaddr_t *);
int pr_netaddr_is_v6(const char *);
pr_netaddr_t *pr_netaddr_v4tov6(pool *, const pr_netaddr_t *);
pr_netaddr_t *pr_netaddr_v6tov4(pool *, const pr_netaddr_t *);

/* IPv6 support */
void pr_netaddr_disable_ipv6(void);
void pr_netaddr_enable_ipv6(void);
unsigned char pr_netaddr_use_ipv6(void);

/* The session's addresses */
const pr_netaddr_t *pr_netaddr_get_sess_local_addr(void);
const pr_netaddr_t *pr_netaddr_get_sess_remote_addr(void);
const char *pr_netaddr_get_sess_remote_name(void);
void pr_netaddr_set_sess_addrs(void);

/* Caches and start-up */
void init_netaddr(void);
void pr_netaddr_clear_cache(void);
void pr_netaddr_clear_dnscache(const char *);
void pr_netaddr_clear_ipcache(const char *);

#endif
