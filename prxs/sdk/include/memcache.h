/* prxs SDK: ProFTPD 1.3.8 module ABI -- memcached client. */

#ifndef PR_MEMCACHE_H
#define PR_MEMCACHE_H

#include "conf.h"

/* Connection flags */
#define PR_MEMCACHE_FL_NO_BINARY_PROTOCOL 0x001
#define PR_MEMCACHE_FL_NO_RANDOM_REPLICA_READ 0x002

typedef struct mcache_rec pr_memcache_t;

/* Connections */
int pr_memcache_conn_clone(pool *, pr_memcache_t *);
int pr_memcache_conn_close(pr_memcache_t *);
pr_memcache_t *pr_memcache_conn_get(void);
pr_memcache_t *pr_memcache_conn_new(pool *, module *, unsigned long, uint64_t);
int pr_memcache_conn_set_namespace(pr_memcache_t *, module *, const char *);

/* Values under a key string */
int pr_memcache_add(pr_memcache_t *, module *, const char *, void *, size_t, time_t, uint32_t);
int pr_memcache_decr(pr_memcache_t *, module *, const char *, uint32_t, uint64_t *);
void *pr_memcache_get(pr_memcache_t *, module *, const char *, size_t *, uint32_t *);
char *pr_memcache_get_str(pr_memcache_t *, module *, const char *, uint32_t *);
int pr_memcache_incr(pr_memcache_t *, module *, const char *, uint32_t, uint64_t *);
int pr_memcache_remove(pr_memcache_t *, module *, const char *, time_t);
int pr_memcache_set(pr_memcache_t *, module *, const char *, void *, size_t, time_t, uint32_t);

/* Values under a binary key */
int pr_memcache_kadd(pr_memcache_t *, module *, const char *, size_t, void *, size_t, time_t, uint32_t);
int pr_memcache_kdecr(pr_memcache_t *, module *, const char *, size_t, uint32_t, uint64_t *);
void *pr_memcache_kget(pr_memcache_t *, module *, const char *, size_t, size_t *, uint32_t *);
char *pr_memcache_kget_str(pr_memcache_t *, module *, const char *, size_t, uint32_t *);
int pr_memcache_kincr(pr_memcache_t *, module *, const char *, size_t, uint32_t, uint64_t *);
int pr_memcache_kremove(pr_memcache_t *, module *, const char *, size_t, time_t);
int pr_memcache_kset(pr_memcache_t *, module *, const char *, size_t, void *, size_t, time_t, uint32_t);

/* Servers, timeouts and session settings */
int memcache_clear(void);
unsigned long memcache_get_sess_flags(void);
int memcache_init(void);
int memcache_set_servers(void *);
int memcache_set_sess_connect_failures(uint64_t);
int memcache_set_sess_flags(unsigned long);
int memcache_set_sess_replicas(uint64_t);
int memcache_set_timeouts(unsigned long, unsigned long, unsigned long, unsigned long);

#endif
