/*
 * prxs shim host: logging.  Every line is written with one write(2) to a
 * file opened O_APPEND, so the master and its session children can share
 * the log without interleaving within a line.
 */

#include "host.h"

#include <sys/utsname.h>

int host_debug_level = 0;

static int log_fd = STDERR_FILENO;
static char log_hostname[256] = "localhost";

void host_log_init(int fd, const char *host_label) {
  struct utsname u;

  log_fd = fd;
  if (host_label != NULL) {
    sstrncpy(log_hostname, host_label, sizeof(log_hostname));
  } else if (uname(&u) == 0) {
    sstrncpy(log_hostname, u.nodename, sizeof(log_hostname));
  }
}

void host_log_set_fd(int fd) {
  log_fd = fd;
}

int host_log_get_fd(void) {
  return log_fd;
}

static size_t log_timestamp(char *buf, size_t bufsz) {
  struct timeval tv;
  struct tm tm;
  size_t n;

  gettimeofday(&tv, NULL);
  localtime_r(&tv.tv_sec, &tm);
  n = strftime(buf, bufsz, "%Y-%m-%d %H:%M:%S", &tm);
  n += snprintf(buf + n, bufsz - n, ",%03d", (int) (tv.tv_usec / 1000));
  return n;
}

void host_log_raw(const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(log_fd, buf, len);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;
    }
    buf += n;
    len -= (size_t) n;
  }
}

static void log_vmsg(const char *ident, const char *fmt, va_list ap) {
  char buf[4096];
  size_t n;
  int m;

  n = log_timestamp(buf, sizeof(buf));
  m = snprintf(buf + n, sizeof(buf) - n, " %s %s[%lu]: ", log_hostname,
    ident, (unsigned long) getpid());
  if (m > 0) {
    n += (size_t) m;
  }
  m = vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
  if (m > 0) {
    n += (size_t) m < sizeof(buf) - n - 1 ? (size_t) m : sizeof(buf) - n - 2;
  }
  /* One message, one line: fold embedded newlines. */
  {
    size_t i, start = n - (m > 0 ? (size_t) m : 0);
    for (i = start; i < n; i++) {
      if (buf[i] == '\n' || buf[i] == '\r') {
        buf[i] = ' ';
      }
    }
  }
  buf[n++] = '\n';
  host_log_raw(buf, n);
}

/* Reports: what the caller acts on (a fatal error, how a session process
 * ended) as one structured line each, appended with a single write(2) so
 * lines from the master and its sessions never interleave.  The log keeps
 * its human-readable text; the caller never has to parse it. */
static int report_fd = -1;

int host_report_open(const char *path) {
  report_fd = open(path, O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC, 0600);
  return report_fd < 0 ? -1 : 0;
}

static void report_vwrite(const char *fmt, va_list ap);

/* "fatal " and the message (the log's text after its "fatal: "). */
static void host_report_fatal(const char *fmt, va_list ap) {
  char buf[2048];

  vsnprintf(buf, sizeof(buf), fmt, ap);
  host_report("fatal %s", buf);
}

static void report_vwrite(const char *fmt, va_list ap) {
  char buf[2048];
  int n, i;

  if (report_fd < 0) {
    return;
  }
  n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
  if (n < 0) {
    return;
  }
  if ((size_t) n > sizeof(buf) - 2) {
    n = (int) sizeof(buf) - 2;
  }
  for (i = 0; i < n; i++) {
    if (buf[i] == '\n' || buf[i] == '\r') {
      buf[i] = ' ';
    }
  }
  buf[n++] = '\n';
  (void) write(report_fd, buf, (size_t) n);
}

/* From a signal handler: "crash " and the crash report line (write(2)
 * only). */
void host_report_crash(const char *line, size_t len) {
  char buf[1100];

  if (report_fd < 0 || len > sizeof(buf) - 6) {
    return;
  }
  memcpy(buf, "crash ", 6);
  memcpy(buf + 6, line, len);
  (void) write(report_fd, buf, len + 6);
}

void host_report(const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  report_vwrite(fmt, ap);
  va_end(ap);
}

void host_log_msg(const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  if (strncmp(fmt, "fatal: ", 7) == 0) {
    va_list copy;

    va_copy(copy, ap);
    host_report_fatal(fmt + 7, copy);
    va_end(copy);
  }
  log_vmsg(PRXS_HOST_NAME, fmt, ap);
  va_end(ap);
}

/* A message ProFTPD writes ends with its log event (pr_log_event_generate),
 * which, with nothing listening, leaves errno at ENOENT: a module that logs
 * between setting errno and using it sees ENOENT (mod_quotatab reports a
 * table that failed with EINVAL as "No such file or directory" at debug
 * levels where PRIVS_RELINQUISH logs).  So do the shim's.
 */
#define LOG_EVENT_ERRNO()	(errno = ENOENT)

void pr_log_pri(int prio, const char *fmt, ...) {
  va_list ap;

  (void) prio;
  va_start(ap, fmt);
  log_vmsg(PRXS_HOST_NAME, fmt, ap);
  va_end(ap);
  LOG_EVENT_ERRNO();
}

void pr_log_auth(int prio, const char *fmt, ...) {
  va_list ap;

  (void) prio;
  va_start(ap, fmt);
  log_vmsg(PRXS_HOST_NAME, fmt, ap);
  va_end(ap);
  LOG_EVENT_ERRNO();
}

void pr_log_debug(int level, const char *fmt, ...) {
  va_list ap;

  if (level > host_debug_level) {
    return;
  }
  va_start(ap, fmt);
  log_vmsg(PRXS_HOST_NAME, fmt, ap);
  va_end(ap);
  LOG_EVENT_ERRNO();
}

int pr_log_setdebuglevel(int level) {
  int prev = host_debug_level;
  host_debug_level = level;
  return prev;
}

/* As ProFTPD's: the file must be in a directory that is not
 * world-writable (sticky or not); a symbolic link is refused; the open never
 * blocks (a FIFO with no reader fails with ENXIO).
 */
int pr_log_openfile(const char *path, int *fd, mode_t mode) {
  char *dir, *slash;
  struct stat st;
  int xerrno;

  if (path == NULL || fd == NULL) {
    errno = EINVAL;
    return -1;
  }

  slash = strrchr(path, '/');
  if (slash == NULL) {
    pr_log_debug(DEBUG0, "inappropriate log file: %s", path);
    errno = EINVAL;
    return -1;
  }

  dir = strdup(path);
  if (dir == NULL) {
    errno = ENOMEM;
    return -1;
  }
  if (slash != path) {
    dir[slash - path] = '\0';
  }

  if (stat(dir, &st) < 0) {
    xerrno = errno;
    pr_log_debug(DEBUG0, "error: unable to stat() %s: %s", dir,
      strerror(xerrno));
    free(dir);
    errno = xerrno;
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    pr_log_debug(DEBUG0, "error: %s is not a directory", dir);
    free(dir);
    errno = ENOTDIR;
    return -1;
  }
  if (st.st_mode & S_IWOTH) {
    pr_log_pri(PR_LOG_NOTICE, "error: %s is a world-writable directory", dir);
    free(dir);
    return PR_LOG_WRITABLE_DIR;
  }
  free(dir);

  *fd = open(path, O_WRONLY|O_CREAT|O_APPEND|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC,
    mode);
  if (*fd < 0) {
    if (errno == ELOOP || errno == EMLINK) {
      return PR_LOG_SYMLINK;
    }
    return -1;
  }
  if (fstat(*fd, &st) < 0 || S_ISLNK(st.st_mode)) {
    pr_log_debug(DEBUG0, "error: %s is a symbolic link", path);
    (void) close(*fd);
    *fd = -1;
    return PR_LOG_SYMLINK;
  }
  return 0;
}

int pr_log_vwritefile(int fd, const char *ident, const char *fmt,
    va_list ap) {
  char buf[4096];
  size_t n;
  int m;

  if (fd < 0 || ident == NULL || fmt == NULL) {
    errno = EINVAL;
    return -1;
  }
  n = log_timestamp(buf, sizeof(buf));
  m = snprintf(buf + n, sizeof(buf) - n, " %s[%lu]: ", ident,
    (unsigned long) getpid());
  if (m > 0) {
    n += (size_t) m;
  }
  m = vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
  if (m > 0) {
    n += (size_t) m < sizeof(buf) - n - 1 ? (size_t) m : sizeof(buf) - n - 2;
  }
  buf[n++] = '\n';
  if (write(fd, buf, n) < 0) {
    return -1;
  }
  LOG_EVENT_ERRNO();
  return 0;
}

int pr_log_writefile(int fd, const char *ident, const char *fmt, ...) {
  va_list ap;
  int res;

  va_start(ap, fmt);
  res = pr_log_vwritefile(fd, ident, fmt, ap);
  va_end(ap);
  return res;
}

/* pr_trace_msg() and the other trace functions: api/trace.c. */

/* Progress: what the host is doing right now, for the caller to name when
 * it has to stop a host that hangs (a module's init() that never returns,
 * an Include of a FIFO) or that exits in the middle of loading.  The caller
 * gives a file (--progress FILE); the host keeps the current stack of
 * activities in it, one line per frame, outermost first, ended by a "."
 * line (bytes after that line are stale).  The host writes with pwrite(2)
 * only, so the file never blocks it and a SIGKILL leaves the last state.
 */
#define PROGRESS_DEPTH		16
#define PROGRESS_FRAME		512

static int progress_fd = -1;
static unsigned int progress_depth = 0;
static char progress_frames[PROGRESS_DEPTH][PROGRESS_FRAME];

int host_progress_open(const char *path) {
  progress_fd = open(path, O_WRONLY|O_CREAT|O_CLOEXEC, 0600);
  if (progress_fd < 0) {
    return -1;
  }
  host_progress_write();
  return 0;
}

void host_progress_write(void) {
  char buf[PROGRESS_DEPTH * (PROGRESS_FRAME + 1) + 4];
  size_t n = 0;
  unsigned int i;

  if (progress_fd < 0) {
    return;
  }
  for (i = 0; i < progress_depth && i < PROGRESS_DEPTH; i++) {
    size_t len = strlen(progress_frames[i]);

    memcpy(buf + n, progress_frames[i], len);
    n += len;
    buf[n++] = '\n';
  }
  buf[n++] = '.';
  buf[n++] = '\n';
  (void) pwrite(progress_fd, buf, n, 0);
}

void host_progress_push(const char *fmt, ...) {
  va_list ap;

  if (progress_depth < PROGRESS_DEPTH) {
    char *frame = progress_frames[progress_depth];
    char *cp;

    va_start(ap, fmt);
    vsnprintf(frame, PROGRESS_FRAME, fmt, ap);
    va_end(ap);
    for (cp = frame; *cp; cp++) {
      if (*cp == '\n' || *cp == '\r') {
        *cp = ' ';
      }
    }
  }
  progress_depth++;
  host_progress_write();
}

void host_progress_pop(void) {
  if (progress_depth > 0) {
    progress_depth--;
  }
  host_progress_write();
}
