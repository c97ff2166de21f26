/*
 * prxs shim host: the memcached client entry points (memcache.h).
 *
 * The host links no memcached client.  What a module sees is what ProFTPD
 * 1.3.8 does when no memcached server is configured (mod_memcache's
 * MemcacheServers unset, or MemcacheEngine off): pr_memcache_conn_get() and
 * pr_memcache_conn_new() fail with EPERM.  With servers configured the real
 * server hands out a connection even when none of them answers (it pings
 * them and carries on), and each operation then fails as a connection
 * failure: so does the shim's, whatever the servers (it cannot talk to
 * them), with ECONNREFUSED.  The settings (flags, replicas, timeouts) are
 * kept and checked as ProFTPD's are.
 */

#include "host.h"
#include "memcache.h"

struct mcache_ns {
  struct mcache_ns *next;
  module *m;
  char *prefix;
};

struct mcache_rec {
  pool *pool;
  module *owner;
  unsigned int refcount;
  unsigned long flags;
  uint64_t nreplicas;
  struct mcache_ns *namespaces;
};

static void *configured_server_list = NULL;
static pr_memcache_t *sess_mcache = NULL;

static uint64_t memcache_sess_conn_failures = 0;
static unsigned long memcache_sess_flags = 0;
static uint64_t memcache_sess_nreplicas = 0;
static unsigned long memcache_conn_millis = 500;
static unsigned long memcache_rcv_millis = 500;
static unsigned long memcache_snd_millis = 500;
static unsigned long memcache_ejected_sec = 0;

static const char *trace_channel = "memcache";

/* Connections */

pr_memcache_t *pr_memcache_conn_get(void) {
  if (sess_mcache != NULL) {
    sess_mcache->refcount++;
    return sess_mcache;
  }
  return pr_memcache_conn_new(session.pool, NULL, memcache_sess_flags,
    memcache_sess_nreplicas);
}

pr_memcache_t *pr_memcache_conn_new(pool *p, module *m, unsigned long flags,
    uint64_t nreplicas) {
  pr_memcache_t *mcache;
  pool *sub_pool;

  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (configured_server_list == NULL) {
    pr_trace_msg(trace_channel, 9, "%s",
      "unable to create new memcache connection: No servers configured");
    errno = EPERM;
    return NULL;
  }

  sub_pool = make_sub_pool(p);
  pr_pool_tag(sub_pool, "Memcache connection pool");
  mcache = pcalloc(sub_pool, sizeof(pr_memcache_t));
  mcache->pool = sub_pool;
  mcache->owner = m;
  mcache->refcount = 1;
  mcache->flags = flags;
  mcache->nreplicas = nreplicas;

  pr_trace_msg(trace_channel, 4, "%s",
    "prxs shim: no memcached client; every operation on this connection "
    "fails as with unreachable servers");
  if (sess_mcache == NULL) {
    sess_mcache = mcache;
  }
  return mcache;
}

int pr_memcache_conn_close(pr_memcache_t *mcache) {
  if (mcache == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (mcache->refcount > 0) {
    mcache->refcount--;
  }
  if (mcache->refcount == 0) {
    mcache->namespaces = NULL;
  }
  return 0;
}

int pr_memcache_conn_clone(pool *p, pr_memcache_t *mcache) {
  if (p == NULL || mcache == NULL) {
    errno = EINVAL;
    return -1;
  }
  return 0;
}

int pr_memcache_conn_set_namespace(pr_memcache_t *mcache, module *m,
    const char *prefix) {
  struct mcache_ns *ns, **nsp;

  if (mcache == NULL || m == NULL) {
    errno = EINVAL;
    return -1;
  }
  for (nsp = &mcache->namespaces; *nsp != NULL; nsp = &(*nsp)->next) {
    if ((*nsp)->m == m) {
      break;
    }
  }
  if (prefix == NULL) {
    if (*nsp != NULL) {
      *nsp = (*nsp)->next;
    }
    return 0;
  }
  ns = *nsp;
  if (ns == NULL) {
    ns = pcalloc(mcache->pool, sizeof(struct mcache_ns));
    ns->m = m;
    *nsp = ns;
  }
  ns->prefix = pstrdup(mcache->pool, prefix);
  return 0;
}

/* What every operation on a connection comes to: the servers cannot be
 * reached.
 */
static int mcache_unreachable(const char *what, size_t keysz) {
  pr_trace_msg(trace_channel, 3,
    "error %s key (%lu bytes): unable to connect to the memcached servers "
    "(prxs shim: no memcached client)", what, (unsigned long) keysz);
  errno = ECONNREFUSED;
  return -1;
}

/* Values under a binary key */

int pr_memcache_kadd(pr_memcache_t *mcache, module *m, const char *key,
    size_t keysz, void *value, size_t valuesz, time_t expires, uint32_t flags) {
  if (mcache == NULL || m == NULL || key == NULL || value == NULL) {
    errno = EINVAL;
    return -1;
  }
  return mcache_unreachable("adding", keysz);
}

int pr_memcache_kdecr(pr_memcache_t *mcache, module *m, const char *key,
    size_t keysz, uint32_t decr, uint64_t *value) {
  if (mcache == NULL || m == NULL || key == NULL || decr == 0) {
    errno = EINVAL;
    return -1;
  }
  return mcache_unreachable("decrementing", keysz);
}

void *pr_memcache_kget(pr_memcache_t *mcache, module *m, const char *key,
    size_t keysz, size_t *valuesz, uint32_t *flags) {
  if (mcache == NULL || m == NULL || key == NULL || valuesz == NULL ||
      flags == NULL) {
    errno = EINVAL;
    return NULL;
  }
  (void) mcache_unreachable("getting", keysz);
  return NULL;
}

char *pr_memcache_kget_str(pr_memcache_t *mcache, module *m, const char *key,
    size_t keysz, uint32_t *flags) {
  if (mcache == NULL || m == NULL || key == NULL || flags == NULL) {
    errno = EINVAL;
    return NULL;
  }
  (void) mcache_unreachable("getting", keysz);
  return NULL;
}

int pr_memcache_kincr(pr_memcache_t *mcache, module *m, const char *key,
    size_t keysz, uint32_t incr, uint64_t *value) {
  if (mcache == NULL || m == NULL || key == NULL || incr == 0) {
    errno = EINVAL;
    return -1;
  }
  return mcache_unreachable("incrementing", keysz);
}

int pr_memcache_kremove(pr_memcache_t *mcache, module *m, const char *key,
    size_t keysz, time_t expires) {
  if (mcache == NULL || m == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  return mcache_unreachable("removing", keysz);
}

int pr_memcache_kset(pr_memcache_t *mcache, module *m, const char *key,
    size_t keysz, void *value, size_t valuesz, time_t expires, uint32_t flags) {
  if (mcache == NULL || m == NULL || key == NULL || value == NULL) {
    errno = EINVAL;
    return -1;
  }
  return mcache_unreachable("setting", keysz);
}

/* Values under a string key */

int pr_memcache_add(pr_memcache_t *mcache, module *m, const char *key,
    void *value, size_t valuesz, time_t expires, uint32_t flags) {
  if (mcache == NULL || m == NULL || key == NULL || value == NULL) {
    errno = EINVAL;
    return -1;
  }
  return pr_memcache_kadd(mcache, m, key, strlen(key), value, valuesz,
    expires, flags);
}

int pr_memcache_decr(pr_memcache_t *mcache, module *m, const char *key,
    uint32_t decr, uint64_t *value) {
  if (mcache == NULL || m == NULL || key == NULL || decr == 0) {
    errno = EINVAL;
    return -1;
  }
  return pr_memcache_kdecr(mcache, m, key, strlen(key), decr, value);
}

void *pr_memcache_get(pr_memcache_t *mcache, module *m, const char *key,
    size_t *valuesz, uint32_t *flags) {
  if (mcache == NULL || m == NULL || key == NULL || valuesz == NULL ||
      flags == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return pr_memcache_kget(mcache, m, key, strlen(key), valuesz, flags);
}

char *pr_memcache_get_str(pr_memcache_t *mcache, module *m, const char *key,
    uint32_t *flags) {
  if (mcache == NULL || m == NULL || key == NULL || flags == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return pr_memcache_kget_str(mcache, m, key, strlen(key), flags);
}

int pr_memcache_incr(pr_memcache_t *mcache, module *m, const char *key,
    uint32_t incr, uint64_t *value) {
  if (mcache == NULL || m == NULL || key == NULL || incr == 0) {
    errno = EINVAL;
    return -1;
  }
  return pr_memcache_kincr(mcache, m, key, strlen(key), incr, value);
}

int pr_memcache_remove(pr_memcache_t *mcache, module *m, const char *key,
    time_t expires) {
  if (mcache == NULL || m == NULL || key == NULL) {
    errno = EINVAL;
    return -1;
  }
  return pr_memcache_kremove(mcache, m, key, strlen(key), expires);
}

int pr_memcache_set(pr_memcache_t *mcache, module *m, const char *key,
    void *value, size_t valuesz, time_t expires, uint32_t flags) {
  if (mcache == NULL || m == NULL || key == NULL || value == NULL) {
    errno = EINVAL;
    return -1;
  }
  return pr_memcache_kset(mcache, m, key, strlen(key), value, valuesz,
    expires, flags);
}

/* Servers, timeouts and session settings */

unsigned long memcache_get_sess_flags(void) {
  return memcache_sess_flags;
}

int memcache_set_sess_connect_failures(uint64_t count) {
  memcache_sess_conn_failures = count;
  return 0;
}

int memcache_set_sess_flags(unsigned long flags) {
  memcache_sess_flags = flags;
  return 0;
}

int memcache_set_sess_replicas(uint64_t count) {
  if (count < 1) {
    errno = EINVAL;
    return -1;
  }
  memcache_sess_nreplicas = count;
  return 0;
}

/* As ProFTPD's: NULL is refused (so it does not clear the list). */
int memcache_set_servers(void *server_list) {
  if (server_list == NULL) {
    errno = EINVAL;
    return -1;
  }
  configured_server_list = server_list;
  return 0;
}

int memcache_set_timeouts(unsigned long conn_millis, unsigned long read_millis,
    unsigned long write_millis, unsigned long ejected_sec) {
  memcache_conn_millis = conn_millis;
  memcache_rcv_millis = read_millis;
  memcache_snd_millis = write_millis;
  memcache_ejected_sec = ejected_sec;
  pr_trace_msg(trace_channel, 9,
    "timeouts: connect %lu ms, read %lu ms, write %lu ms, ejected %lu s "
    "(%lu connect failures allowed)", memcache_conn_millis,
    memcache_rcv_millis, memcache_snd_millis, memcache_ejected_sec,
    (unsigned long) memcache_sess_conn_failures);
  return 0;
}

int memcache_clear(void) {
  if (sess_mcache != NULL) {
    pr_memcache_conn_close(sess_mcache);
    sess_mcache = NULL;
  }
  return 0;
}

int memcache_init(void) {
  return 0;
}
