/*
 * prxs shim host: the Redis client entry points (redis.h).
 *
 * The host links no Redis client.  What a module sees is ProFTPD 1.3.8's
 * behaviour when no Redis server is configured or reachable:
 *  - no server configured (RedisServer unset, RedisEngine off):
 *    pr_redis_conn_new()/pr_redis_conn_get() fail with EPERM;
 *  - a server configured: the shim connects to it as hiredis would (TCP, or
 *    a Unix socket for a path, bounded by the RedisTimeouts connect time,
 *    500 ms by default) and, when that fails, fails as ProFTPD does: EIO,
 *    with "error connecting to HOST#PORT: [io] <why>" on the redis trace
 *    channel.  When something does answer, the shim still cannot speak
 *    Redis: it closes the socket and fails the same way (EIO).
 * No connection is ever handed out, so every operation on one fails with
 * EINVAL (a NULL connection), as ProFTPD's does.
 */

#include "host.h"
#include "redis.h"
#include <netdb.h>
#include <poll.h>
#include <sys/un.h>

static array_header *redis_sentinels = NULL;
static const char *redis_sentinel_master = NULL;
static const char *redis_server = NULL;
static int redis_port = -1;
static int redis_use_ssl = FALSE;
static unsigned long redis_flags = 0UL;
static const char *redis_username = NULL;
static const char *redis_password = NULL;
static const char *redis_db_idx = NULL;
static unsigned long redis_connect_millis = 500;
static unsigned long redis_io_millis = 500;

static const char *trace_channel = "redis";

/* Connect, bounded by redis_connect_millis: 0, or -1 with errno set. */
static int redis_try_connect(const struct sockaddr *sa, socklen_t salen) {
  int fd, res, xerrno;

  fd = socket(sa->sa_family, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  res = connect(fd, sa, salen);
  if (res < 0 && errno == EINPROGRESS) {
    struct pollfd pfd;
    socklen_t len = sizeof(xerrno);

    pfd.fd = fd;
    pfd.events = POLLOUT;
    res = poll(&pfd, 1, (int) redis_connect_millis);
    if (res == 0) {
      errno = ETIMEDOUT;
      res = -1;
    } else if (res > 0) {
      xerrno = 0;
      (void) getsockopt(fd, SOL_SOCKET, SO_ERROR, &xerrno, &len);
      errno = xerrno;
      res = xerrno == 0 ? 0 : -1;
    }
  }
  xerrno = errno;
  (void) close(fd);
  errno = xerrno;
  return res;
}

static int redis_connect(const char *host, int port) {
  if (*host == '/') {
    struct sockaddr_un sun;

    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    sstrncpy(sun.sun_path, host, sizeof(sun.sun_path));
    return redis_try_connect((struct sockaddr *) &sun, sizeof(sun));

  } else {
    struct addrinfo hints, *ai = NULL, *a;
    char portstr[32];
    int res = -1, xerrno = ECONNREFUSED;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(portstr, sizeof(portstr), "%d", port);
    if (getaddrinfo(host, portstr, &hints, &ai) != 0) {
      errno = EHOSTUNREACH;
      return -1;
    }
    for (a = ai; a != NULL; a = a->ai_next) {
      res = redis_try_connect(a->ai_addr, a->ai_addrlen);
      xerrno = errno;
      if (res == 0) {
        break;
      }
    }
    freeaddrinfo(ai);
    errno = xerrno;
    return res;
  }
}

/* Connections */

pr_redis_t *pr_redis_conn_new(pool *p, module *m, unsigned long flags) {
  int res;

  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }

  if (redis_sentinels != NULL) {
    pr_trace_msg(trace_channel, 17,
      "querying Sentinels (%u count) for Redis server",
      redis_sentinels->nelts);
    pr_trace_msg(trace_channel, 3,
      "unable to query Sentinels for master '%s' (prxs shim: no Redis "
      "client)", redis_sentinel_master ? redis_sentinel_master : "");
  }

  if (redis_server == NULL) {
    pr_trace_msg(trace_channel, 9, "%s",
      "unable to create new Redis connection: No server configured");
    errno = EPERM;
    return NULL;
  }

  res = redis_connect(redis_server, redis_port);
  if (res < 0) {
    int xerrno = errno;

    if (*redis_server == '/') {
      pr_trace_msg(trace_channel, 3, "error connecting to '%s': [io] %s",
        redis_server, strerror(xerrno));
    } else {
      pr_trace_msg(trace_channel, 3, "error connecting to %s#%d: [io] %s",
        redis_server, redis_port, strerror(xerrno));
    }
  } else {
    pr_trace_msg(trace_channel, 3,
      "connected to %s#%d, but the prxs shim has no Redis client: "
      "not using it", redis_server, redis_port);
  }
  errno = EIO;
  return NULL;
}

pr_redis_t *pr_redis_conn_get(pool *p, unsigned long flags) {
  if (p == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return pr_redis_conn_new(p, NULL, flags);
}

int pr_redis_conn_close(pr_redis_t *redis) {
  errno = EINVAL;
  return -1;
}

int pr_redis_conn_destroy(pr_redis_t *redis) {
  errno = EINVAL;
  return -1;
}

int pr_redis_conn_set_namespace(pr_redis_t *redis, module *m,
    const void *prefix, size_t prefixsz) {
  errno = EINVAL;
  return -1;
}

/* Operations: only ever given a NULL connection here. */

void *pr_redis_kget(pool *p, pr_redis_t *redis, module *m, const char *key,
    size_t keysz, size_t *valuesz) {
  errno = EINVAL;
  return NULL;
}

int pr_redis_kremove(pr_redis_t *redis, module *m, const char *key,
    size_t keysz) {
  errno = EINVAL;
  return -1;
}

int pr_redis_kset(pr_redis_t *redis, module *m, const char *key, size_t keysz,
    void *value, size_t valuesz, time_t expires) {
  errno = EINVAL;
  return -1;
}

int pr_redis_list_append(pr_redis_t *redis, module *m, const char *key,
    void *value, size_t valuesz) {
  errno = EINVAL;
  return -1;
}

int pr_redis_list_getall(pool *p, pr_redis_t *redis, module *m,
    const char *key, array_header **values, array_header **valueszs) {
  errno = EINVAL;
  return -1;
}

int pr_redis_set_getall(pool *p, pr_redis_t *redis, module *m,
    const char *key, array_header **values, array_header **valueszs) {
  errno = EINVAL;
  return -1;
}

/* Servers, sentinels, timeouts */

int redis_set_server3(const char *server, int port, unsigned long flags,
    const char *username, const char *password, const char *db_idx,
    int use_ssl, const char *ssl_cacert, const char *ssl_cert,
    const char *ssl_key) {
  if (server == NULL && port < 1 && port != -2) {
    errno = EINVAL;
    return -1;
  }
  redis_server = server;
  redis_port = port;
  redis_flags = flags;
  redis_username = username;
  redis_password = password;
  redis_db_idx = db_idx;
  redis_use_ssl = use_ssl;
  return 0;
}

int redis_set_server2(const char *server, int port, unsigned long flags,
    const char *username, const char *password, const char *db_idx) {
  return redis_set_server3(server, port, flags, username, password, db_idx,
    FALSE, NULL, NULL, NULL);
}

int redis_set_server(const char *server, int port, unsigned long flags,
    const char *password, const char *db_idx) {
  return redis_set_server2(server, port, flags, "default", password, db_idx);
}

int redis_set_sentinels2(array_header *sentinels, const char *name,
    int use_ssl, const char *ssl_cacert, const char *ssl_cert,
    const char *ssl_key) {
  if (sentinels != NULL && sentinels->nelts == 0) {
    errno = EINVAL;
    return -1;
  }
  redis_sentinels = sentinels;
  redis_sentinel_master = name;
  redis_use_ssl = use_ssl;
  return 0;
}

int redis_set_sentinels(array_header *sentinels, const char *name) {
  return redis_set_sentinels2(sentinels, name, FALSE, NULL, NULL, NULL);
}

int redis_set_timeouts(unsigned long connect_millis, unsigned long io_millis) {
  redis_connect_millis = connect_millis;
  redis_io_millis = io_millis;
  pr_trace_msg(trace_channel, 9, "timeouts: connect %lu ms, io %lu ms "
    "(flags %lu, ssl %s, user %s, password %s, db %s)", redis_connect_millis,
    redis_io_millis, redis_flags, redis_use_ssl ? "on" : "off",
    redis_username ? redis_username : "-",
    redis_password ? "set" : "unset", redis_db_idx ? redis_db_idx : "-");
  return 0;
}

int redis_clear(void) {
  return 0;
}

int redis_init(void) {
  return 0;
}
