/*
 * prxs shim host: the Controls socket, served from the master's event
 * loop without ever blocking it.
 *
 * Wire protocol: proftpd's (src/ctrls.c), so its ftpdctl works here too.
 * Integers are in the host's byte order.
 *   request:  int status (ignored), unsigned nwords, then for each word
 *             unsigned len and len bytes; word 0 is the action
 *   reply:    int status (0, or -1 on an error), unsigned nlines, then for
 *             each line unsigned len and len bytes
 * One request a connection; the master replies and closes.  The caller is
 * who the kernel says it is (SO_PEERCRED).  A request that breaks the
 * protocol's limits (32 words, an action under 128 bytes, arguments of at
 * most 256 printable bytes) gets an error reply at once; a client that has
 * not finished within CTRLS_CLIENT_TIMEOUT_MS gets one and is dropped.
 *
 * Fairness: the listen queue is always drained, so one user's idle
 * connections cannot hide another user's request behind them.  Each uid has
 * at most ControlsMaxClients clients served at once; its others wait, in
 * order, in the master (their clock starts when they are served).  When
 * CTRLS_MAX_HELD clients are held, a waiting client of the uid holding the
 * most is dropped (or the newcomer, when it is that uid's), so a flood from
 * one uid never locks out another.
 */

#include "host_ctrls.h"

#include <poll.h>
#include <time.h>

#define CTRLS_MAX_REQLEN	(8 + 4 + CTRLS_MAX_ACTIONLEN + \
  (CTRLS_MAX_NREQARGS - 1) * (4 + CTRLS_MAX_REQARGLEN))

/* ftpdctl reads a reply line into a 1024-byte buffer. */
#define CTRLS_MAX_LINELEN	1000

struct ctrls_client {
  int fd;
  struct host_ctrls_caller caller;
  unsigned char in[CTRLS_MAX_REQLEN];
  size_t inlen;
  char *out;
  size_t outlen, outoff;
  long long deadline;
};

/* Clients being served (polled, with a deadline) and clients waiting for
 * their uid's turn (accepted, not yet read).
 */
#define CTRLS_MAX_HELD		(HOST_CTRLS_MAX_FDS - 1)
static struct ctrls_client *ctrls_clients[HOST_CTRLS_MAX_FDS];
static unsigned int ctrls_nclients = 0;
static struct ctrls_client *ctrls_waiting[CTRLS_MAX_HELD];
static unsigned int ctrls_nwaiting = 0;

static long long ctrls_now(void) {
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void host_ctrls_reply_add(struct host_ctrls_reply *reply, const char *fmt,
    ...) {
  char buf[CTRLS_MAX_LINELEN + 1];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  *((char **) push_array(reply->lines)) = pstrdup(reply->pool, buf);
}

/* Clients
 */

static void ctrls_client_close(struct ctrls_client *cl) {
  unsigned int i;

  for (i = 0; i < ctrls_nclients; i++) {
    if (ctrls_clients[i] == cl) {
      ctrls_clients[i] = ctrls_clients[--ctrls_nclients];
      ctrls_clients[ctrls_nclients] = NULL;
      break;
    }
  }
  for (i = 0; i < ctrls_nwaiting; i++) {
    if (ctrls_waiting[i] == cl) {
      memmove(ctrls_waiting + i, ctrls_waiting + i + 1,
        (ctrls_nwaiting - i - 1) * sizeof(*ctrls_waiting));
      ctrls_nwaiting--;
      break;
    }
  }
  close(cl->fd);
  free(cl->out);
  free(cl);
}

static struct ctrls_client *ctrls_client_find(int fd) {
  unsigned int i;

  for (i = 0; i < ctrls_nclients; i++) {
    if (ctrls_clients[i]->fd == fd) {
      return ctrls_clients[i];
    }
  }
  return NULL;
}

static void ctrls_client_write(struct ctrls_client *cl) {
  while (cl->outoff < cl->outlen) {
    ssize_t n = write(cl->fd, cl->out + cl->outoff, cl->outlen - cl->outoff);

    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return;
      }
      break;
    }
    cl->outoff += (size_t) n;
  }
  ctrls_client_close(cl);
}

/* Serialize the reply, then send what the socket takes now. */
static void ctrls_client_reply(struct ctrls_client *cl,
    struct host_ctrls_reply *reply) {
  unsigned int i, n = (unsigned int) reply->lines->nelts;
  char **lines = (char **) reply->lines->elts;
  size_t len = sizeof(int) + sizeof(unsigned int);
  char *cp;

  for (i = 0; i < n; i++) {
    len += sizeof(unsigned int) + strlen(lines[i]);
  }
  cl->out = malloc(len);
  if (cl->out == NULL) {
    ctrls_client_close(cl);
    return;
  }
  cp = cl->out;
  memcpy(cp, &reply->status, sizeof(int));
  cp += sizeof(int);
  memcpy(cp, &n, sizeof(unsigned int));
  cp += sizeof(unsigned int);
  for (i = 0; i < n; i++) {
    unsigned int l = (unsigned int) strlen(lines[i]);
    memcpy(cp, &l, sizeof(unsigned int));
    cp += sizeof(unsigned int);
    memcpy(cp, lines[i], l);
    cp += l;
  }
  cl->outlen = len;
  cl->outoff = 0;
  ctrls_client_write(cl);
}

static void ctrls_client_error(struct ctrls_client *cl, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

static void ctrls_client_error(struct ctrls_client *cl, const char *fmt,
    ...) {
  struct host_ctrls_reply reply;
  char buf[CTRLS_MAX_LINELEN + 1];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  pr_log_debug(DEBUG2, MOD_CTRLS_VERSION ": client uid %lu pid %ld: %s",
    (unsigned long) cl->caller.uid, (long) cl->caller.pid, buf);

  reply.pool = make_sub_pool(permanent_pool);
  reply.lines = make_array(reply.pool, 1, sizeof(char *));
  reply.status = -1;
  host_ctrls_reply_add(&reply, "%s", buf);
  ctrls_client_reply(cl, &reply);
  destroy_pool(reply.pool);
}

/* 0: a whole request (*argc words in *argv); 1: more bytes needed;
 * -1: malformed (*why says how).
 */
static int ctrls_parse(struct ctrls_client *cl, pool *p, int *argc,
    char ***argv, char **why) {
  const unsigned char *b = cl->in;
  size_t pos = 8;
  unsigned int nwords, i, j;
  char **words;
  int n = 0;

  if (cl->inlen < 8) {
    return 1;
  }
  memcpy(&nwords, b + sizeof(int), sizeof(unsigned int));
  if (nwords == 0) {
    *why = "it names no action";
    return -1;
  }
  if (nwords > CTRLS_MAX_NREQARGS) {
    *why = psprintf(p, "it announces %u words (at most %u)", nwords,
      CTRLS_MAX_NREQARGS);
    return -1;
  }
  words = pcalloc(p, (nwords + 1) * sizeof(char *));
  for (i = 0; i < nwords; i++) {
    unsigned int len, max = i == 0 ? CTRLS_MAX_ACTIONLEN : CTRLS_MAX_REQARGLEN;

    if (cl->inlen - pos < sizeof(unsigned int)) {
      return 1;
    }
    memcpy(&len, b + pos, sizeof(unsigned int));
    pos += sizeof(unsigned int);
    if (len > max) {
      *why = psprintf(p, "word %u is %u bytes long (at most %u)", i + 1, len,
        max);
      return -1;
    }
    if (cl->inlen - pos < len) {
      return 1;
    }
    for (j = 0; j < len; j++) {
      if (!isprint(b[pos + j])) {
        *why = psprintf(p, "word %u has a non-printable byte (0x%02x)", i + 1,
          b[pos + j]);
        return -1;
      }
    }
    if (len == 0) {
      if (i == 0) {
        *why = "its action is empty";
        return -1;
      }
      continue;
    }
    words[n++] = pstrndup(p, (const char *) b + pos, len);
    pos += len;
  }
  *argc = n;
  *argv = words;
  return 0;
}

static void ctrls_client_execute(struct ctrls_client *cl, pool *p, int argc,
    char **argv) {
  struct host_ctrls_reply reply;
  int sent = FALSE;

  reply.pool = p;
  reply.lines = make_array(p, 4, sizeof(char *));
  reply.status = 0;
  pr_log_debug(DEBUG3, MOD_CTRLS_VERSION ": uid %lu, gid %lu, pid %ld "
    "requests '%s' (%d argument%s)", (unsigned long) cl->caller.uid,
    (unsigned long) cl->caller.gid, (long) cl->caller.pid, argv[0], argc - 1,
    argc == 2 ? "" : "s");

  if (host_ctrls_registry_run(cl->fd, argc, argv, &cl->caller, &reply,
      &sent) < 0) {
    host_ctrls_reply_add(&reply, "unsupported action requested: '%s' (see "
      "'lsctrl' for the actions registered)", argv[0]);
    reply.status = -1;
  }
  if (sent) {
    /* pr_ctrls_flush_response() answered already. */
    ctrls_client_close(cl);
    return;
  }
  ctrls_client_reply(cl, &reply);
}

static void ctrls_client_read(struct ctrls_client *cl) {
  int eof = FALSE, res, argc = 0;
  char **argv = NULL, *why = NULL;
  pool *p;

  while (cl->inlen < sizeof(cl->in)) {
    ssize_t n = read(cl->fd, cl->in + cl->inlen, sizeof(cl->in) - cl->inlen);

    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        break;
      }
      ctrls_client_close(cl);
      return;
    }
    if (n == 0) {
      eof = TRUE;
      break;
    }
    cl->inlen += (size_t) n;
  }

  p = make_sub_pool(permanent_pool);
  res = ctrls_parse(cl, p, &argc, &argv, &why);
  if (res == 0) {
    ctrls_client_execute(cl, p, argc, argv);
  } else if (res < 0) {
    ctrls_client_error(cl, "error: malformed request: %s", why);
  } else if (eof && cl->inlen == 0) {
    ctrls_client_close(cl);
  } else if (eof || cl->inlen == sizeof(cl->in)) {
    ctrls_client_error(cl, "error: malformed request: it ends after %lu "
      "bytes, in the middle of a word", (unsigned long) cl->inlen);
  }
  destroy_pool(p);
}

/* ftpdctl binds its end to /tmp/ftp.cl<pid> and leaves the file for the
 * server to remove; remove it only when it is that, and the caller's.
 */
static void ctrls_unlink_ftpdctl_path(const struct sockaddr_un *sun,
    socklen_t len, uid_t uid) {
  const char *prefix = "/tmp/ftp.cl", *cp;
  char path[sizeof(sun->sun_path) + 1];
  struct stat st;

  if (len <= offsetof(struct sockaddr_un, sun_path)) {
    return;
  }
  memset(path, 0, sizeof(path));
  memcpy(path, sun->sun_path, len - offsetof(struct sockaddr_un, sun_path));
  if (strncmp(path, prefix, strlen(prefix)) != 0) {
    return;
  }
  for (cp = path + strlen(prefix); *cp && isdigit((unsigned char) *cp); cp++);
  if (*cp != '\0' || cp == path + strlen(prefix)) {
    return;
  }
  if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_uid == uid) {
    unlink(path);
  }
}

static unsigned int ctrls_count_uid(struct ctrls_client **list,
    unsigned int n, uid_t uid) {
  unsigned int i, count = 0;

  for (i = 0; i < n; i++) {
    if (list[i]->caller.uid == uid) {
      count++;
    }
  }
  return count;
}

/* Serve waiting clients, oldest first, while their uid has a free slot. */
static void ctrls_promote(void) {
  unsigned int i = 0, max = (unsigned int) host_ctrls_max_clients();

  while (i < ctrls_nwaiting && ctrls_nclients < CTRLS_MAX_HELD) {
    struct ctrls_client *cl = ctrls_waiting[i];

    if (ctrls_count_uid(ctrls_clients, ctrls_nclients, cl->caller.uid) >=
        max) {
      i++;
      continue;
    }
    memmove(ctrls_waiting + i, ctrls_waiting + i + 1,
      (ctrls_nwaiting - i - 1) * sizeof(*ctrls_waiting));
    ctrls_nwaiting--;
    cl->deadline = ctrls_now() + CTRLS_CLIENT_TIMEOUT_MS;
    ctrls_clients[ctrls_nclients++] = cl;
  }
}

/* Room for one more client: drop the newest waiting client of the uid that
 * holds the most (served and waiting).  Returns FALSE when that uid is the
 * newcomer's own (the newcomer is the one to go) or nothing is waiting.
 */
static int ctrls_make_room(uid_t newcomer) {
  unsigned int i, best_count = 0;
  struct ctrls_client *victim = NULL;

  for (i = 0; i < ctrls_nwaiting; i++) {
    uid_t uid = ctrls_waiting[i]->caller.uid;
    unsigned int count = ctrls_count_uid(ctrls_clients, ctrls_nclients, uid) +
      ctrls_count_uid(ctrls_waiting, ctrls_nwaiting, uid);

    if (count >= best_count) {
      best_count = count;
      victim = ctrls_waiting[i];
    }
  }
  if (victim == NULL || victim->caller.uid == newcomer) {
    return FALSE;
  }
  pr_log_pri(PR_LOG_NOTICE, MOD_CTRLS_VERSION ": uid %lu holds %u of the %d "
    "client connections; dropped its newest waiting one", (unsigned long)
    victim->caller.uid, best_count, CTRLS_MAX_HELD);
  ctrls_client_close(victim);
  return TRUE;
}

static void ctrls_refuse(int fd, const struct ucred *cred) {
  static const char msg[] = "error: too many client connections from "
    "this user; try again later";
  unsigned int n = 1, len = sizeof(msg) - 1;
  char buf[sizeof(int) + 2 * sizeof(unsigned int) + sizeof(msg)];
  int status = -1;

  pr_log_pri(PR_LOG_NOTICE, MOD_CTRLS_VERSION ": uid %lu (pid %ld) holds "
    "too many client connections; refused another", (unsigned long) cred->uid,
    (long) cred->pid);
  memcpy(buf, &status, sizeof(int));
  memcpy(buf + sizeof(int), &n, sizeof(unsigned int));
  memcpy(buf + sizeof(int) + sizeof(unsigned int), &len, sizeof(unsigned int));
  memcpy(buf + sizeof(int) + 2 * sizeof(unsigned int), msg, len);
  (void) write(fd, buf, sizeof(buf) - 1);
  close(fd);
}

static void ctrls_accept(void) {
  while (host_ctrls_listen_fd() >= 0) {
    struct sockaddr_un sun;
    socklen_t len = sizeof(sun), credlen;
    struct ucred cred;
    struct ctrls_client *cl;
    int fd;

    memset(&sun, 0, sizeof(sun));
    fd = accept4(host_ctrls_listen_fd(), (struct sockaddr *) &sun, &len,
      SOCK_NONBLOCK|SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        pr_log_pri(PR_LOG_WARNING, MOD_CTRLS_VERSION ": unable to accept a "
          "client on '%s': %s", host_ctrls_socket_file(), strerror(errno));
      }
      return;
    }
    credlen = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &credlen) < 0) {
      pr_log_pri(PR_LOG_WARNING, MOD_CTRLS_VERSION ": no peer credentials "
        "for a client (%s): dropped", strerror(errno));
      close(fd);
      continue;
    }
    ctrls_unlink_ftpdctl_path(&sun, len, cred.uid);
    if (ctrls_nclients + ctrls_nwaiting >= CTRLS_MAX_HELD &&
        !ctrls_make_room(cred.uid)) {
      ctrls_refuse(fd, &cred);
      continue;
    }
    cl = calloc(1, sizeof(*cl));
    if (cl == NULL) {
      close(fd);
      return;
    }
    cl->fd = fd;
    cl->caller.uid = cred.uid;
    cl->caller.gid = cred.gid;
    cl->caller.pid = cred.pid;
    ctrls_waiting[ctrls_nwaiting++] = cl;
    ctrls_promote();

    if (main_server != NULL &&
        host_ctrls_acl_configured(main_server->conf, "ControlsSocketACL") &&
        !host_ctrls_acl_allows(main_server->conf, "ControlsSocketACL", ~0U,
          &cl->caller)) {
      pr_log_pri(PR_LOG_NOTICE, MOD_CTRLS_VERSION ": uid %lu, gid %lu "
        "(pid %ld) refused by ControlsSocketACL", (unsigned long) cred.uid,
        (unsigned long) cred.gid, (long) cred.pid);
      if (cl->deadline == 0) {
        /* Waiting: refuse it now all the same. */
        ctrls_client_close(cl);
        continue;
      }
      ctrls_client_error(cl, "access denied: uid %lu, gid %lu may not use "
        "this socket (see ControlsSocketACL)", (unsigned long) cred.uid,
        (unsigned long) cred.gid);
    }
  }
}

/* The master's event loop
 */

int host_ctrls_pollfds(struct pollfd *fds, int max, int *timeout_ms) {
  long long now = ctrls_now();
  unsigned int i;
  int n = 0;

  *timeout_ms = -1;
  ctrls_promote();
  if (host_ctrls_listen_fd() >= 0 && n < max) {
    fds[n].fd = host_ctrls_listen_fd();
    fds[n].events = POLLIN;
    fds[n].revents = 0;
    n++;
  }
  for (i = 0; i < ctrls_nclients && n < max; i++) {
    struct ctrls_client *cl = ctrls_clients[i];
    long long left = cl->deadline - now;

    fds[n].fd = cl->fd;
    fds[n].events = cl->out ? POLLOUT : POLLIN;
    fds[n].revents = 0;
    n++;
    if (left < 0) {
      left = 0;
    }
    if (*timeout_ms < 0 || left < *timeout_ms) {
      *timeout_ms = (int) left;
    }
  }
  return n;
}

void host_ctrls_handle(const struct pollfd *fds, int n) {
  long long now;
  unsigned int i;
  int k;

  for (k = 0; k < n; k++) {
    struct ctrls_client *cl;

    if (fds[k].revents == 0) {
      continue;
    }
    if (fds[k].fd == host_ctrls_listen_fd()) {
      ctrls_accept();
      continue;
    }
    cl = ctrls_client_find(fds[k].fd);
    if (cl == NULL) {
      continue;
    }
    if (cl->out != NULL) {
      ctrls_client_write(cl);
    } else {
      ctrls_client_read(cl);
    }
  }

  now = ctrls_now();
  for (i = 0; i < ctrls_nclients; ) {
    struct ctrls_client *cl = ctrls_clients[i];

    if (cl->deadline > now) {
      i++;
      continue;
    }
    if (cl->out != NULL) {
      /* It does not read its reply: drop it. */
      ctrls_client_close(cl);
      continue;
    }
    ctrls_client_error(cl, "error: no complete request within %d ms",
      CTRLS_CLIENT_TIMEOUT_MS);
    if (i < ctrls_nclients && ctrls_clients[i] == cl) {
      /* The socket did not take the whole reply at once: give up. */
      ctrls_client_close(cl);
    }
  }
}

/* At exit (unlink_socket), or in a session child, which must not hold the
 * master's clients or socket open.
 */
void host_ctrls_close(int unlink_socket) {
  while (ctrls_nclients > 0) {
    ctrls_client_close(ctrls_clients[0]);
  }
  while (ctrls_nwaiting > 0) {
    ctrls_client_close(ctrls_waiting[0]);
  }
  host_ctrls_close_listener(unlink_socket);
}
