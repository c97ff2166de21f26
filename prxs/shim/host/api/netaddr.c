/*
 * prxs shim host: network addresses (netaddr.h).
 *
 * As ProFTPD 1.3.8 built with IPv6 support (Debian's): names are resolved
 * with the system resolver (getaddrinfo, getnameinfo), so /etc/hosts still
 * answers where there is no DNS, and a failed lookup gives the errno the
 * real server gives (ENOENT for an unknown name).  Resolved names are
 * remembered in a per-process cache, cleared by pr_netaddr_clear_*cache().
 */

#include "host.h"
#include "host_net.h"

#include <netdb.h>

static int netaddr_reverse_dns = TRUE;
static int netaddr_use_ipv6 = TRUE;

static char netaddr_localaddr[PR_TUNABLE_BUFFER_SIZE];
static int netaddr_have_localaddr = FALSE;

/* The caches: name (or IP string) -> pr_netaddr_t, IP string -> the DNS
 * names found for it.  Each table lives in its own pool, so clearing one
 * frees it.
 */
static pool *netaddr_ip_pool = NULL, *netaddr_dns_pool = NULL;
static pr_table_t *netaddr_iptab = NULL, *netaddr_dnstab = NULL;

static pr_table_t *netaddr_table(pool **p, pr_table_t **tab, const char *tag) {
  if (*tab == NULL) {
    *p = make_sub_pool(permanent_pool);
    pr_pool_tag(*p, tag);
    *tab = pr_table_alloc(*p, 0);
  }
  return *tab;
}

static const pr_netaddr_t *netaddr_ipcache_get(const char *name) {
  if (netaddr_iptab == NULL || name == NULL) {
    return NULL;
  }
  return pr_table_get(netaddr_iptab, name, NULL);
}

static void netaddr_ipcache_set(const char *name, const pr_netaddr_t *na) {
  pr_table_t *tab;
  pr_netaddr_t *copy;

  if (name == NULL || na == NULL) {
    return;
  }
  tab = netaddr_table(&netaddr_ip_pool, &netaddr_iptab, "netaddr IP cache");
  copy = pr_netaddr_dup(netaddr_ip_pool, na);
  if (copy == NULL) {
    return;
  }
  if (pr_table_add(tab, pstrdup(netaddr_ip_pool, name), copy,
      sizeof(pr_netaddr_t *)) < 0 && errno == EEXIST) {
    (void) pr_table_set(tab, pstrdup(netaddr_ip_pool, name), copy,
      sizeof(pr_netaddr_t *));
  }
}

static void netaddr_dnscache_add(const char *ip, const char *name) {
  pr_table_t *tab;
  array_header *names;
  unsigned int i;

  tab = netaddr_table(&netaddr_dns_pool, &netaddr_dnstab, "netaddr DNS cache");
  names = (array_header *) pr_table_get(tab, ip, NULL);
  if (names == NULL) {
    names = make_array(netaddr_dns_pool, 1, sizeof(char *));
    if (pr_table_add(tab, pstrdup(netaddr_dns_pool, ip), names,
        sizeof(array_header *)) < 0) {
      return;
    }
  }
  for (i = 0; i < names->nelts; i++) {
    if (strcmp(((char **) names->elts)[i], name) == 0) {
      return;
    }
  }
  *((char **) push_array(names)) = pstrdup(netaddr_dns_pool, name);
}

/* Only letters, digits, '.', '-' and ':' are kept from a name a resolver
 * returned; anything else becomes '_'.
 */
char *pr_netaddr_validate_dns_str(char *buf) {
  char *p;

  if (buf == NULL) {
    errno = EINVAL;
    return NULL;
  }
  for (p = buf; *p; p++) {
    if (!isalnum((unsigned char) *p) && *p != '.' && *p != '-' && *p != ':') {
      *p = '_';
    }
  }
  return buf;
}

int pr_netaddr_set_reverse_dns(int enable) {
  int prev = netaddr_reverse_dns;

  netaddr_reverse_dns = enable;
  return prev;
}

unsigned char pr_netaddr_use_ipv6(void) {
  return netaddr_use_ipv6 ? TRUE : FALSE;
}

void pr_netaddr_disable_ipv6(void) {
  netaddr_use_ipv6 = FALSE;
}

void pr_netaddr_enable_ipv6(void) {
  netaddr_use_ipv6 = TRUE;
}

pr_netaddr_t *pr_netaddr_alloc(pool *p) {
  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return pcalloc(p, sizeof(pr_netaddr_t));
}

void pr_netaddr_clear(pr_netaddr_t *na) {
  if (na != NULL) {
    memset(na, 0, sizeof(*na));
  }
}

int pr_netaddr_get_family(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return -1;
  }
  return na->na_family;
}

int pr_netaddr_set_family(pr_netaddr_t *na, int family) {
  if (na == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (family == AF_INET) {
    na->na_addr.v4.sin_family = AF_INET;
  } else if (family == AF_INET6 && netaddr_use_ipv6) {
    na->na_addr.v6.sin6_family = AF_INET6;
  } else {
    errno = EAFNOSUPPORT;
    return -1;
  }
  na->na_family = family;
  return 0;
}

/* Whether na's family is one this process handles now. */
static int netaddr_family_ok(const pr_netaddr_t *na) {
  return na->na_family == AF_INET ||
    (na->na_family == AF_INET6 && netaddr_use_ipv6);
}

struct sockaddr *pr_netaddr_get_sockaddr(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (!netaddr_family_ok(na)) {
    errno = EPERM;
    return NULL;
  }
  return na->na_family == AF_INET ? (struct sockaddr *) &na->na_addr.v4 :
    (struct sockaddr *) &na->na_addr.v6;
}

size_t pr_netaddr_get_sockaddr_len(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return (size_t) -1;
  }
  if (!netaddr_family_ok(na)) {
    errno = EPERM;
    return (size_t) -1;
  }
  return na->na_family == AF_INET ? sizeof(struct sockaddr_in) :
    sizeof(struct sockaddr_in6);
}

size_t pr_netaddr_get_inaddr_len(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return (size_t) -1;
  }
  if (na->na_family == AF_INET) {
    return sizeof(struct in_addr);
  }
  if (na->na_family == AF_INET6) {
    return sizeof(struct in6_addr);
  }
  errno = EPERM;
  return (size_t) -1;
}

int pr_netaddr_set_sockaddr(pr_netaddr_t *na, struct sockaddr *addr) {
  if (na == NULL || addr == NULL) {
    errno = EINVAL;
    return -1;
  }
  memset(&na->na_addr, 0, sizeof(na->na_addr));
  if (!netaddr_family_ok(na)) {
    errno = EPERM;
    return -1;
  }
  if (na->na_family == AF_INET) {
    memcpy(&na->na_addr.v4, addr, sizeof(struct sockaddr_in));
  } else {
    memcpy(&na->na_addr.v6, addr, sizeof(struct sockaddr_in6));
  }
  return 0;
}

int pr_netaddr_set_sockaddr_any(pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (!netaddr_family_ok(na)) {
    errno = EPERM;
    return -1;
  }
  if (na->na_family == AF_INET) {
    na->na_addr.v4.sin_family = AF_INET;
    na->na_addr.v4.sin_addr.s_addr = htonl(INADDR_ANY);
  } else {
    na->na_addr.v6.sin6_family = AF_INET6;
    na->na_addr.v6.sin6_addr = in6addr_any;
  }
  if (na->na_have_ipstr) {
    sstrncpy(na->na_ipstr, na->na_family == AF_INET ? "0.0.0.0" : "::",
      sizeof(na->na_ipstr));
  }
  return 0;
}

void *pr_netaddr_get_inaddr(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (!netaddr_family_ok(na)) {
    errno = EPERM;
    return NULL;
  }
  return na->na_family == AF_INET ? (void *) &na->na_addr.v4.sin_addr :
    (void *) &na->na_addr.v6.sin6_addr;
}

/* The port in network byte order, as stored in the sockaddr. */
unsigned int pr_netaddr_get_port(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return 0;
  }
  if (!netaddr_family_ok(na)) {
    errno = EPERM;
    return 0;
  }
  return na->na_family == AF_INET ? na->na_addr.v4.sin_port :
    na->na_addr.v6.sin6_port;
}

/* port is in network byte order (pr_netaddr_set_port2 takes host order). */
int pr_netaddr_set_port(pr_netaddr_t *na, unsigned int port) {
  if (na == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (!netaddr_family_ok(na)) {
    errno = EPERM;
    return -1;
  }
  if (na->na_family == AF_INET) {
    na->na_addr.v4.sin_port = (in_port_t) port;
  } else {
    na->na_addr.v6.sin6_port = (in_port_t) port;
  }
  return 0;
}

int pr_netaddr_set_port2(pr_netaddr_t *na, unsigned int port) {
  return pr_netaddr_set_port(na, htons((uint16_t) port));
}

pr_netaddr_t *pr_netaddr_dup(pool *p, const pr_netaddr_t *na) {
  pr_netaddr_t *dup;

  if (p == NULL || na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  dup = pr_netaddr_alloc(p);
  if (pr_netaddr_set_family(dup, na->na_family) < 0) {
    return NULL;
  }
  (void) pr_netaddr_set_sockaddr(dup, pr_netaddr_get_sockaddr(na));
  if (na->na_have_ipstr) {
    sstrncpy(dup->na_ipstr, na->na_ipstr, sizeof(dup->na_ipstr));
    dup->na_have_ipstr = TRUE;
  }
  if (na->na_have_dnsstr) {
    sstrncpy(dup->na_dnsstr, na->na_dnsstr, sizeof(dup->na_dnsstr));
    dup->na_have_dnsstr = TRUE;
  }
  return dup;
}

/* The address as text; computed once, then kept in the address. */
const char *pr_netaddr_get_ipstr(const pr_netaddr_t *na) {
  char buf[INET6_ADDRSTRLEN], *pct;
  pr_netaddr_t *w = (pr_netaddr_t *) na;
  struct sockaddr *sa;
  int res;

  if (na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (na->na_have_ipstr) {
    return na->na_ipstr;
  }
  sa = pr_netaddr_get_sockaddr(na);
  if (sa == NULL) {
    errno = EIO;
    return NULL;
  }
  memset(buf, 0, sizeof(buf));
  res = getnameinfo(sa, (socklen_t) pr_netaddr_get_sockaddr_len(na), buf,
    sizeof(buf), NULL, 0, NI_NUMERICHOST);
  if (res != 0) {
    int xerrno = res == EAI_SYSTEM ? errno : EIO;

    pr_log_pri(PR_LOG_WARNING, "getnameinfo error: %s", res == EAI_SYSTEM ?
      strerror(xerrno) : gai_strerror(res));
    errno = xerrno;
    return NULL;
  }
  if (na->na_family == AF_INET6 && (pct = strrchr(buf, '%')) != NULL) {
    *pct = '\0';
  }
  sstrncpy(w->na_ipstr, buf, sizeof(w->na_ipstr));
  w->na_have_ipstr = TRUE;
  return na->na_ipstr;
}

/* A literal IPv6 (when enabled) or IPv4 address. */
static pr_netaddr_t *netaddr_by_ip(pool *p, const char *name, unsigned int
    flags) {
  pr_netaddr_t *na;
  struct in6_addr a6;
  struct in_addr a4;

  if (netaddr_use_ipv6 && inet_pton(AF_INET6, name, &a6) > 0) {
    na = pr_netaddr_alloc(p);
    pr_netaddr_set_family(na, AF_INET6);
    na->na_addr.v6.sin6_addr = a6;
    if (!(flags & PR_NETADDR_GET_ADDR_FL_EXCL_CACHE)) {
      netaddr_ipcache_set(name, na);
      netaddr_ipcache_set(pr_netaddr_get_ipstr(na), na);
    }
    return na;
  }
  if (inet_pton(AF_INET, name, &a4) > 0) {
    na = pr_netaddr_alloc(p);
    pr_netaddr_set_family(na, AF_INET);
    na->na_addr.v4.sin_addr = a4;
    if (!(flags & PR_NETADDR_GET_ADDR_FL_EXCL_DNS)) {
      netaddr_ipcache_set(name, na);
      if (strcmp(name, pr_netaddr_get_ipstr(na)) != 0) {
        netaddr_ipcache_set(pr_netaddr_get_ipstr(na), na);
      }
    }
    return na;
  }
  return NULL;
}

static int netaddr_gai(const char *name, int family, struct addrinfo **info) {
  struct addrinfo hints;

  memset(&hints, 0, sizeof(hints));
  hints.ai_family = family;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  *info = NULL;
  return getaddrinfo(name, NULL, &hints, info);
}

static void netaddr_push_all(pool *p, array_header **addrs,
    struct addrinfo *ai) {
  if (*addrs == NULL) {
    *addrs = make_array(p, 0, sizeof(pr_netaddr_t *));
  }
  for (; ai != NULL; ai = ai->ai_next) {
    pr_netaddr_t *elt = pr_netaddr_alloc(p);

    if (pr_netaddr_set_family(elt, ai->ai_family) < 0) {
      continue;
    }
    pr_netaddr_set_sockaddr(elt, ai->ai_addr);
    *((pr_netaddr_t **) push_array(*addrs)) = elt;
  }
}

/* A name, through the resolver: IPv4 first, then IPv6 (as proftpd: two
 * lookups rather than AF_UNSPEC).  The first address is returned; with
 * addrs, the others (and every IPv6 address) are added to *addrs.
 */
static pr_netaddr_t *netaddr_by_name(pool *p, const char *name,
    array_header **addrs, unsigned int flags) {
  struct addrinfo *info = NULL;
  pr_netaddr_t *na = NULL;
  int res;

  res = netaddr_gai(name, AF_INET, &info);
  if (res != 0) {
    int xerrno = errno;

    if (res == EAI_SYSTEM) {
      errno = xerrno;
      return NULL;
    }
    if (!netaddr_use_ipv6) {
      /* glibc's EAI_ADDRFAMILY ("Address family for hostname not
       * supported") is EAFNOSUPPORT too, as proftpd maps it. */
      errno = res == EAI_NONAME ? ENOENT : (res == EAI_FAMILY ||
        res == EAI_ADDRFAMILY) ? EAFNOSUPPORT : xerrno;
      return NULL;
    }
    res = netaddr_gai(name, AF_INET6, &info);
    if (res != 0) {
      if (res != EAI_SYSTEM) {
        errno = res == EAI_NONAME ? ENOENT : res == EAI_FAMILY ?
          EAFNOSUPPORT : xerrno;
      }
      return NULL;
    }
  }

  if (info != NULL) {
    na = pr_netaddr_alloc(p);
    pr_netaddr_set_family(na, info->ai_family);
    pr_netaddr_set_sockaddr(na, info->ai_addr);
    if (!(flags & PR_NETADDR_GET_ADDR_FL_EXCL_DNS)) {
      netaddr_ipcache_set(name, na);
      netaddr_ipcache_set(pr_netaddr_get_ipstr(na), na);
    }
    if (addrs != NULL) {
      netaddr_push_all(p, addrs, info->ai_next);
    }
    freeaddrinfo(info);
  }

  if (netaddr_use_ipv6 && addrs != NULL && na != NULL &&
      na->na_family == AF_INET &&
      netaddr_gai(name, AF_INET6, &info) == 0 && info != NULL) {
    netaddr_push_all(p, addrs, info);
    freeaddrinfo(info);
  }
  return na;
}

#include <ifaddrs.h>

/* A network interface's name (PR_NETADDR_GET_ADDR_FL_INCL_DEVICE). */
static pr_netaddr_t *netaddr_by_device(pool *p, const char *name,
    array_header **addrs) {
  struct ifaddrs *ifs = NULL, *ifa;
  pr_netaddr_t *na = NULL;

  if (getifaddrs(&ifs) < 0) {
    return NULL;
  }
  for (ifa = ifs; ifa != NULL; ifa = ifa->ifa_next) {
    pr_netaddr_t *one;

    if (ifa->ifa_addr == NULL || strcmp(ifa->ifa_name, name) != 0 ||
        (ifa->ifa_addr->sa_family != AF_INET &&
         ifa->ifa_addr->sa_family != AF_INET6)) {
      continue;
    }
    one = pr_netaddr_alloc(p);
    if (pr_netaddr_set_family(one, ifa->ifa_addr->sa_family) < 0) {
      continue;
    }
    pr_netaddr_set_sockaddr(one, ifa->ifa_addr);
    if (na == NULL) {
      na = one;
    } else if (addrs != NULL) {
      if (*addrs == NULL) {
        *addrs = make_array(p, 0, sizeof(pr_netaddr_t *));
      }
      *((pr_netaddr_t **) push_array(*addrs)) = one;
    }
  }
  freeifaddrs(ifs);
  if (na == NULL) {
    errno = ENOENT;
  }
  return na;
}

const pr_netaddr_t *pr_netaddr_get_addr2(pool *p, const char *name,
    array_header **addrs, unsigned int flags) {
  pr_netaddr_t *na;
  int xerrno = ENOENT;

  if (p == NULL || name == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (addrs == NULL) {
    const pr_netaddr_t *cached = netaddr_ipcache_get(name);

    if (cached != NULL) {
      return pr_netaddr_dup(p, cached);
    }
  }
  na = netaddr_by_ip(p, name, flags);
  if (na != NULL) {
    if (addrs != NULL) {
      *addrs = NULL;
    }
    return na;
  }
  if (!(flags & PR_NETADDR_GET_ADDR_FL_EXCL_DNS)) {
    errno = ENOENT;
    na = netaddr_by_name(p, name, addrs, flags);
    xerrno = errno;
    if (na != NULL) {
      return na;
    }
  }
  if (flags & PR_NETADDR_GET_ADDR_FL_INCL_DEVICE) {
    na = netaddr_by_device(p, name, addrs);
    xerrno = errno;
    if (na != NULL) {
      return na;
    }
  }
  errno = xerrno;
  return NULL;
}

const pr_netaddr_t *pr_netaddr_get_addr(pool *p, const char *name,
    array_header **addrs) {
  return pr_netaddr_get_addr2(p, name, addrs, 0);
}

/* An IPv4-mapped IPv6 address: TRUE; any other IPv6 address: FALSE (errno
 * EINVAL); an IPv4 address is not a valid argument (-1, EINVAL).
 */
int pr_netaddr_is_v4mappedv6(const pr_netaddr_t *na) {
  int res;

  if (na == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (na->na_family == AF_INET) {
    errno = EINVAL;
    return -1;
  }
  if (na->na_family != AF_INET6) {
    errno = EPERM;
    return -1;
  }
  if (!netaddr_use_ipv6) {
    errno = EINVAL;
    return -1;
  }
  res = IN6_IS_ADDR_V4MAPPED(&na->na_addr.v6.sin6_addr) ? TRUE : FALSE;
  if (res != TRUE) {
    errno = EINVAL;
  }
  return res;
}

pr_netaddr_t *pr_netaddr_v6tov4(pool *p, const pr_netaddr_t *na) {
  pr_netaddr_t *v4;

  if (p == NULL || na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (pr_netaddr_is_v4mappedv6(na) != TRUE) {
    errno = EPERM;
    return NULL;
  }
  v4 = pr_netaddr_alloc(p);
  pr_netaddr_set_family(v4, AF_INET);
  pr_netaddr_set_port(v4, pr_netaddr_get_port(na));
  memcpy(&v4->na_addr.v4.sin_addr, &na->na_addr.v6.sin6_addr.s6_addr[12],
    sizeof(struct in_addr));
  return v4;
}

pr_netaddr_t *pr_netaddr_v4tov6(pool *p, const pr_netaddr_t *na) {
  pr_netaddr_t *v6;

  if (p == NULL || na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (na->na_family != AF_INET) {
    errno = EPERM;
    return NULL;
  }
  v6 = (pr_netaddr_t *) pr_netaddr_get_addr(p, pstrcat(p, "::ffff:",
    pr_netaddr_get_ipstr(na), NULL), NULL);
  if (v6 != NULL) {
    pr_netaddr_set_port(v6, pr_netaddr_get_port(na));
  }
  return v6;
}

/* The two addresses as comparable ones: an IPv4-mapped IPv6 address facing
 * an IPv4 one is turned into IPv4 (in tmp).  -1 with errno EINVAL when the
 * families cannot be compared.
 */
static int netaddr_pair(const pr_netaddr_t **a, const pr_netaddr_t **b,
    pr_netaddr_t *tmp) {
  const pr_netaddr_t *m;

  if ((*a)->na_family == (*b)->na_family) {
    return 0;
  }
  if (pr_netaddr_is_v4mappedv6(*a) == TRUE) {
    m = *a;
  } else if (pr_netaddr_is_v4mappedv6(*b) == TRUE) {
    m = *b;
  } else {
    errno = EINVAL;
    return -1;
  }
  memset(tmp, 0, sizeof(*tmp));
  pr_netaddr_set_family(tmp, AF_INET);
  memcpy(&tmp->na_addr.v4.sin_addr, &m->na_addr.v6.sin6_addr.s6_addr[12],
    sizeof(struct in_addr));
  if (m == *a) {
    *a = tmp;
  } else {
    *b = tmp;
  }
  return 0;
}

int pr_netaddr_cmp(const pr_netaddr_t *na1, const pr_netaddr_t *na2) {
  pr_netaddr_t tmp;

  if (na1 == NULL || na2 == NULL) {
    return na1 == na2 ? 0 : na1 != NULL ? 1 : -1;
  }
  if (netaddr_pair(&na1, &na2, &tmp) < 0) {
    return -1;
  }
  if (na1->na_family == AF_INET) {
    return memcmp(&na1->na_addr.v4.sin_addr, &na2->na_addr.v4.sin_addr,
      sizeof(struct in_addr));
  }
  if (na1->na_family == AF_INET6 && netaddr_use_ipv6) {
    return memcmp(&na1->na_addr.v6.sin6_addr, &na2->na_addr.v6.sin6_addr,
      sizeof(struct in6_addr));
  }
  errno = EPERM;
  return -1;
}

/* The first bitlen bits of both addresses compared: 0 when they are equal
 * (the same network).
 */
int pr_netaddr_ncmp(const pr_netaddr_t *na1, const pr_netaddr_t *na2,
    unsigned int bitlen) {
  const unsigned char *a, *b;
  unsigned int nbytes, nbits;
  pr_netaddr_t tmp;

  if (na1 == NULL || na2 == NULL) {
    return na1 == na2 ? 0 : na1 != NULL ? 1 : -1;
  }
  if (netaddr_pair(&na1, &na2, &tmp) < 0) {
    return -1;
  }
  if (na1->na_family == AF_INET) {
    if (bitlen > 32) {
      errno = EINVAL;
      return -1;
    }
  } else if (na1->na_family == AF_INET6 && netaddr_use_ipv6) {
    if (bitlen > 128) {
      errno = EINVAL;
      return -1;
    }
  } else {
    errno = EPERM;
    return -1;
  }
  a = pr_netaddr_get_inaddr(na1);
  b = pr_netaddr_get_inaddr(na2);
  nbytes = bitlen / 8;
  nbits = bitlen % 8;
  if (memcmp(a, b, nbytes) != 0) {
    return -1;
  }
  if (nbits > 0) {
    unsigned char mask = (unsigned char) (0xff << (8 - nbits));

    if ((a[nbytes] & mask) != (b[nbytes] & mask)) {
      return (a[nbytes] & mask) > (b[nbytes] & mask) ? 1 : -1;
    }
  }
  return 0;
}

/* The IPv4 address as stored (network order); 0 with ENOENT for IPv6. */
uint32_t pr_netaddr_get_addrno(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return 0;
  }
  if (na->na_family == AF_INET) {
    return (uint32_t) na->na_addr.v4.sin_addr.s_addr;
  }
  errno = na->na_family == AF_INET6 ? ENOENT : EPERM;
  return 0;
}

/* Whether name (the reverse lookup's answer) resolves back to na. */
static int netaddr_forward_confirms(const pr_netaddr_t *na, const char *name,
    pool *p) {
  struct addrinfo *info = NULL, *ai;
  const pr_netaddr_t *cmp_to = na;
  int family = na->na_family, ok = FALSE;

  if (family == AF_INET6 && pr_netaddr_is_v4mappedv6(na) == TRUE) {
    cmp_to = pr_netaddr_v6tov4(p, na);
    family = AF_INET;
  }
  if (netaddr_gai(name, family, &info) != 0) {
    return FALSE;
  }
  for (ai = info; ai != NULL; ai = ai->ai_next) {
    pr_netaddr_t cand;

    memset(&cand, 0, sizeof(cand));
    if (pr_netaddr_set_family(&cand, ai->ai_family) < 0) {
      continue;
    }
    pr_netaddr_set_sockaddr(&cand, ai->ai_addr);
    if (pr_netaddr_cmp(&cand, cmp_to) == 0) {
      ok = TRUE;
    }
    netaddr_dnscache_add(pr_netaddr_get_ipstr(na), name);
  }
  freeaddrinfo(info);
  return ok;
}

/* The address's name when UseReverseDNS is on and the reverse lookup is
 * confirmed by a forward one, else its IP string (the real server's answer
 * when resolution fails, as it does here without DNS for most addresses).
 */
const char *pr_netaddr_get_dnsstr(const pr_netaddr_t *na) {
  pr_netaddr_t *w = (pr_netaddr_t *) na;
  const pr_netaddr_t *cached;
  char buf[1024];
  const char *name = NULL;

  if (na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  cached = netaddr_ipcache_get(pr_netaddr_get_ipstr(na));
  if (cached != NULL && cached->na_have_dnsstr) {
    sstrncpy(w->na_dnsstr, cached->na_dnsstr, sizeof(w->na_dnsstr));
    w->na_have_dnsstr = TRUE;
    return na->na_dnsstr;
  }
  if (na->na_have_dnsstr) {
    return na->na_dnsstr;
  }
  if (netaddr_reverse_dns) {
    struct sockaddr *sa = pr_netaddr_get_sockaddr(na);

    memset(buf, 0, sizeof(buf));
    if (sa != NULL && getnameinfo(sa,
        (socklen_t) pr_netaddr_get_sockaddr_len(na), buf, sizeof(buf), NULL,
        0, NI_NAMEREQD) == 0) {
      pool *tmp = make_sub_pool(permanent_pool);

      if (netaddr_forward_confirms(na, buf, tmp)) {
        name = pr_netaddr_validate_dns_str(buf);
      }
      destroy_pool(tmp);
    }
  } else {
    pr_log_debug(DEBUG10, "UseReverseDNS off, returning IP address instead "
      "of DNS name");
  }
  if (name == NULL) {
    name = pr_netaddr_get_ipstr(na);
    if (name == NULL) {
      return NULL;
    }
  }
  sstrncpy(w->na_dnsstr, name, sizeof(w->na_dnsstr));
  w->na_have_dnsstr = TRUE;
  netaddr_ipcache_set(na->na_dnsstr, na);
  netaddr_ipcache_set(pr_netaddr_get_ipstr(na), na);
  return na->na_dnsstr;
}

/* The names found for the address by earlier lookups; none (an empty list)
 * with UseReverseDNS off.
 */
array_header *pr_netaddr_get_dnsstr_list(pool *p, const pr_netaddr_t *na) {
  array_header *names;

  if (p == NULL || na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (!netaddr_reverse_dns || netaddr_dnstab == NULL) {
    return make_array(p, 0, sizeof(char *));
  }
  names = (array_header *) pr_table_get(netaddr_dnstab,
    pr_netaddr_get_ipstr(na), NULL);
  if (names == NULL) {
    return make_array(p, 0, sizeof(char *));
  }
  {
    array_header *copy = make_array(p, names->nelts, sizeof(char *));
    unsigned int i;

    for (i = 0; i < names->nelts; i++) {
      *((char **) push_array(copy)) = pstrdup(p, ((char **) names->elts)[i]);
    }
    return copy;
  }
}

/* The host's name (gethostname(2), made fully qualified through the
 * resolver when it can be), or what pr_netaddr_set_localaddr_str() set.
 */
const char *pr_netaddr_get_localaddr_str(pool *p) {
  char buf[256];

  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (netaddr_have_localaddr) {
    return pr_netaddr_validate_dns_str(pstrdup(p, netaddr_localaddr));
  }
  memset(buf, 0, sizeof(buf));
  if (gethostname(buf, sizeof(buf) - 1) < 0) {
    return NULL;
  }
  {
    struct hostent *h = gethostbyname2(buf, AF_INET);

    if (h == NULL && h_errno == HOST_NOT_FOUND) {
      h = gethostbyname2(buf, AF_INET6);
    }
    if (h != NULL) {
      return pr_netaddr_validate_dns_str(pstrdup(p, h->h_name));
    }
  }
  return pr_netaddr_validate_dns_str(pstrdup(p, buf));
}

int pr_netaddr_set_localaddr_str(const char *addr_str) {
  if (addr_str == NULL) {
    errno = EINVAL;
    return -1;
  }
  sstrncpy(netaddr_localaddr, addr_str, sizeof(netaddr_localaddr));
  netaddr_have_localaddr = TRUE;
  return 0;
}

int pr_netaddr_is_v4(const char *name) {
  struct in_addr a;

  if (name == NULL) {
    errno = EINVAL;
    return -1;
  }
  return inet_pton(AF_INET, name, &a) > 0 ? TRUE : FALSE;
}

int pr_netaddr_is_v6(const char *name) {
  struct in6_addr a;

  if (name == NULL) {
    errno = EINVAL;
    return -1;
  }
  return netaddr_use_ipv6 && inet_pton(AF_INET6, name, &a) > 0 ? TRUE : FALSE;
}

int pr_netaddr_is_loopback(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (na->na_family == AF_INET) {
    return (ntohl(na->na_addr.v4.sin_addr.s_addr) & 0xff000000) == 0x7f000000;
  }
  if (na->na_family == AF_INET6) {
    if (pr_netaddr_is_v4mappedv6(na) == TRUE) {
      return na->na_addr.v6.sin6_addr.s6_addr[12] == 127;
    }
    return IN6_IS_ADDR_LOOPBACK(&na->na_addr.v6.sin6_addr) ? TRUE : FALSE;
  }
  errno = EPERM;
  return -1;
}

const pr_netaddr_t *pr_netaddr_get_sess_local_addr(void) {
  return session.c ? session.c->local_addr : NULL;
}

const pr_netaddr_t *pr_netaddr_get_sess_remote_addr(void) {
  return session.c ? session.c->remote_addr : NULL;
}

const char *pr_netaddr_get_sess_remote_name(void) {
  return session.c ? session.c->remote_name : NULL;
}

void pr_netaddr_clear_cache(void) {
  if (netaddr_ip_pool != NULL) {
    destroy_pool(netaddr_ip_pool);
    netaddr_ip_pool = NULL;
    netaddr_iptab = NULL;
  }
  if (netaddr_dns_pool != NULL) {
    destroy_pool(netaddr_dns_pool);
    netaddr_dns_pool = NULL;
    netaddr_dnstab = NULL;
  }
}

void pr_netaddr_clear_dnscache(const char *ip_str) {
  if (netaddr_dnstab != NULL && ip_str != NULL) {
    (void) pr_table_remove(netaddr_dnstab, ip_str, NULL);
  }
}

void pr_netaddr_clear_ipcache(const char *name) {
  if (netaddr_iptab != NULL && name != NULL) {
    (void) pr_table_remove(netaddr_iptab, name, NULL);
  }
}

/* Fills an address from its text form, as ProFTPD's own pr_netaddr_t holds
 * it (family, sockaddr, IP string), so that a module reading the fields
 * directly sees what it would in the real server.  Not exported.
 */
void host_netaddr_set(pr_netaddr_t *na, const char *ip, int port) {
  memset(na, 0, sizeof(*na));
  if (strchr(ip, ':') != NULL) {
    na->na_family = AF_INET6;
    na->na_addr.v6.sin6_family = AF_INET6;
    na->na_addr.v6.sin6_port = htons((unsigned short) port);
    (void) inet_pton(AF_INET6, ip, &na->na_addr.v6.sin6_addr);
  } else {
    na->na_family = AF_INET;
    na->na_addr.v4.sin_family = AF_INET;
    na->na_addr.v4.sin_port = htons((unsigned short) port);
    (void) inet_pton(AF_INET, ip, &na->na_addr.v4.sin_addr);
  }
  sstrncpy(na->na_ipstr, ip, sizeof(na->na_ipstr));
  na->na_have_ipstr = TRUE;
}
