/*
 * prxs shim host: network addresses (netaddr.h).
 */

#include "host.h"

const char *pr_netaddr_get_ipstr(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return na->na_ipstr;
}

/* The name looked up for the address, else (names are not looked up in the
 * shim) its IP string, as proftpd's when UseReverseDNS is off.
 */
const char *pr_netaddr_get_dnsstr(const pr_netaddr_t *na) {
  if (na == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return na->na_have_dnsstr ? na->na_dnsstr : pr_netaddr_get_ipstr(na);
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
