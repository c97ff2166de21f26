/*
 * prxs shim host: network I/O streams and pluggable NetIO (netio.h).
 *
 * As in ProFTPD, a stream's operations go through the NetIO registered for
 * its type (control, data, other) or the core one (plain read(2),
 * write(2), select(2) on the stream's descriptor).  The shim's data
 * transfers (mod_xfer.c) run through PR_NETIO_STRM_DATA streams over a
 * memory file, so a module's data NetIO (mod_deflate's MODE Z) transforms
 * what a transfer carries, as in the real server.
 */

#include "host.h"
#include "host_net.h"

#include <sys/mman.h>
#include <sys/select.h>

static pr_netio_t *netio_default = NULL;
static pr_netio_t *netio_ctrl = NULL, *netio_data = NULL, *netio_othr = NULL;

/* The core NetIO's operations */

static void core_abort(pr_netio_stream_t *nstrm) {
  nstrm->strm_flags |= PR_NETIO_SESS_ABORT;
}

static int core_close(pr_netio_stream_t *nstrm) {
  int res;

  if (nstrm->strm_fd == -1) {
    errno = EBADF;
    return -1;
  }
  res = close(nstrm->strm_fd);
  nstrm->strm_fd = -1;
  return res;
}

static pr_netio_stream_t *core_open(pr_netio_stream_t *nstrm, int fd,
    int mode) {
  (void) mode;
  nstrm->strm_fd = fd;
  return nstrm;
}

static int core_poll(pr_netio_stream_t *nstrm) {
  fd_set fds;
  struct timeval tv;
  int res;

  FD_ZERO(&fds);
  if (nstrm->strm_fd >= 0 && nstrm->strm_fd < FD_SETSIZE) {
    FD_SET(nstrm->strm_fd, &fds);
  }
  tv.tv_sec = (nstrm->strm_flags & PR_NETIO_SESS_INTR) ?
    nstrm->strm_interval : 60;
  tv.tv_usec = 0;
  while (TRUE) {
    res = select(nstrm->strm_fd + 1,
      nstrm->strm_mode == PR_NETIO_IO_RD ? &fds : NULL,
      nstrm->strm_mode == PR_NETIO_IO_RD ? NULL : &fds, NULL, &tv);
    if (res < 0 && errno == EAGAIN &&
        !(nstrm->strm_flags & PR_NETIO_SESS_INTR)) {
      pr_signals_handle();
      continue;
    }
    if (res < 0) {
      nstrm->strm_errno = errno;
    }
    return res;
  }
}

static int core_postopen(pr_netio_stream_t *nstrm) {
  (void) nstrm;
  return 0;
}

static int core_read(pr_netio_stream_t *nstrm, char *buf, size_t len) {
  return (int) read(nstrm->strm_fd, buf, len);
}

static pr_netio_stream_t *core_reopen(pr_netio_stream_t *nstrm, int fd,
    int mode) {
  if (nstrm->strm_fd != -1) {
    (void) close(nstrm->strm_fd);
  }
  nstrm->strm_fd = fd;
  nstrm->strm_mode = mode;
  return nstrm;
}

static int core_shutdown(pr_netio_stream_t *nstrm, int how) {
  return shutdown(nstrm->strm_fd, how);
}

static int core_write(pr_netio_stream_t *nstrm, char *buf, size_t len) {
  return (int) write(nstrm->strm_fd, buf, len);
}

pr_netio_t *pr_alloc_netio2(pool *parent_pool, module *owner,
    const char *owner_name) {
  pr_netio_t *netio;
  pool *p;

  if (parent_pool == NULL) {
    errno = EINVAL;
    return NULL;
  }
  p = make_sub_pool(parent_pool);
  pr_pool_tag(p, mpid == getpid() ? "Shared Netio Pool" : "netio pool");
  netio = pcalloc(p, sizeof(pr_netio_t));
  netio->pool = p;
  netio->owner = owner;
  if (owner_name != NULL) {
    netio->owner_name = pstrdup(p, owner_name);
  } else if (owner != NULL) {
    netio->owner_name = pstrdup(p, owner->name);
  } else {
    netio->owner_name = "default";
  }
  netio->abort = core_abort;
  netio->close = core_close;
  netio->open = core_open;
  netio->poll = core_poll;
  netio->postopen = core_postopen;
  netio->read = core_read;
  netio->reopen = core_reopen;
  netio->shutdown = core_shutdown;
  netio->write = core_write;
  return netio;
}

pr_netio_t *pr_alloc_netio(pool *parent_pool) {
  return pr_alloc_netio2(parent_pool, NULL, NULL);
}

/* The NetIO modules registered, for each stream type strm_types names. */
static void netio_assign(int strm_types, pr_netio_t *netio) {
  if (strm_types & PR_NETIO_STRM_CTRL) {
    netio_ctrl = netio;
  }
  if (strm_types & PR_NETIO_STRM_DATA) {
    netio_data = netio;
  }
  if (strm_types & PR_NETIO_STRM_OTHR) {
    netio_othr = netio;
  }
}

int pr_register_netio(pr_netio_t *netio, int strm_types) {
  if (netio == NULL) {
    if (netio_default == NULL) {
      netio_default = pr_alloc_netio2(permanent_pool, NULL, NULL);
    }
    return 0;
  }
  if (netio->abort == NULL || netio->close == NULL || netio->open == NULL ||
      netio->poll == NULL || netio->postopen == NULL || netio->read == NULL ||
      netio->reopen == NULL || netio->shutdown == NULL ||
      netio->write == NULL) {
    errno = EINVAL;
    return -1;
  }
  netio_assign(strm_types, netio);
  return 0;
}

int pr_unregister_netio(int strm_types) {
  if (strm_types == 0) {
    errno = EINVAL;
    return -1;
  }
  netio_assign(strm_types, NULL);
  return 0;
}

/* The NetIO a module registered for the type (NULL, no error, when none);
 * NULL with ENOENT for a combination of types.
 */
pr_netio_t *pr_get_netio(int strm_type) {
  switch (strm_type) {
    case 0:
      errno = EINVAL;
      return NULL;
    case PR_NETIO_STRM_CTRL:
      return netio_ctrl;
    case PR_NETIO_STRM_DATA:
      return netio_data;
    case PR_NETIO_STRM_OTHR:
      return netio_othr;
  }
  errno = ENOENT;
  return NULL;
}

void init_netio(void) {
  signal(SIGPIPE, SIG_IGN);
  signal(SIGURG, SIG_IGN);
  pr_register_netio(NULL, 0);
}

/* The NetIO serving a stream's type: a registered one, else the core's. */
static pr_netio_t *netio_for(int strm_type) {
  pr_netio_t *netio = NULL;

  switch (strm_type) {
    case PR_NETIO_STRM_CTRL:
      netio = netio_ctrl;
      break;
    case PR_NETIO_STRM_DATA:
      netio = netio_data;
      break;
    case PR_NETIO_STRM_OTHR:
      netio = netio_othr;
      break;
    default:
      return NULL;
  }
  if (netio == NULL) {
    if (netio_default == NULL) {
      netio_default = pr_alloc_netio2(permanent_pool, NULL, NULL);
    }
    netio = netio_default;
  }
  return netio;
}

pr_netio_stream_t *pr_netio_open(pool *parent_pool, int strm_type, int fd,
    int mode) {
  pr_netio_stream_t *nstrm, *res;
  pr_netio_t *netio;
  pool *p;

  if (parent_pool == NULL) {
    errno = EINVAL;
    return NULL;
  }
  netio = netio_for(strm_type);
  if (netio == NULL) {
    errno = EINVAL;
    return NULL;
  }
  p = make_sub_pool(parent_pool);
  pr_pool_tag(p, "netio stream pool");
  nstrm = pcalloc(p, sizeof(pr_netio_stream_t));
  nstrm->strm_pool = p;
  nstrm->strm_fd = -1;
  nstrm->strm_type = strm_type;
  nstrm->strm_mode = mode;
  nstrm->notes = pr_table_alloc(p, 0);
  (void) pr_table_add(nstrm->notes, "core.netio", netio, sizeof(pr_netio_t *));
  res = (netio->open)(nstrm, fd, mode);
  if (res == NULL) {
    int xerrno = errno;

    destroy_pool(p);
    errno = xerrno;
    return NULL;
  }
  res->strm_netio = netio;
  return res;
}

pr_netio_stream_t *pr_netio_reopen(pr_netio_stream_t *nstrm, int fd,
    int mode) {
  pr_netio_t *netio;

  if (nstrm == NULL) {
    errno = EINVAL;
    return NULL;
  }
  netio = netio_for(nstrm->strm_type);
  if (netio == NULL) {
    errno = EPERM;
    return NULL;
  }
  return (netio->reopen)(nstrm, fd, mode);
}

int pr_netio_postopen(pr_netio_stream_t *nstrm) {
  pr_netio_t *netio;

  if (nstrm == NULL) {
    errno = EINVAL;
    return -1;
  }
  netio = netio_for(nstrm->strm_type);
  if (netio == NULL) {
    errno = EPERM;
    return -1;
  }
  return (netio->postopen)(nstrm);
}

void pr_netio_abort(pr_netio_stream_t *nstrm) {
  pr_netio_t *netio;

  if (nstrm == NULL) {
    errno = EINVAL;
    return;
  }
  netio = netio_for(nstrm->strm_type);
  if (netio == NULL) {
    errno = EINVAL;
    return;
  }
  (netio->abort)(nstrm);
}

int pr_netio_close(pr_netio_stream_t *nstrm) {
  pr_netio_t *netio;
  int res, xerrno;

  if (nstrm == NULL) {
    errno = EINVAL;
    return -1;
  }
  netio = netio_for(nstrm->strm_type);
  if (netio == NULL) {
    errno = EPERM;
    return -1;
  }
  res = (netio->close)(nstrm);
  xerrno = errno;
  if (nstrm->strm_buf != NULL) {
    memset(nstrm->strm_buf->buf, 0, nstrm->strm_buf->buflen);
  }
  destroy_pool(nstrm->strm_pool);
  errno = xerrno;
  return res;
}

int pr_netio_shutdown(pr_netio_stream_t *nstrm, int how) {
  pr_netio_t *netio;

  if (nstrm == NULL) {
    errno = EINVAL;
    return -1;
  }
  netio = netio_for(nstrm->strm_type);
  if (netio == NULL) {
    errno = EINVAL;
    return -1;
  }
  return (netio->shutdown)(nstrm, how);
}

/* Shut the writing side down (unless told not to), wait up to linger
 * seconds for the peer, then close through the NetIO.  The stream's pool
 * is left to its owner (the connection), as in proftpd.
 */
static int netio_lingering(pr_netio_stream_t *nstrm, long linger, int flags) {
  pr_netio_t *netio;

  if (nstrm == NULL) {
    errno = EINVAL;
    return -1;
  }
  netio = netio_for(nstrm->strm_type);
  if (netio == NULL) {
    errno = EPERM;
    return -1;
  }
  if (nstrm->strm_fd < 0) {
    return 0;
  }
  if (!(flags & NETIO_LINGERING_CLOSE_FL_NO_SHUTDOWN)) {
    (void) pr_netio_shutdown(nstrm, 1);
  }
  if (nstrm->strm_fd >= 0 && nstrm->strm_fd < FD_SETSIZE && linger > 0) {
    struct timeval tv;
    fd_set fds;

    FD_ZERO(&fds);
    FD_SET(nstrm->strm_fd, &fds);
    tv.tv_sec = linger;
    tv.tv_usec = 0;
    if (select(nstrm->strm_fd + 1, &fds, NULL, NULL, &tv) < 0 &&
        errno != EINTR) {
      nstrm->strm_errno = errno;
      return -1;
    }
  }
  return (netio->close)(nstrm);
}

int pr_netio_lingering_close(pr_netio_stream_t *nstrm, long linger) {
  return netio_lingering(nstrm, linger, 0);
}

int pr_netio_lingering_abort(pr_netio_stream_t *nstrm, long linger) {
  if (nstrm == NULL) {
    errno = EINVAL;
    return -1;
  }
  pr_netio_abort(nstrm);
  return netio_lingering(nstrm, linger, 0);
}

void pr_netio_set_poll_interval(pr_netio_stream_t *nstrm, unsigned int secs) {
  if (nstrm == NULL) {
    return;
  }
  nstrm->strm_flags |= PR_NETIO_SESS_INTR;
  nstrm->strm_interval = secs;
}

void pr_netio_reset_poll_interval(pr_netio_stream_t *nstrm) {
  if (nstrm == NULL) {
    errno = EINVAL;
    return;
  }
  nstrm->strm_flags &= ~PR_NETIO_SESS_INTR;
}

/* 0 when the stream is ready, 1 when it was aborted (pr_netio_abort(), a
 * timer's doing), -1 on error, -2 when interrupted on an interruptible
 * stream.  A stream with a zero poll interval is polled once (-1, errno
 * EOF, when not ready).
 */
int pr_netio_poll(pr_netio_stream_t *nstrm) {
  pr_netio_t *netio;
  int res;

  if (nstrm == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (nstrm->strm_fd < 0) {
    errno = EBADF;
    return -1;
  }
  if (nstrm->strm_flags & PR_NETIO_SESS_ABORT) {
    nstrm->strm_flags &= ~PR_NETIO_SESS_ABORT;
    return 1;
  }
  netio = netio_for(nstrm->strm_type);
  if (netio == NULL) {
    return 0;
  }
  while (TRUE) {
    if (host_timers_pending()) {
      host_timers_check();
    }
    pr_signals_handle();
    res = (netio->poll)(nstrm);
    if (res == -1) {
      int xerrno = errno;

      if (xerrno == EINTR) {
        if (nstrm->strm_flags & PR_NETIO_SESS_ABORT) {
          nstrm->strm_flags &= ~PR_NETIO_SESS_ABORT;
          return 1;
        }
        if (nstrm->strm_flags & PR_NETIO_SESS_INTR) {
          errno = nstrm->strm_errno = xerrno;
          return -2;
        }
        continue;
      }
      errno = nstrm->strm_errno = xerrno;
      return -1;
    }
    if (res == 0) {
      if (nstrm->strm_flags & PR_NETIO_SESS_ABORT) {
        nstrm->strm_flags &= ~PR_NETIO_SESS_ABORT;
        return 1;
      }
      if ((nstrm->strm_flags & PR_NETIO_SESS_INTR) &&
          nstrm->strm_interval == 0) {
        errno = EOF;
        return -1;
      }
      continue;
    }
    return 0;
  }
}

static const char *netio_event(int strm_type, int writing) {
  switch (strm_type) {
    case PR_NETIO_STRM_CTRL:
      return writing ? "core.ctrl-write" : "core.ctrl-read";
    case PR_NETIO_STRM_DATA:
      return writing ? "core.data-write" : "core.data-read";
    default:
      return writing ? "core.othr-write" : "core.othr-read";
  }
}

int pr_netio_write(pr_netio_stream_t *nstrm, char *buf, size_t buflen) {
  pr_netio_t *netio;
  pr_buffer_t pbuf;
  int total = 0;

  if (nstrm == NULL || buf == NULL || buflen == 0) {
    errno = EINVAL;
    return -1;
  }
  if (nstrm->strm_fd < 0) {
    errno = nstrm->strm_errno ? nstrm->strm_errno : EBADF;
    return -1;
  }
  netio = netio_for(nstrm->strm_type);

  /* Listeners may look at (and replace) what is written. */
  memset(&pbuf, 0, sizeof(pbuf));
  pbuf.buf = buf;
  pbuf.buflen = buflen;
  pbuf.current = buf;
  pr_event_generate(netio_event(nstrm->strm_type, TRUE), &pbuf);
  buf = pbuf.buf;
  buflen = pbuf.buflen - pbuf.remaining;

  while (buflen > 0) {
    int n;

    switch (pr_netio_poll(nstrm)) {
      case 1:
        errno = ECONNABORTED;
        return -2;
      case -1:
        return -1;
    }
    do {
      pr_signals_handle();
      n = (netio->write)(nstrm, buf, buflen);
    } while (n == -1 && errno == EINTR);
    if (n == -1) {
      nstrm->strm_errno = errno;
      return -1;
    }
    buf += n;
    total += n;
    buflen -= (size_t) n;
  }
  session.total_raw_out += total;
  return total;
}

int pr_netio_write_async(pr_netio_stream_t *nstrm, char *buf, size_t buflen) {
  pr_netio_t *netio;
  int flags, total = 0;

  if (nstrm == NULL || buf == NULL || buflen == 0) {
    errno = EINVAL;
    return -1;
  }
  if (nstrm->strm_fd < 0) {
    errno = nstrm->strm_errno ? nstrm->strm_errno : EBADF;
    return -1;
  }
  netio = netio_for(nstrm->strm_type);
  flags = fcntl(nstrm->strm_fd, F_GETFL);
  if (flags < 0 || fcntl(nstrm->strm_fd, F_SETFL, flags|O_NONBLOCK) < 0) {
    return -1;
  }
  while (buflen > 0) {
    int n = (netio->write)(nstrm, buf, buflen);

    if (n < 0) {
      if (errno == EINTR) {
        pr_signals_handle();
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        break;
      }
      nstrm->strm_errno = errno;
      (void) fcntl(nstrm->strm_fd, F_SETFL, flags);
      return -1;
    }
    buf += n;
    total += n;
    buflen -= (size_t) n;
  }
  (void) fcntl(nstrm->strm_fd, F_SETFL, flags);
  return total;
}

int pr_netio_vprintf(pr_netio_stream_t *nstrm, const char *fmt, va_list msg) {
  char buf[PR_RESPONSE_BUFFER_SIZE];

  memset(buf, 0, sizeof(buf));
  vsnprintf(buf, sizeof(buf), fmt, msg);
  return pr_netio_write(nstrm, buf, strlen(buf));
}

int pr_netio_printf(pr_netio_stream_t *nstrm, const char *fmt, ...) {
  va_list msg;
  int res;

  if (nstrm == NULL) {
    errno = EINVAL;
    return -1;
  }
  va_start(msg, fmt);
  res = pr_netio_vprintf(nstrm, fmt, msg);
  va_end(msg);
  return res;
}

int pr_netio_printf_async(pr_netio_stream_t *nstrm, char *fmt, ...) {
  char buf[PR_RESPONSE_BUFFER_SIZE];
  va_list msg;

  if (nstrm == NULL) {
    errno = EINVAL;
    return -1;
  }
  memset(buf, 0, sizeof(buf));
  va_start(msg, fmt);
  vsnprintf(buf, sizeof(buf), fmt, msg);
  va_end(msg);
  return pr_netio_write_async(nstrm, buf, strlen(buf));
}

/* Read at least bufmin bytes (fewer at end of file): the count read, 0 at
 * end of file, -1 on error, -2 when the stream was aborted.
 */
int pr_netio_read(pr_netio_stream_t *nstrm, char *buf, size_t buflen,
    int bufmin) {
  pr_netio_t *netio;
  int total = 0;

  if (nstrm == NULL || buf == NULL || buflen == 0) {
    errno = EINVAL;
    return -1;
  }
  if (nstrm->strm_fd < 0) {
    errno = nstrm->strm_errno ? nstrm->strm_errno : EBADF;
    return -1;
  }
  if (bufmin < 1) {
    bufmin = 1;
  }
  if ((size_t) bufmin > buflen) {
    bufmin = (int) buflen;
  }
  netio = netio_for(nstrm->strm_type);

  while (bufmin > 0) {
    pr_buffer_t pbuf;
    int n;

    switch (pr_netio_poll(nstrm)) {
      case 1:
        return -2;
      case -1:
        return -1;
    }
    do {
      pr_signals_handle();
      n = (netio->read)(nstrm, buf, buflen);
      if (n == -1 && errno == EAGAIN) {
        errno = EINTR;
      }
    } while (n == -1 && errno == EINTR);
    if (n == -1) {
      nstrm->strm_errno = errno;
      return -1;
    }
    if (n == 0) {
      nstrm->strm_errno = 0;
      errno = EOF;
      break;
    }
    memset(&pbuf, 0, sizeof(pbuf));
    pbuf.buf = buf;
    pbuf.buflen = (unsigned long) n;
    pbuf.current = buf;
    pr_event_generate(netio_event(nstrm->strm_type, FALSE), &pbuf);
    n = (int) (pbuf.buflen - pbuf.remaining);
    buf = pbuf.buf + n;
    total += n;
    bufmin -= n;
    buflen -= (size_t) n;
  }
  session.total_raw_in += total;
  return total;
}

pr_buffer_t *pr_netio_buffer_alloc(pr_netio_stream_t *nstrm) {
  pr_buffer_t *pbuf;
  size_t sz;

  if (nstrm == NULL) {
    errno = EINVAL;
    return NULL;
  }
  sz = (size_t) pr_config_get_server_xfer_bufsz(nstrm->strm_mode);
  pbuf = pcalloc(nstrm->strm_pool, sizeof(pr_buffer_t));
  pbuf->buf = pcalloc(nstrm->strm_pool, sz);
  pbuf->buflen = sz;
  pbuf->current = pbuf->buf;
  pbuf->remaining = sz;
  nstrm->strm_buf = pbuf;
  return pbuf;
}

/* A line (up to and including its LF), at most buflen - 1 bytes; bytes with
 * the high bit set are dropped, as proftpd does.  NULL at end of file with
 * nothing read.
 */
char *pr_netio_gets(char *buf, size_t buflen, pr_netio_stream_t *nstrm) {
  pr_buffer_t *pbuf;
  char *bp = buf;

  if (nstrm == NULL || buf == NULL || buflen == 0) {
    errno = EINVAL;
    return NULL;
  }
  buflen--;
  pbuf = nstrm->strm_buf ? nstrm->strm_buf : pr_netio_buffer_alloc(nstrm);

  while (buflen > 0) {
    size_t avail;

    if (pbuf->current == NULL || pbuf->remaining == pbuf->buflen) {
      int n = pr_netio_read(nstrm, pbuf->buf,
        buflen < pbuf->buflen ? buflen : pbuf->buflen, 1);

      if (n <= 0) {
        if (bp != buf) {
          *bp = '\0';
          return buf;
        }
        return NULL;
      }
      pbuf->remaining = pbuf->buflen - (size_t) n;
      pbuf->current = pbuf->buf;
      pr_event_generate("core.othr-read", pbuf);
    }
    avail = pbuf->buflen - pbuf->remaining;
    while (buflen > 0 && avail > 0 && *pbuf->current != '\n') {
      if (!(*pbuf->current & 0x80)) {
        *bp++ = *pbuf->current;
        buflen--;
      }
      pbuf->current++;
      pbuf->remaining++;
      avail--;
    }
    if (buflen > 0 && avail > 0 && *pbuf->current == '\n') {
      *bp++ = *pbuf->current++;
      pbuf->remaining++;
      break;
    }
    if (avail == 0) {
      pbuf->current = NULL;
    }
  }
  *bp = '\0';
  return buf;
}

/* The transfer buffer size: the smaller of a TCP socket's default send and
 * receive buffers, as proftpd measures them at start-up.
 */
static int netio_rcvbufsz = 0, netio_sndbufsz = 0;

static void netio_measure_bufsz(void) {
  socklen_t len;
  int fd;

  if (netio_rcvbufsz > 0) {
    return;
  }
  netio_rcvbufsz = netio_sndbufsz = PR_TUNABLE_BUFFER_SIZE;
  fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (fd < 0) {
    return;
  }
  len = sizeof(netio_rcvbufsz);
  if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &netio_rcvbufsz, &len) < 0) {
    netio_rcvbufsz = PR_TUNABLE_BUFFER_SIZE;
  }
  len = sizeof(netio_sndbufsz);
  if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &netio_sndbufsz, &len) < 0) {
    netio_sndbufsz = PR_TUNABLE_BUFFER_SIZE;
  }
  (void) close(fd);
}

int pr_config_get_xfer_bufsz(void) {
  netio_measure_bufsz();
  return netio_sndbufsz < netio_rcvbufsz ? netio_sndbufsz : netio_rcvbufsz;
}

int pr_config_get_xfer_bufsz2(int direction) {
  netio_measure_bufsz();
  switch (direction) {
    case PR_NETIO_IO_RD:
      return netio_rcvbufsz;
    case PR_NETIO_IO_WR:
      return netio_sndbufsz;
  }
  return pr_config_get_xfer_bufsz();
}

int pr_config_get_server_xfer_bufsz(int direction) {
  if (main_server != NULL) {
    if (direction == PR_NETIO_IO_RD && main_server->tcp_rcvbuf_len > 0) {
      return main_server->tcp_rcvbuf_len;
    }
    if (direction == PR_NETIO_IO_WR && main_server->tcp_sndbuf_len > 0) {
      return main_server->tcp_sndbuf_len;
    }
  }
  return pr_config_get_xfer_bufsz2(direction);
}

/* The shim's data "connection": a memory file standing for the socket.
 * host_data_send() writes a download through a PR_NETIO_STRM_DATA stream
 * (in chunks of the transfer buffer size, as proftpd's mod_xfer, then a
 * lingering close: shutdown, close), and hands back what came out of the
 * NetIO; host_data_recv() reads an upload through one.  Without a module's
 * data NetIO, the core NetIO passes the bytes unchanged.
 */
static int netio_memfd(void) {
  return memfd_create("prxs-data", MFD_CLOEXEC);
}

static int netio_slurp(pool *p, int fd, char **out, size_t *outlen) {
  struct stat st;
  size_t off = 0;

  if (fstat(fd, &st) < 0) {
    return -1;
  }
  *out = palloc(p, (size_t) st.st_size + 1);
  while (off < (size_t) st.st_size) {
    ssize_t n = pread(fd, *out + off, (size_t) st.st_size - off, (off_t) off);

    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    off += (size_t) n;
  }
  *outlen = off;
  return 0;
}

/* Whether a transfer can skip the stream: the core NetIO passes bytes
 * unchanged, so with no module's data NetIO and no listener for the
 * stream's event, the result is the same without it. */
static int netio_data_is_plain(const char *event) {
  return netio_data == NULL && pr_event_listening(event) <= 0;
}

int host_data_send(pool *p, const char *buf, size_t len, char **out,
    size_t *outlen) {
  pr_netio_stream_t *nstrm;
  size_t chunk = (size_t) pr_config_get_server_xfer_bufsz(PR_NETIO_IO_WR);
  size_t off = 0;
  int fd, keep, xerrno;

  if (netio_data_is_plain("core.data-write")) {
    *out = (char *) buf;
    *outlen = len;
    return 0;
  }
  *out = NULL;
  *outlen = 0;
  fd = netio_memfd();
  if (fd < 0) {
    return -1;
  }
  keep = dup(fd);
  if (keep < 0) {
    xerrno = errno;
    (void) close(fd);
    errno = xerrno;
    return -1;
  }
  nstrm = pr_netio_open(p, PR_NETIO_STRM_DATA, fd, PR_NETIO_IO_WR);
  if (nstrm == NULL) {
    xerrno = errno;
    (void) close(fd);
    (void) close(keep);
    errno = xerrno;
    return -1;
  }
  if (chunk == 0) {
    chunk = PR_TUNABLE_BUFFER_SIZE;
  }
  while (off < len) {
    size_t n = len - off < chunk ? len - off : chunk;

    if (pr_netio_write(nstrm, (char *) buf + off, n) < 0) {
      xerrno = errno;
      (void) pr_netio_close(nstrm);
      (void) close(keep);
      errno = xerrno;
      return -1;
    }
    off += n;
  }
  /* A memory file cannot be shut down: the NetIO's shutdown (mod_deflate
   * flushes its stream there) is what matters; ENOTSOCK is expected. */
  (void) pr_netio_shutdown(nstrm, SHUT_WR);
  (void) pr_netio_close(nstrm);
  xerrno = netio_slurp(p, keep, out, outlen) < 0 ? errno : 0;
  (void) close(keep);
  if (xerrno != 0) {
    errno = xerrno;
    return -1;
  }
  return 0;
}

/* Reads an upload (what the client sent) through a data stream; calls
 * sink for each chunk the NetIO yields.  -1 (errno) when the NetIO or the
 * sink fails.
 */
int host_data_recv(pool *p, const char *buf, size_t len,
    int (*sink)(void *, const char *, size_t), void *sink_data) {
  pr_netio_stream_t *nstrm;
  size_t bufsz = (size_t) pr_config_get_server_xfer_bufsz(PR_NETIO_IO_RD);
  size_t off = 0;
  char *rbuf;
  int fd, res = 0, xerrno = 0;

  if (netio_data_is_plain("core.data-read")) {
    return len > 0 ? sink(sink_data, buf, len) : 0;
  }
  fd = netio_memfd();
  if (fd < 0) {
    return -1;
  }
  while (off < len) {
    ssize_t n = write(fd, buf + off, len - off);

    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      xerrno = errno;
      (void) close(fd);
      errno = xerrno;
      return -1;
    }
    off += (size_t) n;
  }
  (void) lseek(fd, 0, SEEK_SET);
  nstrm = pr_netio_open(p, PR_NETIO_STRM_DATA, fd, PR_NETIO_IO_RD);
  if (nstrm == NULL) {
    xerrno = errno;
    (void) close(fd);
    errno = xerrno;
    return -1;
  }
  if (bufsz == 0) {
    bufsz = PR_TUNABLE_BUFFER_SIZE;
  }
  rbuf = palloc(p, bufsz);
  while (TRUE) {
    int n = pr_netio_read(nstrm, rbuf, bufsz, 1);

    if (n < 0) {
      xerrno = errno;
      res = -1;
      break;
    }
    if (n == 0) {
      break;
    }
    if (sink(sink_data, rbuf, (size_t) n) < 0) {
      xerrno = errno;
      res = -1;
      break;
    }
  }
  (void) pr_netio_close(nstrm);
  errno = xerrno;
  return res;
}
