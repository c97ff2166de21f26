/* prxs SDK: ProFTPD 1.3.8 module ABI -- memcached client. */

#ifndef PR_MEMCACHE_H
#define PR_MEMCACHE_H
#include "conf.h"

typedef struct mcache_rec pr_memcache_t;
pr_memcache_t *pr_memcache_conn_get(void);
pr_memcache_t *pr_memcache_conn_new(pool *p, module *owner, unsigned long flags, uint64_t nreplicas);
int pr_memcache_conn_close(pr_memcache_t *mcache);
int pr_memcache_conn_clone(pool *p, pr_memcache_t *mcache);
int pr_memcache_conn_set_namespace(pr_memcache_t *mcache, module *m, const char *prefix);
int pr_memcache_add(pr_memcache_t *mcache, module *m, const char *key, void *value, size_t valuesz, time_t expires, uint32_t flags);
int pr_memcache_decr(pr_memcache_t *mcache, module *m, const char *key, uint32_t decr, uint64_t *value);
void *pr_memcache_get(pr_memcache_t *mcache, module *m, const char *key, size_t *valuesz, uint32_t *flags);
char *pr_memcache_get_str(pr_memcache_t *mcache, module *m, const char *key, uint32_t *flags);
int pr_memcache_incr(pr_memcache_t *mcache, module *m, const char *key, uint32_t incr, uint64_t *value);
int pr_memcache_remove(pr_memcache_t *mcache, module *m, const char *key, time_t expires);
int pr_memcache_set(pr_memcache_t *mcache, module *m, const char *key, void *value, size_t valuesz, time_t expires, uint32_t flags);
int pr_memcache_kadd(pr_memcache_t *mcache, module *m, const char *key, size_t keysz, void *value, size_t valuesz, time_t expires, uint32_t flags);
int pr_memcache_kdecr(pr_memcache_t *mcache, module *m, const char *key, size_t keysz, uint32_t decr, uint64_t *value);
void *pr_memcache_kget(pr_memcache_t *mcache, module *m, const char *key, size_t keysz, size_t *valuesz, uint32_t *flags);
char *pr_memcache_kget_str(pr_memcache_t *mcache, module *m, const char *key, size_t keysz, uint32_t *flags);
int pr_memcache_kincr(pr_memcache_t *mcache, module *m, const char *key, size_t keysz, uint32_t incr, uint64_t *value);
int pr_memcache_kremove(pr_memcache_t *mcache, module *m, const char *key, size_t keysz, time_t expires);
int pr_memcache_kset(pr_memcache_t *mcache, module *m, const char *key, size_t keysz, void *value, size_t valuesz, time_t expires, uint32_t flags);
unsigned long memcache_get_sess_flags(void);

#define PR_MEMCACHE_FL_NO_BINARY_PROTOCOL 0x001
#define PR_MEMCACHE_FL_NO_RANDOM_REPLICA_READ 0x002

int memcache_set_sess_connect_failures(uint64_t count);
int memcache_set_sess_flags(unsigned long flags);
int memcache_set_sess_replicas(uint64_t count);
int memcache_set_servers(void *server_list);
int memcache_set_timeouts(unsigned long conn_millis, unsigned long read_millis, unsigned long write_millis, unsigned long ejected_sec);
int memcache_clear(void);
int memcache_init(void);

#endif
